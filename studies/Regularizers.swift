import DLCore
import DLStudy
import Foundation

/// Regularizers in the overfitting regime: a network that can memorize 1000 MNIST-1D samples,
/// trained without and with L2, L1, dropout, batch norm, early stopping, data augmentation and
/// one combination.
public enum RegularizersStudy {
    static let trainSamples = 1000, validationSamples = 500

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 50 : 300 }

    /// The unregularized run: the first 1000 canonical training samples (the next 500 held out
    /// as a validation set, which only early stopping reads), MLP 40-256-256-10 with PyTorch's
    /// default init, SGD with momentum 0.9, lr 0.01, batch 32 (32 steps per epoch). Train, validation
    /// and test sets are evaluated after every epoch; the weight statistics at the end.
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: trainSamples, validationSamples: validationSamples),
                model: .mlp(hidden: [256, 256]), optimizer: .sgd(lr: 0.01, momentum: 0.9), batchSize: 32,
                budget: .epochs(epochs(profile)))
    }

    static let l2: Float = 1e-2, l1: Float = 1e-4, dropout: Float = 0.5, maxShift = 4, patience = 10
    static let nearZero = 1e-3

    static let none = "none"
    static let l2Label = "L2 1e-2", l1Label = "L1 1e-4", dropoutLabel = "dropout 0.5", batchNormLabel = "batch norm"
    static let earlyLabel = "early stopping", shiftLabel = "shift ±4", comboLabel = "shift ±4 + L2 1e-2"

    static var levels: [Level] {
        [
            Level(none) { _ in },
            Level(l2Label) { $0.penalty = Penalty(l2: l2) },
            Level(l1Label) { $0.penalty = Penalty(l1: l1) },
            Level(dropoutLabel) { $0.model = .mlp(hidden: [256, 256], dropout: dropout) },
            Level(batchNormLabel) { $0.model = .mlp(hidden: [256, 256], batchNorm: true) },
            Level(earlyLabel) {
                $0.earlyStopping = EarlyStoppingConfig(monitor: "val_loss", patience: patience, restoreBestWeights: true)
            },
            Level(shiftLabel) { $0.augmentation = [.circularShift(maxShift: maxShift)] },
            Level(comboLabel) {
                $0.augmentation = [.circularShift(maxShift: maxShift)]
                $0.penalty = Penalty(l2: l2)
            },
        ]
    }

    /// Every regularizer but the reference.
    static var regularizers: [String] { levels.dropFirst().map(\.label) }

    public static let study = Study(
        "regularizers", title: "Regularizers against memorization",
        question: "When a network can memorize its training set, which regularizers narrow the gap between training and test loss — and how do they change the weights?"
    ) { profile in
        let epochs = epochs(profile)
        Prose("""
            A network with far more parameters than training samples can fit every training label, noise \
            included, and its test loss then rises while its training loss keeps falling. Regularizers are \
            the classical remedies. They work in different places: a *penalty* on the weights (L2 pulls every \
            weight towards zero in proportion to its size, L1 by a constant amount, which sets small weights \
            exactly to zero), *noise in the network* (dropout), *normalization* (batch norm), *stopping* \
            before the fit turns into memorization (early stopping), and *more data* made from the data we \
            have (augmentation). We put each of them, one at a time, on the same overfitting setup.

            **Setup.** The first \(trainSamples) samples of MNIST-1D's canonical training set (4000 samples, \
            40 values each, 10 classes) are the training set; the test set is the canonical 1000 test samples. \
            The model is an MLP 40-256-256-10 (78,858 parameters, 78 per training sample) with PyTorch's default \
            initialization, trained with SGD (momentum 0.9, lr 0.01, batch 32, so 32 steps per epoch) for \
            \(epochs) epochs. Training samples \(trainSamples)–\(trainSamples + validationSamples - 1) are held out \
            as a validation set: it is evaluated in every run but only early stopping reads it. All losses and \
            accuracies are measured after every epoch on the whole (clean, unaugmented) sets in evaluation \
            mode. Three seeds; at a given seed every level starts from the same weights of its Linear layers and \
            sees the same batch order (common random numbers), so the claims below compare levels seed by seed.

            **The levels.** *none*; *L2 1e-2*: (λ/2)·Σw² added to the loss with λ = 10⁻², which for SGD is \
            the same update as (coupled) weight decay 10⁻²; *L1 1e-4*: λ·Σ|w| with λ = 10⁻⁴ (gradient \
            λ·sign w) — both penalties apply to the three weight matrices only, not to biases or batch-norm \
            parameters; *dropout 0.5* after each hidden ReLU; *batch norm* between each hidden Linear and its \
            ReLU; *early stopping* on the validation loss with patience \(patience) epochs, restoring the best \
            epoch's weights; *shift ±4*: every training sample in every minibatch is rotated circularly by a \
            random whole number of positions in −4…4 (MNIST-1D's digits are placed at random positions, so a \
            shift produces a plausible new sample); and one combination, *shift ±4 + L2 1e-2*. We combine \
            these two because they act on different things — the data and the size of the weights — and \
            because a pilot run (PyTorch) showed that shift augmentation alone still overfits late in \
            training (its test loss turns up again after about 100 epochs), which is the drift L2 held in check.
            """)
        Experiment("main", base: base(profile), vary: Vary("regularizer", levels), seeds: Seeds(3),
                   probes: [.weightStatistics(nearZero: nearZero)], keepWeights: true)
        Derive { runs in RegularizersAnalysis.derivedJobs(runs, profile) }

        Heading("Training and test loss")
        FigureBlock("curves", caption: { r in RegularizersFigures.curvesCaption(r) },
                    metrics: [.trainLoss, .testLoss]) { r in RegularizersFigures.curves(r) }
        Prose { r in RegularizersProse.curves(r) }

        Heading("The generalization gap")
        FigureBlock("gap-curves", caption: "The generalization gap (test − train loss) per epoch, mean over seeds. Early stopping's line ends where its first seed stopped.",
                    metrics: [.trainLoss, .testLoss]) { r in RegularizersFigures.gapCurves(r) }
        FigureBlock("gap-final", caption: "The gap of the weights each run ends with (for early stopping, the restored weights) and their test accuracy: mean with 95% CI over seeds, dots are seeds. The dashed line is the unregularized network's mean.",
                    metrics: [.trainLoss, .testLoss]) { r in RegularizersFigures.gapFinal(r) }
        TableBlock("final", caption: "After \(epochs) epochs (early stopping: the restored weights, and the epochs it trained). Gap = test − train loss; near-zero = the fraction of the 78,336 weight-matrix entries with |w| < 10⁻³; ‖w‖₂ = the L2 norm of all of them together.",
                   RegularizersAnalysis.tableQuantities)
        for level in regularizers {
            Claim("\(level.capitalizedFirst) narrows the generalization gap relative to none",
                  .final(.generalizationGap), level, lessThan: none)
        }
        Prose { r in RegularizersProse.gap(r) }

        Heading("What the regularizers do to the weights")
        FigureBlock("weights", caption: { r in RegularizersFigures.weightsCaption(r) }) { r in RegularizersFigures.weights(r) }
        Claim("L1 yields more near-zero weights (|w| < 10⁻³) than L2", RegularizersAnalysis.nearZeroTotal, l1Label, greaterThan: l2Label)
        Claim("L2 yields a smaller weight norm than no regularization", RegularizersAnalysis.normTotal, l2Label, lessThan: none)
        Prose { r in RegularizersProse.weights(r) }

        Heading("Early stopping and the test-loss minimum")
        FigureBlock("early-stopping", caption: { r in RegularizersFigures.earlyStoppingCaption(r) },
                    metrics: [.validationLoss, .testLoss]) { r in RegularizersFigures.earlyStopping(r) }
        Claim("Early stopping stops near the test-loss minimum: the weights it restores have a test loss within 5% of the lowest test loss the unregularized runs reach",
              .final(.testLoss), earlyLabel,
              lessThan: DerivedValue("1.05 × none's lowest test loss (any epoch, mean over seeds)") { r in
                  r["main"]?[none]?.summary(.best(.testLoss)).map { 1.05 * $0.mean }
              })
        Prose { r in RegularizersProse.earlyStopping(r) }
    }
}
