import DLCore
import DLPlot
import DLStudy
import Foundation

/// Regularizers in the overfitting regime: a network that can memorize 1000 MNIST-1D samples,
/// trained without and with L2, L1, dropout, data augmentation and early stopping — each at a
/// strength chosen from its own grid on a validation split — beside a training-set-size sweep.
public enum RegularizersStudy {
    static let trainSamples = 1000, validationSamples = 500
    static let momentum: Float = 0.9, rate: Float = 0.01, hidden = [256, 256]

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 30 : 150 }
    static func seeds(_ profile: Profile) -> Int { profile == .quick ? 2 : 5 }

    /// The unregularized run: the first 1000 canonical training samples (the next 500 held out
    /// as a validation set), MLP 40-256-256-10 with PyTorch's default init, SGD with momentum
    /// 0.9, lr 0.01, batch 32 (32 steps per epoch). Train, validation and test sets are
    /// evaluated after every epoch; the weight statistics at the end.
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: trainSamples, validationSamples: validationSamples),
                model: .mlp(hidden: hidden), optimizer: .sgd(lr: rate, momentum: momentum), batchSize: 32,
                budget: .epochs(epochs(profile)))
    }

    // The tuning budget: a grid of each method's own knob, the same for every profile.
    static let l2Grid: [Double] = [1e-4, 1e-3, 1e-2, 1e-1]
    static let l1Grid: [Double] = [1e-5, 1e-4, 1e-3, 1e-2]
    static let dropoutGrid: [Double] = [0.1, 0.3, 0.5, 0.7]
    static let shiftGrid: [Double] = [1, 2, 4, 8]
    static let patienceGrid: [Double] = [10, 20, 30]
    /// Training-set sizes beside the 1000 of every other level (no regularization).
    static let sizes = [250, 500, 2000]
    static let nearZero = 1e-3
    /// L1 and L2 strengths count as matched when their mean validation accuracies are this close.
    static let matchMargin = 0.01
    /// The equivalence margin for early stopping against the validation-chosen epoch.
    static let equivalenceMargin = 0.01

    static let main = ExperimentHandle("main")
    static let noneLevel = main.level("none")
    static let none = noneLevel.label
    static let (l2, l1, dropout, shift, early) = ("L2", "L1", "dropout", "shift", "early stopping")

    /// Each regularizer at every value of its grid; cells "L2, λ 10⁻³", "dropout, p 0.3" ….
    static let tuning = Tuning(main, grids: [
        TuningGrid(l2, l2Grid, label: { "λ \(Format.scientific($0))" }) { $0.penalty = Penalty(l2: Float($1)) },
        TuningGrid(l1, l1Grid, label: { "λ \(Format.scientific($0))" }) { $0.penalty = Penalty(l1: Float($1)) },
        TuningGrid(dropout, dropoutGrid, label: { "p \(Format.plain($0))" }) { $0.model = .mlp(hidden: hidden, dropout: Float($1)) },
        TuningGrid(shift, shiftGrid, label: { "±\(Int($0))" }) { $0.augmentation = [.circularShift(maxShift: Int($1))] },
        TuningGrid(early, patienceGrid, label: { "patience \(Int($0))" }) {
            $0.earlyStopping = EarlyStoppingConfig(monitor: "val_loss", patience: Int($1), restoreBestWeights: true)
        },
    ], name: "regularizer")

    static func sizeLevel(_ n: Int) -> LevelHandle { main.level("n = \(n)") }

    static var levels: [Level] {
        [Level(noneLevel) { _ in }] + tuning.levels
            + sizes.map { n in Level(sizeLevel(n)) { $0.data.trainSamples = n } }
    }

    /// Every run is read where its validation accuracy peaks: the test set is read once, there.
    static let testChosen = Quantity.atBestEpoch(of: .validationAccuracy, .testAccuracy).named("test acc. at chosen epoch")
    static let trainLossChosen = Quantity.atBestEpoch(of: .validationAccuracy, .trainLoss).named("train loss at chosen epoch")
    static let gapChosen = Quantity.atBestEpoch(of: .validationAccuracy, .generalizationGap).named("gap at chosen epoch")
    static let chosenEpoch = Quantity.epochOfBest(.validationAccuracy).named("chosen epoch")
    static let finalGap = Quantity.final(.generalizationGap).named("final gap")

    public static let study = Study(
        "regularizers", title: "Regularizers against memorization, each at its validated strength",
        question: "When a network can memorize its training set, which regularizer — each at the strength a validation split chooses — gives the best test accuracy, which narrows the generalization gap, how do L1 and L2 change the weights at matched accuracy, and does more data beat them all?"
    ) { profile in
        let weights = base(profile).denseParameters!.weights
        Prose { r in RegularizersProse.introduction(r, profile) }
        Experiment(main, base: base(profile), vary: Vary("regularizer", levels), seeds: Seeds(seeds(profile)),
                   probes: [.weightStatistics(nearZero: nearZero)], keepWeights: true)
        Derive { runs in RegularizersAnalysis.derivedJobs(runs, profile) }

        Heading("The strengths, chosen on validation")
        Prose { r in RegularizersProse.tuning(r) }
        FigureBlock.tuningGrids("tuning", caption: "The tuning grids: each regularizer's best validation accuracy over the epochs at every value of its knob (mean with 95% CI over seeds; faint dots are seeds; a diverged run counts 0). The diamond marks the value chosen (the highest mean); the dashed line is the unregularized network. Log x axis for λ.",
                                tuning: tuning, xLabels: [l2: "λ (L2)", l1: "λ (L1)", dropout: "drop probability p", shift: "largest shift (samples)", early: "patience (epochs)"],
                                reference: ("none", noneLevel))
        TableBlock("grid", caption: "Every run of the grid (mean over seeds). Validation accuracy chooses; test accuracy, training loss and the gap are read at each run's epoch of highest validation accuracy (the chosen epoch); the final gap after the whole budget (early stopping: its restored weights). Near-zero = the fraction of the \(count: weights) weight-matrix entries with |w| < \(scientific: nearZero) at the end; ‖w‖₂ = their L2 norm.",
                   experiment: main, RegularizersAnalysis.tableQuantities)

        Heading("Test accuracy at the chosen strength")
        FigureBlock.dots("accuracy", caption: "Each regularizer at its validation-chosen strength, beside no regularization (n = 1000) and twice the data without regularization (n = 2000): test accuracy at the validation-chosen epoch, and the final generalization gap (mean with 95% CI; dots are seeds). The dashed line is the unregularized network's mean.",
                         experiment: main, [Measure(testChosen, label: "test accuracy at the chosen epoch (%)", percent: true), Measure(finalGap, label: "final gap (test − train loss)")],
                         horizontal: true, reference: noneLevel, colorByLevel: true, levels: RegularizersAnalysis.compared)
        for c in beatsNone + [esMatches] + dropoutBest { c }
        Prose { r in RegularizersProse.accuracy(r) }
        FigureBlock.facets("curves", caption: "Training loss (blue; whole clean training set, evaluation mode), validation loss (green) and test loss (orange) per epoch of each regularizer at its chosen strength, log scale; mean over seeds, band ±1 sd. Grey dashed: the unregularized network's curves. Early stopping's curves end where its first seed stopped.",
                           experiment: main, metrics: [.trainLoss, .validationLoss, .testLoss], reference: noneLevel, columns: 3, levels: RegularizersAnalysis.compared)

        Heading("The generalization gap, and what it hides")
        for c in gapClaims { c }
        Prose { r in RegularizersProse.gap(r) }

        Heading("L1 against L2 at matched accuracy")
        Prose { r in RegularizersProse.matching(r) }
        FigureBlock.sparsity("sparsity", caption: "Every L1 and L2 strength of the grid: validation accuracy (what matches them) against the fraction of weights with |w| ≥ \(scientific: nearZero) at the end (log axis, inverted: sparser to the right); mean ±1 sd over seeds. Dotted: no regularization. A strength that leaves no weight above the threshold has no place on the log axis and is not drawn (the table has it).",
                             series: [SparsitySeries("L1", tuning.cells(l1), color: 1), SparsitySeries("L2", tuning.cells(l2), color: 0)],
                             quantity: tuning.score, weightsLeft: RegularizersAnalysis.weightsAbove,
                             reference: (label: "none", level: noneLevel), yLabel: "best validation accuracy (fraction)",
                             xLabel: "weights with |w| ≥ 10⁻³ (log scale)")
        FigureBlock.histograms("weights", caption: { _ in "How large the weights are at the end of training, for the matched L1 and L2 strengths: the distribution of |w| over all \(count: weights) weight-matrix entries (seed 0), on a log axis in bins of 1/8 decade; the height is the fraction of all weights in the bin. |w| below \(scientific: smallestMagnitude) (exact zeros included) is counted in the first bin. Grey outline: the unregularized network. Dashed line: |w| = \(scientific: nearZero), the near-zero threshold, whose fraction each panel quotes." },
                               experiment: main, xLabel: "|w| (log scale)", bins: .log(perDecade: binsPerDecade, from: smallestMagnitude), reference: noneLevel,
                               threshold: nearZero, thresholdLabel: { "|w| < \(scientific: nearZero): \(percent: $0, digits: 2)" }, columns: 3,
                               levels: RegularizersAnalysis.matchedLevels) { r, level in
            RegularizersAnalysis.absoluteWeights(r, level: level.label)
        }
        for c in weightClaims { c }
        Prose { r in RegularizersProse.weights(r) }

        Heading("More data against a better-regularized model")
        FigureBlock.dots("data", caption: "Test accuracy at the validation-chosen epoch without regularization, against the size of the training set (each size has its own 500 held-out validation samples, the ones after its training samples). The level none is n = 1000. Horizontal lines (means, at n = 1000): solid, the best on validation of L2, L1 and dropout at their chosen strengths; dotted, shift augmentation at its chosen strength.",
                         experiment: main, [Measure(testChosen, label: "test accuracy at the chosen epoch (%)", percent: true)], factorLabel: "training samples",
                         levels: { _ in [sizeLevel(250), sizeLevel(500), noneLevel, sizeLevel(2000)] }) { axes, measure, r in
            for (choice, dash) in [(RegularizersAnalysis.bestModelRegularizer, Dash.solid), (tuning.choice(shift), Dash.dotted)] {
                if let level = choice.choose(r), let cell = r[level], let s = Summary(measure.values(cell)) {
                    axes.horizontalLine(at: s.mean, label: level.label, color: .ink, dash: dash)
                    axes.text(level.label, x: -0.4, y: s.mean, anchor: .bottomLeft, size: 10)
                }
            }
        }
        for c in dataClaims { c }
        Prose { r in RegularizersProse.moreData(r) }

        Heading("Early stopping and the validation-chosen epoch")
        FigureBlock("early-stopping", caption: "Early stopping (at its chosen patience) on the unregularized trajectory, one panel per seed. Lines: the unregularized run's validation loss (green; training samples \(trainSamples)–\(trainSamples + validationSamples - 1), what early stopping watches) and test loss (orange), which early stopping never sees. The early-stopping run of the same seed follows exactly this trajectory until it stops: solid vertical line, the epoch it restored (lowest validation loss); dotted, the epoch it stopped at. Dot: the lowest test loss of the unregularized run.",
                    experiment: main, metrics: [.validationLoss, .testLoss]) { r in RegularizersAnalysis.earlyStopping(r) }
        Prose { r in RegularizersProse.earlyStopping(r) }

        References(RegularizersProse.references)
        DoesNotShow(RegularizersProse.caveats(profile))
    }

    // The claims, in Holm families (one question each).
    static let beatsNone = [l2, l1, dropout, shift].map { g in
        Claim.chosen("\(g.capitalizedFirst) (tuned) raises test accuracy over no regularization", testChosen, tuning.choice(g), greaterThan: .fixed(noneLevel)).family("accuracy")
    }
    static let esMatches = Claim.chosen("Early stopping (tuned patience) matches the unregularized run read at its validation-chosen epoch (test accuracy within ±1 point)",
                                        testChosen, tuning.choice(early), equivalentTo: .fixed(noneLevel), within: equivalenceMargin).family("early-stopping")
    static let dropoutBest = [l2, l1, shift, early].map { g in
        Claim.chosen("Dropout (tuned) is more accurate than \(g) (tuned)", testChosen, tuning.choice(dropout), greaterThan: tuning.choice(g)).family("dropout-best")
    }
    static let gapClaims = [l2, l1, dropout, shift, early].map { g in
        Claim.chosen("\(g.capitalizedFirst) (tuned) narrows the final generalization gap", finalGap, tuning.choice(g), lessThan: .fixed(noneLevel)).family("gap")
    }
    static let sparser = Claim.chosen("At matched accuracy, L1 leaves more near-zero weights (|w| < 10⁻³) than L2", RegularizersAnalysis.nearZeroTotal,
                                      RegularizersAnalysis.matched(l1), greaterThan: RegularizersAnalysis.matched(l2)).family("weights")
    static let smaller = Claim.chosen("At matched accuracy, L2 leaves a smaller weight norm ‖w‖₂ than L1", RegularizersAnalysis.normTotal,
                                      RegularizersAnalysis.matched(l2), lessThan: RegularizersAnalysis.matched(l1)).family("weights")
    static let smallerThanNone = Claim.chosen("L2 (matched strength) leaves a smaller weight norm than no regularization", RegularizersAnalysis.normTotal,
                                              RegularizersAnalysis.matched(l2), lessThan: .fixed(noneLevel)).family("weights")
    static var weightClaims: [Claim] { [sparser, smaller, smallerThanNone] }
    static let moreData = Claim.chosen("Twice the data without regularization (n = 2000) is more accurate than the best of L2, L1 and dropout (tuned) at n = 1000", testChosen,
                                       .fixed(sizeLevel(2000)), greaterThan: RegularizersAnalysis.bestModelRegularizer).family("more-data")
    static let moreThanShift = Claim.chosen("Twice the data (n = 2000) is more accurate than shift augmentation (tuned) at n = 1000", testChosen,
                                            .fixed(sizeLevel(2000)), greaterThan: tuning.choice(shift)).family("more-data")
    static var dataClaims: [Claim] { [moreData, moreThanShift] }

    /// The lower edge of the |w| histograms: smaller magnitudes (exact zeros included) are
    /// counted in the first bin.
    static let smallestMagnitude = 1e-7
    static let binsPerDecade = 8
}
