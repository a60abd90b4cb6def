import DLCore
import DLStudy
import Foundation

/// Learning rate too small, too large, just right: a log-spaced sweep, Smith's range test checked
/// against it, and eight schedules at one good base rate.
public enum LearningRateStudy {
    static let sweep = ExperimentHandle("sweep"), rangeTestRuns = ExperimentHandle("range-test"), scheduled = ExperimentHandle("schedules")
    static let ramp = rangeTestRuns.level("SGD, batch 64"), constant = scheduled.level("constant")

    /// The sweep's runs: MNIST-1D, MLP 40-100-100-10 with PyTorch's default init, plain SGD,
    /// batch 64, a fixed number of epochs. Every minibatch loss is recorded so a divergence shows
    /// at the step where it happened.
    static func base(_ profile: Profile) -> RunSpec {
        var spec = RunSpec(data: .mnist1d, model: .mlp(hidden: [100, 100]), optimizer: .sgd(lr: 0.1), batchSize: 64,
                           budget: .epochs(epochs(profile)))
        spec.record.everySteps = 1
        return spec
    }

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 20 : 50 }

    /// Batches per epoch (the last partial batch is kept): 63 on MNIST-1D's 4000 samples.
    static let stepsPerEpoch = base(.full).stepsPerEpoch!

    static func rates(_ profile: Profile) -> Sweep<Float> {
        Sweep(sweep, \.optimizer.lr, profile == .quick ? [1e-4, 1e-3, 1e-2, 0.1, 0.3, 1, 10] : [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10],
              name: "learning rate") { Format.plain(Double($0)) }
    }

    /// One exponential ramp from 10⁻⁵ to 10 over 400 batches of 64 (about 6 epochs), as in
    /// Smith (2017) and fastai's `lr_find`; the losses are smoothed with β = 0.98.
    static let rangeTest = RangeTestReading(LRRangeTestConfig(startLR: 1e-5, endLR: 10, steps: 400))

    /// The schedules' base (peak) rate: the top of the sweep's good region, where a constant rate
    /// makes fast progress but the minibatch noise keeps it from settling — the regime schedules
    /// are for. (At 0.3 a constant rate already drives the training loss to ~0.01 in 50 epochs,
    /// leaving a schedule nothing to improve on the training loss.)
    static let baseRate: Float = 1

    /// Each schedule scaled to the budget of `E` epochs (E = 50 in the full profile).
    static func schedules(_ profile: Profile) -> [(LevelHandle, LRSchedule)] {
        let e = epochs(profile), lr = Double(baseRate), total = e * stepsPerEpoch
        let list: [(String, LRSchedule)] = [
            ("constant", .constant),
            ("step ÷10 every \(2 * e / 5)", .step(stepSize: 2 * e / 5, gamma: 0.1)),
            ("exponential γ=\(profile == .quick ? "0.85" : "0.93")", .exponential(gamma: profile == .quick ? 0.85 : 0.93)),
            ("cosine", .cosine(tMax: e)),
            ("SGDR T₀=\(e / 5)", .cosineWarmRestarts(t0: e / 5)),
            ("cyclical", .cyclic(baseLR: lr / 10, maxLR: lr, stepSizeUp: total / 10, mode: .triangular)),
            ("one-cycle", .oneCycle(maxLR: lr, totalSteps: total)),
            ("plateau ×0.5", .reduceOnPlateau(factor: 0.5, patience: 2, monitor: "train_loss")),
        ]
        return list.map { (scheduled.level($0.0), $0.1) }
    }

    public static let study = Study(
        "lr", title: "The learning rate: too small crawls, too large diverges",
        question: "How does the learning rate decide whether plain SGD trains at all — can one short range test find a good rate, and do schedules beat a constant rate?",
        thumbnail: "u-shape"
    ) { profile in
        let rates = rates(profile), epochs = epochs(profile), schedules = schedules(profile)
        let config = rangeTest.config
        Prose("""
            The learning rate is the first knob everyone turns and the one that most often decides whether \
            training works at all. Too small and the loss barely moves in the budget; too large and the steps \
            overshoot until the loss explodes. We sweep it over \(spelled: Int(log10(Double(rates.values.last! / rates.values.first!)).rounded())) orders of magnitude on MNIST-1D with \
            everything else fixed: the same MLP (\(base(profile).denseParameters!.widths), PyTorch's default initialization), the same \
            initial weights and batch order at each seed, plain SGD without momentum, batch \(base(profile).batchSize), \(epochs) epochs.
            """)
        Experiment(sweep, base: base(profile), vary: rates.factor, seeds: Seeds(3))
        FigureBlock.stepCurves("sweep", caption: "Minibatch training loss against steps for each learning rate (log axes; mean over seeds, averaged in log-spaced bins of steps). ✕ marks a seed whose loss became NaN or infinite, at the step where it did; values above the plot are clipped.",
                               experiment: sweep, panels: { r in LearningRateAnalysis.sweepPanels(r, rates) },
                               ceiling: { r in 8 * (LearningRateAnalysis.initialLoss(r) ?? 2.3) })
        FigureBlock.dots("u-shape", caption: LearningRateAnalysis.uShapeCaption, experiment: sweep,
                         [Measure(.final(.trainLoss), label: "final training loss", log: true), Measure(.final(.testAccuracy), label: "final test accuracy (%)")],
                         logFactor: true, decorate: LearningRateAnalysis.decorateUShape)
        TableBlock("sweep", caption: "The sweep after \(epochs) epochs (diverged runs have no final metrics).", experiment: sweep,
                   [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy), Quantity.lossReduction])
        let crawls = Claim("Too small a rate barely moves the loss: at lr \(rates.first) the training loss falls by less than 5% in the budget",
                           Quantity.lossReduction, rates.first, lessThan: 0.05)
        crawls
        Claim("Too large a rate fails: at lr \(rates.last) every seed diverges or ends above its starting loss",
              Quantity.failed, rates.last, greaterThan: 0.5)
        Prose { r in LearningRateAnalysis.sweepProse(r, rates, crawls) }

        Heading("The learning-rate range test")
        Prose("""
            Smith (2017) proposed finding a good rate without a sweep: train once while raising the rate \
            exponentially every batch, and watch the loss. Here the rate grows from \(constant: config.startLR) to \
            \(constant: config.endLR) over \(config.steps) batches of \(base(profile).batchSize) (about \(Double(config.steps) / Double(stepsPerEpoch), digits: 2) epochs) \
            from the same initial weights as the sweep. The minibatch losses are smoothed with a bias-corrected \
            exponential average (β = \(constant: config.smoothing)) and the test stops once the smoothed \
            loss exceeds \(number: config.divergenceFactor)× its best. We take fastai's *steepest \
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
        }(), vary: Vary("range test", [Level(ramp) { _ in }]), seeds: Seeds(3))
        FigureBlock.rangeTest("range-test", caption: "The range test: smoothed minibatch loss against the learning rate on one exponential ramp per seed (raw losses faint). Circles: the suggestion (steepest descent before the minimum); diamonds: the smallest loss's rate ÷ 10; ✕: where the smoothed loss passed \(number: config.divergenceFactor)× its best and the test stopped. Shaded: the sweep's good region.",
                              level: ramp, reading: rangeTest, region: { r in LearningRateAnalysis.goodRegion(r).map { $0.low...$0.high } },
                              regionLabel: "sweep's good region")
        TableBlock("range-test", caption: "The range test's suggested rates.", experiment: rangeTestRuns, rangeTest.suggestions)
        let above = Claim("The range test's suggestion lies above the lower edge of the sweep's good region", rangeTest.suggestion, ramp,
                          greaterThan: DerivedValue("log₁₀ of the good region's lower edge") { r in LearningRateAnalysis.goodRegion(r).map { log10($0.low) } })
        let below = Claim("The range test's suggestion lies below the upper edge of the sweep's good region", rangeTest.suggestion, ramp,
                          lessThan: DerivedValue("log₁₀ of the good region's upper edge") { r in LearningRateAnalysis.goodRegion(r).map { log10($0.high) } })
        above
        below
        Prose { r in LearningRateAnalysis.rangeTestProse(r, above: above, below: below) }

        Heading("Schedules")
        Prose { r in
            let total = epochs * stepsPerEpoch, seeds = r.facts(scheduled).seeds
            return """
                A constant rate large enough to make fast progress is too large to settle into a minimum: the \
                minibatch noise keeps the loss bouncing. Schedules start large and end small. We run \(spelled: schedules.count) of \
                them for the same \(epochs) epochs from base (peak) rate \(constant: Double(baseRate)), near \
                the top of the good region: constant; step decay (÷10 every \(2 * epochs / 5) epochs); exponential \
                decay per epoch; cosine annealing to 0 over the whole budget; SGDR (cosine with warm restarts every \
                \(epochs / 5) epochs); a triangular cyclical rate between \(constant: Double(baseRate) / 10) \
                and \(constant: Double(baseRate)) (\(spelled: total / (2 * (total / 10))) cycles); one-cycle (a cosine warm-up from 1/25 of the peak over the first 30%, then \
                cosine annealing to 1/250 000 of it); and reduce-on-plateau (halve the rate when the training \
                loss has not improved for 2 epochs). PyTorch's definitions throughout. \(Format.spelled(seeds).capitalizedFirst) seeds here: the constant rate's \
                final loss varies several-fold between seeds, and the claims compare seed by seed.
                """
        }
        Experiment(scheduled, base: { var s = base(profile); s.optimizer.lr = baseRate; return s }(),
                   vary: Vary("schedule", schedules.map { level, schedule in Level(level) { $0.schedule = schedule } }), seeds: Seeds(5))
        FigureBlock.facets("schedules", caption: "Each schedule's training loss per epoch (full training set, log scale; mean over seeds, band ±1 sd) with its learning rate beneath (seed 0, every batch). The constant rate is repeated in grey in every panel for reference.",
                           experiment: scheduled, metrics: [.trainLoss], reference: constant, learningRate: true)
        TableBlock("schedules", caption: "Schedules after \(epochs) epochs from base rate \(constant: Double(baseRate)).", experiment: scheduled,
                   [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy), .best(.testAccuracy)])
        for (level, _) in schedules.dropFirst() {
            Claim("\(level.label.capitalizedFirst) ends with a lower training loss than the constant rate", Quantity.logFinal(.trainLoss),
                  level, lessThan: constant)
        }
        Prose { r in LearningRateAnalysis.schedulesProse(r) }
    }
}
