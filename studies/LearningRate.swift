import DLCore
import DLStudy
import Foundation

/// Learning rate too small, too large, just right: a log-spaced sweep, Smith's range test checked
/// against it, and eight schedules at one good base rate.
public enum LearningRateStudy {
    /// The sweep's runs: MNIST-1D, MLP 40-100-100-10 with PyTorch's default init, plain SGD,
    /// batch 64 (63 steps per epoch), a fixed number of epochs. Every minibatch loss is recorded
    /// so a divergence shows at the step where it happened.
    static func base(_ profile: Profile) -> RunSpec {
        var spec = RunSpec(data: .mnist1d, model: .mlp(hidden: [100, 100]), optimizer: .sgd(lr: 0.1), batchSize: 64,
                           budget: .epochs(epochs(profile)))
        spec.record.everySteps = 1
        return spec
    }

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 20 : 50 }

    /// Batches per epoch on the 4000 training samples (the last partial batch is kept).
    static let stepsPerEpoch = (4000 + 63) / 64

    static func rates(_ profile: Profile) -> [Float] {
        profile == .quick ? [1e-4, 1e-3, 1e-2, 0.1, 0.3, 1, 10] : [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10]
    }

    /// One exponential ramp from 10⁻⁵ to 10 over 400 batches of 64 (about 6 epochs), as in
    /// Smith (2017) and fastai's `lr_find`; the losses are smoothed with β = 0.98.
    static let rangeTest = LRRangeTestConfig(startLR: 1e-5, endLR: 10, steps: 400)

    /// The schedules' base (peak) rate: the top of the sweep's good region, where a constant rate
    /// makes fast progress but the minibatch noise keeps it from settling — the regime schedules
    /// are for. (At 0.3 a constant rate already drives the training loss to ~0.01 in 50 epochs,
    /// leaving a schedule nothing to improve on the training loss.)
    static let baseRate: Float = 1

    /// Each schedule scaled to the budget of `E` epochs (E = 50 in the full profile).
    static func schedules(_ profile: Profile) -> [(String, LRSchedule)] {
        let e = epochs(profile), lr = Double(baseRate), total = e * stepsPerEpoch
        return [
            ("constant", .constant),
            ("step ÷10 every \(2 * e / 5)", .step(stepSize: 2 * e / 5, gamma: 0.1)),
            ("exponential γ=\(profile == .quick ? "0.85" : "0.93")", .exponential(gamma: profile == .quick ? 0.85 : 0.93)),
            ("cosine", .cosine(tMax: e)),
            ("SGDR T₀=\(e / 5)", .cosineWarmRestarts(t0: e / 5)),
            ("cyclical", .cyclic(baseLR: lr / 10, maxLR: lr, stepSizeUp: total / 10, mode: .triangular)),
            ("one-cycle", .oneCycle(maxLR: lr, totalSteps: total)),
            ("plateau ×0.5", .reduceOnPlateau(factor: 0.5, patience: 2, monitor: "train_loss")),
        ]
    }

    public static let study = Study(
        "lr", title: "The learning rate: too small crawls, too large diverges",
        question: "How does the learning rate decide whether plain SGD trains at all — can one short range test find a good rate, and do schedules beat a constant rate?",
        thumbnail: "u-shape"
    ) { profile in
        let rates = rates(profile)
        let epochs = epochs(profile)
        let smallest = LearningRateAnalysis.label(rates.first!), largest = LearningRateAnalysis.label(rates.last!)
        Prose("""
            The learning rate is the first knob everyone turns and the one that most often decides whether \
            training works at all. Too small and the loss barely moves in the budget; too large and the steps \
            overshoot until the loss explodes. We sweep it over five orders of magnitude on MNIST-1D with \
            everything else fixed: the same MLP (40-100-100-10, PyTorch's default initialization), the same \
            initial weights and batch order at each seed, plain SGD without momentum, batch 64, \(epochs) epochs.
            """)
        Experiment("sweep", base: base(profile),
                   vary: Vary(\.optimizer.lr, rates, name: "learning rate", label: LearningRateAnalysis.label),
                   seeds: Seeds(3))
        FigureBlock("sweep", caption: "Minibatch training loss against steps for each learning rate (log axes; mean over seeds, averaged in log-spaced bins of steps). ✕ marks a seed whose loss became NaN or infinite, at the step where it did; values above the plot are clipped.",
                    experiment: "sweep") { r in LearningRateFigures.sweep(r) }
        FigureBlock("u-shape", caption: { r in LearningRateFigures.uShapeCaption(r) }, experiment: "sweep") { r in
            LearningRateFigures.uShape(r)
        }
        TableBlock("sweep", caption: "The sweep after \(epochs) epochs (diverged runs have no final metrics).", experiment: "sweep",
                   [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy), LearningRateAnalysis.progress])
        Claim("Too small a rate barely moves the loss: at lr \(smallest) the training loss falls by less than 5% in the budget",
              experiment: "sweep", LearningRateAnalysis.progress, smallest, lessThan: 0.05)
        Claim("Too large a rate fails: at lr \(largest) every seed diverges or ends above its starting loss",
              experiment: "sweep", LearningRateAnalysis.failed, largest, greaterThan: 0.5)
        Prose { r in LearningRateProse.sweep(r) }

        Heading("The learning-rate range test")
        Prose("""
            Smith (2017) proposed finding a good rate without a sweep: train once while raising the rate \
            exponentially every batch, and watch the loss. Here the rate grows from \
            \(LearningRateAnalysis.short(rangeTest.startLR)) to \(LearningRateAnalysis.short(rangeTest.endLR)) over \(rangeTest.steps) \
            batches of 64 (about \(formatNumber(Double(rangeTest.steps) / Double(stepsPerEpoch), digits: 2)) epochs) \
            from the same initial weights as the sweep. The minibatch losses are smoothed with a bias-corrected \
            exponential average (β = \(LearningRateAnalysis.short(rangeTest.smoothing))) and the test stops once the smoothed \
            loss exceeds \(formatNumber(rangeTest.divergenceFactor))× its best. We take fastai's *steepest \
            descent* suggestion — the rate where the smoothed loss falls fastest per unit of log rate — searched \
            up to the smallest smoothed loss (beyond it the loss can only fall by recovering from a spike), and \
            also report fastai's unrestricted `steep`, its `valley` and the smallest loss's rate ÷ 10. The check: \
            does the suggestion land in the sweep's good region?
            """)
        Experiment("range-test", base: {
            var s = base(profile)
            s.schedule = LRRangeTest(rangeTest).schedule
            s.budget = Budget(steps: rangeTest.steps)
            return s
        }(), vary: Vary("range test", [Level("SGD, batch 64") { _ in }]), seeds: Seeds(3))
        FigureBlock("range-test", caption: { r in LearningRateFigures.rangeTestCaption(r) }, experiment: "range-test") { r in
            LearningRateFigures.rangeTest(r)
        }
        TableBlock("range-test", caption: "The range test's suggested rates.", experiment: "range-test",
                   LearningRateAnalysis.suggestions)
        Claim("The range test's suggestion lies above the lower edge of the sweep's good region",
              experiment: "range-test", LearningRateAnalysis.suggestion, "SGD, batch 64",
              greaterThan: DerivedValue("log₁₀ of the good region's lower edge") { r in LearningRateAnalysis.goodRegion(r).map { log10($0.low) } })
        Claim("The range test's suggestion lies below the upper edge of the sweep's good region",
              experiment: "range-test", LearningRateAnalysis.suggestion, "SGD, batch 64",
              lessThan: DerivedValue("log₁₀ of the good region's upper edge") { r in LearningRateAnalysis.goodRegion(r).map { log10($0.high) } })
        Prose { r in LearningRateProse.rangeTest(r) }

        Heading("Schedules")
        Prose("""
            A constant rate large enough to make fast progress is too large to settle into a minimum: the \
            minibatch noise keeps the loss bouncing. Schedules start large and end small. We run eight of \
            them for the same \(epochs) epochs from base (peak) rate \(formatNumber(Double(baseRate))), near \
            the top of the good region: constant; step decay (÷10 every \(2 * epochs / 5) epochs); exponential \
            decay per epoch; cosine annealing to 0 over the whole budget; SGDR (cosine with warm restarts every \
            \(epochs / 5) epochs); a triangular cyclical rate between \(LearningRateAnalysis.short(Double(baseRate) / 10)) \
            and \(LearningRateAnalysis.short(Double(baseRate))) (five cycles); one-cycle (a cosine warm-up from 1/25 of the peak over the first 30%, then \
            cosine annealing to 1/250 000 of it); and reduce-on-plateau (halve the rate when the training \
            loss has not improved for 2 epochs). PyTorch's definitions throughout. Five seeds here: the constant rate's \
            final loss varies several-fold between seeds, and the claims compare seed by seed.
            """)
        Experiment("schedules", base: { var s = base(profile); s.optimizer.lr = baseRate; return s }(),
                   vary: Vary("schedule", schedules(profile).map { name, schedule in Level(name) { $0.schedule = schedule } }),
                   seeds: Seeds(5))
        FigureBlock("schedules", caption: "Each schedule's training loss per epoch (full training set, log scale; mean over seeds, band ±1 sd) with its learning rate beneath (seed 0, every batch). The constant rate is repeated in grey in every panel for reference.",
                    experiment: "schedules", metrics: [.trainLoss]) { r in LearningRateFigures.schedules(r) }
        TableBlock("schedules", caption: "Schedules after \(epochs) epochs from base rate \(formatNumber(Double(baseRate))).", experiment: "schedules",
                   [.final(.trainLoss), .final(.testLoss), .final(.testAccuracy), .best(.testAccuracy)])
        for (name, _) in schedules(profile).dropFirst() {
            Claim("\(name.capitalizedFirst) ends with a lower training loss than the constant rate", experiment: "schedules",
                  LearningRateAnalysis.logFinalLoss, name, lessThan: "constant")
        }
        Prose { r in LearningRateProse.schedules(r) }
    }
}
