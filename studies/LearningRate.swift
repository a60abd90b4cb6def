import DLCore
import DLStudy
import Foundation

/// Learning rate too small, too large, just right: a log-spaced sweep (diverged seeds drawn one
/// by one, dead ReLU units counted), Smith's range test checked against it, and five schedules
/// compared with a constant rate, each at a peak rate tuned on a validation split from the same
/// grid; test accuracy is read at each run's validation-chosen epoch.
public enum LearningRateStudy {
    static let sweep = ExperimentHandle("sweep"), rangeTestRuns = ExperimentHandle("range-test"), scheduled = ExperimentHandle("schedules")
    static let ramp = rangeTestRuns.level("SGD, batch 64")

    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 3 : 5) }
    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 25 : 40 }

    /// MNIST-1D with 500 of its 4000 training samples held out for validation (quick: 1500 for training).
    static func data(_ profile: Profile) -> DataSpec {
        DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: profile == .quick ? 1500 : 3500, validationSamples: 500)
    }

    /// The sweep's runs: MLP 40-100-100-10 with PyTorch's default init, plain SGD, batch 64, a
    /// fixed number of epochs. Every minibatch loss is recorded so a divergence shows at the step
    /// where it happened.
    static func base(_ profile: Profile) -> RunSpec {
        var spec = RunSpec(data: data(profile), model: .mlp(hidden: [100, 100]), optimizer: .sgd(lr: 0.1), batchSize: 64,
                           budget: .epochs(epochs(profile)))
        spec.record.everySteps = 1
        return spec
    }

    /// Batches per epoch (the last partial batch is kept): 55 on the full profile's 3500 samples.
    static func stepsPerEpoch(_ profile: Profile) -> Int { base(profile).stepsPerEpoch! }

    static func rates(_ profile: Profile) -> Sweep<Float> {
        Sweep(sweep, \.optimizer.lr, profile == .quick ? [1e-4, 1e-3, 1e-2, 0.1, 0.3, 1, 10] : [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10],
              name: "learning rate") { Format.plain(Double($0)) }
    }

    /// Dead ReLU units at the end of training (zero on every training sample), over both hidden layers.
    static let deadUnits = Quantity.probe("dead_units.count")
    static let hiddenUnits = 200
    static let deadUnitsColumn = deadUnits.named("dead units (of \(hiddenUnits))")

    /// One exponential ramp from 10⁻⁵ to 10 over 400 batches of 64, as in Smith (2017) and
    /// fastai's `lr_find`; the losses are smoothed with β = 0.98.
    static let rangeTest = RangeTestReading(LRRangeTestConfig(startLR: 1e-5, endLR: 10, steps: 400))

    // MARK: Schedules, each at a tuned peak

    /// Selection on validation: each run is read at its epoch of best validation accuracy.
    static let chosenTest = Quantity.atBestEpoch(of: .validationAccuracy, .testAccuracy)
    static let chosenValidation = Quantity.atBestEpoch(of: .validationAccuracy, .validationAccuracy)
    static let chosenEpoch = Quantity.epochOfBest(.validationAccuracy).named("chosen epoch")
    static let logTrainLoss = Quantity.logFinal(.trainLoss)
    /// The equivalence margin, stated before the runs: 2 points of test accuracy.
    static let accuracyMargin = 0.02

    /// The tuning grid of peak rates, the same for every schedule: the budget.
    static func peaks(_ profile: Profile) -> [Float] { profile == .quick ? [0.1, 0.3, 1, 3] : [0.03, 0.1, 0.3, 1, 3] }
    static func warmupEpochs(_ profile: Profile) -> Int { max(1, epochs(profile) / 10) }
    static func patience(_ profile: Profile) -> Int { max(2, epochs(profile) / 10) }

    /// The compared schedules, each scaled to the budget of E epochs; η₀ is the tuned peak.
    static func schedules(_ profile: Profile) -> [(String, LRSchedule)] {
        let e = epochs(profile), w = warmupEpochs(profile)
        return [
            ("constant", .constant),
            ("step", .multiStep(milestones: [e / 2, 3 * e / 4], gamma: 0.1)),
            ("cosine", .cosine(tMax: e)),
            ("warm-up + cosine", .warmup(.epochs(Double(w)), startFactor: 0.1, then: .cosine(tMax: e - w))),
            ("plateau", .reduceOnPlateau(factor: 0.1, patience: patience(profile), monitor: "val_loss")),
        ]
    }

    static func tuning(_ profile: Profile) -> Tuning {
        Tuning(scheduled, Vary("schedule", schedules(profile).map { name, s in Level(scheduled.level(name)) { $0.schedule = s } }),
               rates: peaks(profile), name: "peak learning rate")
    }

    static func scheduleBase(_ profile: Profile) -> RunSpec {
        var spec = base(profile)
        spec.record.everySteps = 0
        return spec
    }

    public static let study = Study(
        "lr", title: "The learning rate: too small crawls, too large diverges; against a constant rate tuned as carefully, schedules win clearly on training loss and less clearly on test accuracy",
        question: "How does the learning rate decide whether plain SGD trains at all — can one short range test find a good rate, and do schedules beat a constant rate when every one has its peak tuned on a validation split?",
        thumbnail: "u-shape"
    ) { profile in
        let rates = rates(profile), epochs = epochs(profile), tuning = tuning(profile), names = schedules(profile).map(\.0)
        let config = rangeTest.config, train = data(profile).trainSamples!, validation = data(profile).validationSamples!
        Prose("""
            The learning rate is the first knob everyone turns and the one that most often decides whether \
            training works at all (Bengio 2012). Too small and the loss barely moves in the budget; too large and the steps \
            overshoot until the loss explodes. We sweep it over \(spelled: Int(log10(Double(rates.values.last! / rates.values.first!)).rounded())) orders of magnitude on MNIST-1D (Greydanus 2020) with \
            everything else fixed: the same MLP (\(base(profile).denseParameters!.widths), PyTorch's default initialization), the same \
            initial weights and batch order at each seed, plain SGD without momentum, batch \(base(profile).batchSize), \(epochs) epochs, \
            \(count: train) training samples; \(count: validation) more are held out as a validation split, which alone chooses \
            anything chosen on this page (a rate, a stopping epoch); the test set is read at the chosen epoch.

            Claims come in five families — the sweep's ends; the range test; schedules against a constant rate \
            on test accuracy; the same on training loss; and the schedules' shapes (equivalence within a margin, \
            two one-sided tests; Schuirmann 1987) — and within each family the p-values are adjusted with Holm's \
            (1979) step-down procedure.
            """)
        Experiment(sweep, base: base(profile), vary: rates.factor, seeds: seeds(profile), probes: [.deadUnits])
        FigureBlock.stepCurves("sweep", caption: "Minibatch training loss against steps for each learning rate (log axes; mean over seeds, averaged in log-spaced bins of steps). A rate at which some seed diverged has no mean: each of its seeds is drawn on its own (the diverged ones dashed), its legend entry counts them, and ✕ marks the step where a loss became NaN or infinite; values above the plot are clipped.",
                               experiment: sweep, panels: { r in LearningRateAnalysis.sweepPanels(r, rates) },
                               ceiling: { r in 8 * (LearningRateAnalysis.initialLoss(r) ?? 2.3) })
        FigureBlock.dots("u-shape", caption: LearningRateAnalysis.uShapeCaption, experiment: sweep,
                         [Measure(.final(.trainLoss), label: "final training loss", log: true), Measure(chosenTest, label: "test acc. at chosen epoch (%)")],
                         logFactor: true, decorate: LearningRateAnalysis.decorateUShape)
        TableBlock("sweep", caption: "The sweep after \(epochs) epochs; test accuracy at each run's epoch of best validation accuracy; dead units: hidden ReLU units (of \(hiddenUnits)) that output 0 on every training sample at the end.", experiment: sweep,
                   [.final(.trainLoss), chosenTest, Quantity.lossReduction, deadUnitsColumn])
        let crawls = Claim("Too small a rate barely moves the loss: at lr \(rates.first) the training loss falls by less than 5% in the budget",
                           Quantity.lossReduction, rates.first, lessThan: 0.05).family("sweep")
        let fails = Claim("Too large a rate fails: at lr \(rates.last) every seed diverges or ends above its starting loss",
                          Quantity.failed, rates.last, greaterThan: 0.5).family("sweep")
        crawls
        fails
        Prose { r in LearningRateAnalysis.sweepProse(r, rates, crawls) }

        Heading("The learning-rate range test")
        Prose("""
            Smith (2017) proposed finding a good rate without a sweep: train once while raising the rate \
            exponentially every batch, and watch the loss. Here the rate grows from \(constant: config.startLR) to \
            \(constant: config.endLR) over \(config.steps) batches of \(base(profile).batchSize) (about \(Double(config.steps) / Double(stepsPerEpoch(profile)), digits: 2) epochs) \
            from the same initial weights as the sweep. The minibatch losses are smoothed with a bias-corrected \
            exponential average (β = \(constant: config.smoothing)) and the test stops once the smoothed \
            loss exceeds \(number: config.divergenceFactor)× its best. We take fastai's (Howard & Gugger 2020) *steepest \
            descent* suggestion — the rate where the smoothed loss falls fastest per unit of log rate — searched \
            up to the smallest smoothed loss (beyond it the loss can only fall by recovering from a spike), and \
            also report fastai's unrestricted `steep`, its `valley` and the smallest loss's rate ÷ 10. The check: \
            does the suggestion land in the sweep's good region?
            """)
        Experiment(rangeTestRuns, base: {
            var s = base(profile)
            s.schedule = LRRangeTest(config).schedule
            s.budget = Budget(steps: config.steps)
            return s
        }(), vary: Vary("range test", [Level(ramp) { _ in }]), seeds: seeds(profile))
        FigureBlock.rangeTest("range-test", caption: "The range test: smoothed minibatch loss against the learning rate on one exponential ramp per seed (raw losses faint). Circles: the suggestion (steepest descent before the minimum); diamonds: the smallest loss's rate ÷ 10; ✕: where the smoothed loss passed \(number: config.divergenceFactor)× its best and the test stopped. Shaded: the sweep's good region.",
                              level: ramp, reading: rangeTest, region: { r in LearningRateAnalysis.goodRegion(r).map { $0.low...$0.high } },
                              regionLabel: "sweep's good region")
        TableBlock("range-test", caption: "The range test's suggested rates.", experiment: rangeTestRuns, rangeTest.suggestions)
        let above = Claim("The range test's suggestion lies above the lower edge of the sweep's good region", rangeTest.suggestion, ramp,
                          greaterThan: DerivedValue("log₁₀ of the good region's lower edge") { r in LearningRateAnalysis.goodRegion(r).map { log10($0.low) } }).family("range-test")
        let below = Claim("The range test's suggestion lies below the upper edge of the sweep's good region", rangeTest.suggestion, ramp,
                          lessThan: DerivedValue("log₁₀ of the good region's upper edge") { r in LearningRateAnalysis.goodRegion(r).map { log10($0.high) } }).family("range-test")
        above
        below
        Prose { r in LearningRateAnalysis.rangeTestProse(r, above: above, below: below) }

        Heading("Schedules against a tuned constant rate")
        Prose("""
            A constant rate large enough to make fast progress is too large to settle into a minimum: the \
            minibatch noise keeps the loss bouncing. Schedules start large and end small. Compared with a \
            constant rate at *their* peak — the top of the good region — any schedule looks good; the fair \
            comparison gives the constant rate, too, its best rate. So every schedule, the constant one included, \
            gets the same tuning budget: the same grid of \(spelled: peaks(profile).count) log-spaced peak rates \
            η₀ ∈ {\(peaks(profile).map { Format.plain(Double($0)) }.joined(separator: ", "))}, \(tuning.groups.count * peaks(profile).count) cells \
            × \(seeds(profile).values.count) seeds of \(epochs) epochs. Each schedule's peak is the one with the best mean \
            validation accuracy over seeds (each run at its best epoch; a diverged run counts 0); each run's test \
            accuracy is read at its epoch of best validation accuracy. The schedules, as the engine computes them \
            (PyTorch's definitions; e is the epoch counted from 0, E = \(epochs)):

            - **constant**: η = η₀.
            - **step** (`MultiStepLR`, as in He et al. 2016): η = η₀ · 0.1^k, k the number of milestones \
            {\(epochs / 2), \(3 * epochs / 4)} ≤ e.
            - **cosine** (`CosineAnnealingLR`, Loshchilov & Hutter 2017, without restarts, η_min = 0): \
            η = ½ η₀ (1 + cos(π e / E)).
            - **warm-up + cosine** (Goyal et al. 2017): over the first w = \(warmupEpochs(profile)) epoch\(warmupEpochs(profile) == 1 ? "" : "s"), batch by batch, \
            η = η₀ (0.1 + 0.9 p), p the fraction of the warm-up done; then η = ½ η₀ (1 + cos(π (e − w) / (E − w))).
            - **plateau** (`ReduceLROnPlateau`): η ← 0.1 η after an epoch when the validation loss has not \
            fallen below (1 − 10⁻⁴) × its best for more than \(patience(profile)) epochs.
            """)
        Experiment(scheduled, base: scheduleBase(profile), vary: tuning.factor, tuning.rateFactor, seeds: seeds(profile))
        FigureBlock.against(
            "tuning", caption: "The tuning grid: each schedule's validation accuracy (at each run's best epoch) against its peak rate η₀ (mean, 95% CI; faint dots are seeds). The chosen peak is each line's highest point; the choice counts a diverged seed as 0.",
            series: names.map { name in AgainstSeries(scheduled, name, only: { spec in spec.schedule == schedules(profile).first { $0.0 == name }!.1 }) },
            x: SpecAxis("peak learning rate η₀", ticksAtValues: true) { Double($0.optimizer.lr) },
            [Measure(chosenValidation, label: "validation accuracy (%)")])
        FigureBlock.tunedCurves("schedules", caption: "Training loss per epoch of each schedule at its validation-chosen peak (the peak in the legend; mean over seeds, band ×/÷ 1 geometric sd — computed on the logarithms, as the axis is logarithmic).",
                                tunings: [(tuning, "each schedule at its tuned peak")], metric: .trainLoss, legend: .lowerLeft)
        FigureBlock.tunedCurves("validation", caption: "Validation accuracy per epoch of each schedule at its validation-chosen peak (mean over seeds, band ±1 sd).",
                                tunings: [(tuning, "each schedule at its tuned peak")], metric: .validationAccuracy, logY: false, legend: .lowerRight)
        TableBlock("tuning", caption: "Every cell of the tuning grid: validation accuracy chooses (each run at its best epoch); test accuracy is read at that epoch; the final training loss is after all \(epochs) epochs.",
                   experiment: scheduled, [chosenValidation, chosenTest, chosenEpoch, .final(.trainLoss)])
        Prose { r in LearningRateAnalysis.tuningProse(r, tuning) }
        let constant = tuning.choice("constant")
        let beatsOnTest = names.dropFirst().map { name in
            Claim.chosen("\(name.capitalizedFirst) (tuned) reaches a higher test accuracy at the validation-chosen epoch than the tuned constant rate",
                         chosenTest, tuning.choice(name), greaterThan: constant).family("test-accuracy")
        }
        let beatsOnTraining = names.dropFirst().map { name in
            Claim.chosen("\(name.capitalizedFirst) (tuned) ends with a lower training loss than the tuned constant rate",
                         logTrainLoss, tuning.choice(name), lessThan: constant).family("training-loss")
        }
        for claim in beatsOnTest { claim }
        for claim in beatsOnTraining { claim }
        let stepCosine = Claim.chosen("Step decay and cosine annealing (each tuned) reach the same test accuracy, within ±\(Format.points(accuracyMargin))",
                                      chosenTest, tuning.choice("cosine"), equivalentTo: tuning.choice("step"), within: accuracyMargin).family("schedule-shape")
        let warmup = Claim.chosen("A warm-up changes nothing here: warm-up + cosine and cosine (each tuned) reach the same test accuracy, within ±\(Format.points(accuracyMargin))",
                                  chosenTest, tuning.choice("warm-up + cosine"), equivalentTo: tuning.choice("cosine"), within: accuracyMargin).family("schedule-shape")
        stepCosine
        warmup
        Prose { r in LearningRateAnalysis.schedulesProse(r, tuning, test: beatsOnTest, train: beatsOnTraining, stepCosine: stepCosine, warmup: warmup) }

        References(
            Citation("Yoshua Bengio", 2012, "Practical Recommendations for Gradient-Based Training of Deep Architectures",
                     "Neural Networks: Tricks of the Trade (2nd ed.), Lecture Notes in Computer Science 7700, Springer, 437–478; arXiv:1206.5533",
                     url: "https://arxiv.org/abs/1206.5533"),
            Citation("Leslie N. Smith", 2017, "Cyclical Learning Rates for Training Neural Networks",
                     "IEEE Winter Conference on Applications of Computer Vision (WACV), 464–472; arXiv:1506.01186", url: "https://arxiv.org/abs/1506.01186"),
            Citation("Ilya Loshchilov, Frank Hutter", 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts",
                     "International Conference on Learning Representations (ICLR 2017); arXiv:1608.03983", url: "https://arxiv.org/abs/1608.03983"),
            .goyal2017,
            Citation("Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun", 2016, "Deep Residual Learning for Image Recognition",
                     "IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 770–778; arXiv:1512.03385", url: "https://arxiv.org/abs/1512.03385"),
            Citation("Jeremy Howard, Sylvain Gugger", 2020, "Fastai: A Layered API for Deep Learning",
                     "Information 11(2):108; arXiv:2002.04688", url: "https://arxiv.org/abs/2002.04688"),
            Citation("Lu Lu, Yeonjong Shin, Yanhui Su, George Em Karniadakis", 2020, "Dying ReLU and Initialization: Theory and Numerical Examples",
                     "Communications in Computational Physics 28(5):1671–1706; arXiv:1903.06733", url: "https://arxiv.org/abs/1903.06733"),
            .greydanus2020,
            .holm1979,
            .schuirmann1987
        )
        DoesNotShow(
            "Anything beyond MNIST-1D (a 1-D toy task) and one small MLP (\(base(profile).denseParameters!.widths)) trained with plain SGD at batch \(base(profile).batchSize): momentum rescales the effective step (about η/(1 − β)), Adam adapts it per weight, and a larger batch moves the good region; none is run here.",
            "Other budgets: every run has \(epochs) epochs. A schedule's advantage over a constant rate depends on the budget — with more epochs a tuned constant rate may catch up, with fewer a decay may matter more.",
            "Other tuning budgets: \(peaks(profile).count) peak rates about a factor 3 apart, the same for every schedule; only the peak is tuned. The milestones, the warm-up length (\(warmupEpochs(profile)) epoch\(warmupEpochs(profile) == 1 ? "" : "s")), the plateau's factor and patience are fixed, and a schedule whose other knobs were tuned too might do better. A peak chosen at an end of the grid (the prose says where) means the best one may lie outside it.",
            "Cyclical rates, SGDR's restarts and one-cycle (which sets its own peak) are not in the tuned comparison.",
            "Why a rate fails: dead units are counted once, at the end, on the training set; a unit dead at the end may have been alive earlier, and a failed run is not shown to fail because its units died.",
            "That the range test works elsewhere: one ramp length (\(config.steps) batches), one smoothing, one network; the equivalence margin (\(Format.points(accuracyMargin))) was chosen before the runs, and another margin can change those verdicts.",
            DoesNotShow.choiceReadOnItsOwnSeeds(seeds(profile).values.count, chosen: "each schedule at its tuned peak")
        )
    }
}
