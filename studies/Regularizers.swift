import DLCore
import DLPlot
import DLStudy
import Foundation

/// Regularizers in the overfitting regime: a network that can memorize 1000 MNIST-1D samples,
/// trained without and with L2, L1, dropout, batch norm, early stopping, data augmentation and
/// one combination.
public enum RegularizersStudy {
    static let trainSamples = 1000, validationSamples = 500
    static let momentum: Float = 0.9, rate: Float = 0.01, hidden = [256, 256]

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 50 : 300 }

    /// The unregularized run: the first 1000 canonical training samples (the next 500 held out
    /// as a validation set, which only early stopping reads), MLP 40-256-256-10 with PyTorch's
    /// default init, SGD with momentum 0.9, lr 0.01, batch 32 (32 steps per epoch). Train, validation
    /// and test sets are evaluated after every epoch; the weight statistics at the end.
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: trainSamples, validationSamples: validationSamples),
                model: .mlp(hidden: hidden), optimizer: .sgd(lr: rate, momentum: momentum), batchSize: 32,
                budget: .epochs(epochs(profile)))
    }

    static let l2: Float = 1e-2, l1: Float = 1e-4, dropout: Float = 0.5, maxShift = 4, patience = 10
    static let nearZero = 1e-3

    static let main = ExperimentHandle("main")
    static let noneLevel = main.level("none"), l2Level = main.level("L2 1e-2"), l1Level = main.level("L1 1e-4")
    static let dropoutLevel = main.level("dropout 0.5"), batchNormLevel = main.level("batch norm")
    static let earlyLevel = main.level("early stopping"), shiftLevel = main.level("shift ±4"), comboLevel = main.level("shift ±4 + L2 1e-2")
    /// The labels, for callers that read records by label.
    static let none = noneLevel.label, earlyLabel = earlyLevel.label

    static var levels: [Level] {
        [
            Level(noneLevel) { _ in },
            Level(l2Level) { $0.penalty = Penalty(l2: l2) },
            Level(l1Level) { $0.penalty = Penalty(l1: l1) },
            Level(dropoutLevel) { $0.model = .mlp(hidden: hidden, dropout: dropout) },
            Level(batchNormLevel) { $0.model = .mlp(hidden: hidden, batchNorm: true) },
            Level(earlyLevel) {
                $0.earlyStopping = EarlyStoppingConfig(monitor: "val_loss", patience: patience, restoreBestWeights: true)
            },
            Level(shiftLevel) { $0.augmentation = [.circularShift(maxShift: maxShift)] },
            Level(comboLevel) {
                $0.augmentation = [.circularShift(maxShift: maxShift)]
                $0.penalty = Penalty(l2: l2)
            },
        ]
    }

    /// Every regularizer but the reference.
    static var regularizers: [LevelHandle] { levels.dropFirst().map { main.level($0.label) } }

    public static let study = Study(
        "regularizers", title: "Regularizers against memorization",
        question: "When a network can memorize its training set, which regularizers narrow the gap between training and test loss — and how do they change the weights?"
    ) { profile in
        let epochs = epochs(profile), weights = base(profile).denseParameters!.weights
        Prose { r in RegularizersProse.introduction(r, profile) }
        Experiment(main, base: base(profile), vary: Vary("regularizer", levels), seeds: Seeds(3),
                   probes: [.weightStatistics(nearZero: nearZero)], keepWeights: true)
        Derive { runs in RegularizersAnalysis.derivedJobs(runs, profile) }

        Heading("Training and test loss")
        FigureBlock.facets("curves", caption: "Training loss (blue; whole clean training set, evaluation mode) and test loss (orange) per epoch for each regularizer, log scale; mean over seeds, band ±1 sd. Grey dashed: the unregularized network's curves, repeated in every panel. Early stopping's curves end where its first seed stopped; the vertical line marks the mean restored epoch.",
                           experiment: main, metrics: [.trainLoss, .testLoss], reference: noneLevel) { axes, cell in
            let restored = cell.runs.values.compactMap(\.bestEpoch).map(Double.init)
            if cell.label == earlyLevel.label, let m = Summary(restored)?.mean { axes.verticalLine(at: m, color: .ink, dash: .dotted) }
        }
        Prose { r in RegularizersProse.curves(r) }

        Heading("The generalization gap")
        FigureBlock.lines("gap-curves", caption: "The generalization gap (test − train loss) per epoch, mean over seeds. Early stopping's line ends where its first seed stopped.",
                          experiment: main, metric: .generalizationGap, reference: noneLevel, zeroLine: 0, yLabel: "test − train loss")
        FigureBlock.dots("gap-final", caption: "The gap of the weights each run ends with (for early stopping, the restored weights) and their test accuracy: mean with 95% CI over seeds, dots are seeds. The dashed line is the unregularized network's mean.",
                         experiment: main, [Measure(.final(.generalizationGap), label: "final gap (test − train loss)"), Measure(.final(.testAccuracy), label: "final test accuracy (%)")],
                         horizontal: true, reference: noneLevel, colorByLevel: true) { axes, measure, _ in
            if !measure.quantity.isAccuracy { axes.xAxis.min = 0 }
        }
        TableBlock("final", caption: "After \(epochs) epochs (early stopping: the restored weights, and the epochs it trained). Gap = test − train loss; near-zero = the fraction of the \(count: weights) weight-matrix entries with |w| < \(scientific: nearZero); ‖w‖₂ = the L2 norm of all of them together.",
                   experiment: main, RegularizersAnalysis.tableQuantities)
        for level in regularizers {
            Claim("\(level.label.capitalizedFirst) narrows the generalization gap relative to none", .final(.generalizationGap), level, lessThan: noneLevel)
        }
        Prose { r in RegularizersProse.gap(r) }

        Heading("What the regularizers do to the weights")
        FigureBlock.histograms("weights", caption: { _ in "How large the weights are at the end of training: the distribution of |w| over all \(count: weights) weight-matrix entries (seed 0; early stopping: the restored weights), on a log axis in bins of 1/8 decade; the height is the fraction of all weights in the bin. |w| below \(scientific: smallestMagnitude) (exact zeros included) is counted in the first bin. Grey outline: the unregularized network. Dashed line: |w| = \(scientific: nearZero), the threshold of the table's near-zero fraction, which each panel quotes." },
                               experiment: main, xLabel: "|w| (log scale)", bins: .log(perDecade: 8, from: smallestMagnitude), reference: noneLevel,
                               threshold: nearZero, thresholdLabel: { "|w| < \(scientific: nearZero): \(percent: $0, digits: 2)" }) { r, level in
            RegularizersAnalysis.absoluteWeights(r, level: level.label)
        }
        Claim("L1 yields more near-zero weights (|w| < 10⁻³) than L2", RegularizersAnalysis.nearZeroTotal, l1Level, greaterThan: l2Level)
        Claim("L2 yields a smaller weight norm than no regularization", RegularizersAnalysis.normTotal, l2Level, lessThan: noneLevel)
        Prose { r in RegularizersProse.weights(r) }

        Heading("Early stopping and the test-loss minimum")
        FigureBlock("early-stopping", caption: "Early stopping on the unregularized trajectory, one panel per seed. Lines: the unregularized run's validation loss (green; training samples \(trainSamples)–\(trainSamples + validationSamples - 1), what early stopping watches) and test loss (orange), which early stopping never sees. The early-stopping run of the same seed follows exactly this trajectory until it stops: solid vertical line, the epoch it restored (lowest validation loss); dotted, the epoch it stopped at (\(patience) epochs without improvement). Dot: the lowest test loss of the unregularized run.",
                    experiment: main, metrics: [.validationLoss, .testLoss]) { r in RegularizersAnalysis.earlyStopping(r) }
        Claim("Early stopping stops near the test-loss minimum: the weights it restores have a test loss within 5% of the lowest test loss the unregularized runs reach",
              .final(.testLoss), earlyLevel,
              lessThan: DerivedValue("1.05 × none's lowest test loss (any epoch, mean over seeds)") { r in r.summary(noneLevel, .best(.testLoss)).map { 1.05 * $0.mean } })
        Prose { r in RegularizersProse.earlyStopping(r) }
    }

    /// The lower edge of the |w| histograms: smaller magnitudes (exact zeros included) are
    /// counted in the first bin.
    static let smallestMagnitude = 1e-7
}
