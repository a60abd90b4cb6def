import DLCore
import Foundation
import DLPlot
import DLStudy

/// Zero, constant and random initialization: which ones break the symmetry between hidden units
/// (a shallow MLP, where the answer is a fact); and in a deep plain network (ReLU and tanh, no
/// normalization), do Xavier, He and PyTorch's default differ in how the activations' scale
/// survives the depth, and in how well the network trains at a rate tuned for each on validation?
public enum InitializationStudy {
    // MARK: Symmetry: a shallow MLP
    static let main = ExperimentHandle("main"), logistic = ExperimentHandle("logistic")
    static let zero = main.level("zero"), constant = main.level("constant 0.01"), random = main.level("PyTorch default")
    static let linearModel = logistic.level("logistic regression")
    static let schemes: [(LevelHandle, InitScheme)] = [
        (zero, InitScheme(weight: .zeros, bias: .zeros)),
        (constant, InitScheme(weight: .constant(0.01), bias: .zeros)),
        (random, .pytorchDefault),
    ]
    static let hidden = [100, 100], rate: Float = 0.1

    // MARK: Depth: a 16-layer plain network
    static let scale = ExperimentHandle("scale"), relu = ExperimentHandle("deep-relu"), tanh = ExperimentHandle("deep-tanh")
    static let depth = 16, width = 64
    static let random3: [(String, InitScheme)] = [
        ("Xavier", InitScheme(weight: .xavierNormal(gain: 1), bias: .zeros)),
        ("He", InitScheme(weight: .kaimingNormal(a: 0, mode: .fanIn), bias: .zeros)),
        ("PyTorch default", .pytorchDefault),
    ]
    static let activations: [(String, LayerSpec)] = [("ReLU", .relu), ("tanh", LayerSpec(.tanh))]

    static func rates(_ profile: Profile) -> [Float] { profile == .quick ? [0.01, 0.1, 1] : [0.01, 0.03, 0.1, 0.3, 1] }
    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 4 : 15 }
    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 2 : 5) }

    /// MNIST-1D with a validation split carved from the training set.
    static func data(_ profile: Profile) -> DataSpec {
        DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: profile == .quick ? 1000 : 2500,
                 validationSamples: profile == .quick ? 250 : 500)
    }

    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(data: data(profile), model: .mlp(hidden: hidden), optimizer: .sgd(lr: rate), batchSize: 64,
                budget: .epochs(profile == .quick ? 6 : 20))
    }

    /// `depth` hidden layers of `width` units, each Linear followed by `activation`, no normalization.
    static func deepModel(_ activation: LayerSpec) -> ModelSpec {
        ModelSpec(layers: (0..<depth).flatMap { _ in [LayerSpec.linear(width), activation] } + [LayerSpec(.linear)])
    }

    /// The deep net trained with plain SGD; the weights of the epoch with the best validation
    /// accuracy are restored at the end (patience = the whole budget, so no run stops early), so
    /// every final number is read at the validation-chosen epoch.
    static func deepBase(_ profile: Profile, _ activation: LayerSpec) -> RunSpec {
        RunSpec(data: data(profile), model: deepModel(activation), optimizer: .sgd(lr: 0.1),
                earlyStopping: EarlyStoppingConfig(monitor: "val_accuracy", mode: .max, patience: epochs(profile), restoreBestWeights: true),
                batchSize: 64, budget: .epochs(epochs(profile)))
    }

    static func schemeFactor(_ experiment: ExperimentHandle) -> Factor {
        Vary("initialization", random3.map { name, scheme in Level(experiment.level(name)) { $0.initialization = scheme } }, changesInitOrData: true)
    }

    // MARK: Quantities
    static let meanCosine1 = Quantity.probe("symmetry.0.mean_cos").named("mean cos, W₁ rows")
    static let meanCosine2 = Quantity.probe("symmetry.2.mean_cos").named("mean cos, W₂ rows")
    static let deviation1 = Quantity.probe("symmetry.0.max_dev").named("max row deviation, W₁")
    /// The L2 norm of the second weight matrix (`weights.l2` lists W₁, W₂, W₃, then the total).
    static let secondNorm = Quantity.custom("‖W₂‖") { r in r.probes["weights.l2"].flatMap { $0.count > 1 ? $0[1] : nil } }
    /// The activations' spread measured: each unit's std across the samples, as a root mean
    /// square over the layer's units (`activations.signal_std`), so that biases that make units
    /// differ from one another do not count as signal.
    static let spreadKey = "activations.signal_std"
    /// The spread of hidden layer k's activations (1-based) at initialization.
    static func activationStd(_ k: Int) -> Quantity {
        Quantity.custom("spread, layer \(k)") { r in
            r.probes[spreadKey].flatMap { $0.indices.contains(2 * k - 1) ? $0[2 * k - 1] : nil }
        }
    }
    /// log₂ of the std at the last hidden layer over the std at the first: 0 keeps the scale, −1 halves it.
    static let depthLogRatio = Quantity.custom("log₂ spread ratio, layer 16 : 1") { r in
        guard let s = r.probes[spreadKey], s.count > 2 * depth - 1, s[1] > 0, s[2 * depth - 1] > 0 else { return nil }
        return log2(s[2 * depth - 1] / s[1])
    }
    static let depthLogRatioSize = Quantity.custom("|log₂ spread ratio, layer 16 : 1|") { r in
        depthLogRatio.value(r).map(abs)
    }
    /// Test accuracy of the weights restored at the epoch of best validation accuracy; a
    /// diverged run counts at chance (10%).
    static let testAtChosenEpoch = Quantity.custom("test acc. at chosen epoch") { r in
        r.status == .diverged ? 0.1 : r.final?.testAccuracy
    }
    /// What chooses a scheme's rate: the validation accuracy of the restored (best) epoch, 0 for
    /// a diverged run.
    static let validationAtChosenEpoch = Quantity.custom("best val. acc.") { r in
        r.status == .diverged ? 0 : r.final?.validationAccuracy
    }
    static let chosenEpoch = Quantity.epochOfBest(.validationAccuracy).named("chosen epoch")
    static let firstNorm = Quantity.firstWeightNorm.named("‖W₁‖")
    /// The mean training loss over the epochs (the area under the training curve ÷ epochs): lower trains faster.
    static let meanTrainLoss = Quantity.custom("mean train loss") { r in
        let v = r.epochs.filter { $0.epoch > 0 }.compactMap(\.trainLoss)
        return r.status == .diverged || v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }

    static func tuning(_ profile: Profile, _ experiment: ExperimentHandle) -> Tuning {
        Tuning(experiment, schemeFactor(experiment), rates: rates(profile), score: validationAtChosenEpoch)
    }

    public static let study = Study(
        "init", title: "Zero and constant initialization never break the symmetry between hidden units; in a 16-layer plain network the random scheme's scale decides whether the signal survives",
        question: "Do hidden units that start equal stay equal — and, in a deep plain network, does it matter which random initialization (Xavier, He, PyTorch's default) breaks the tie?",
        thumbnail: "scale"
    ) { profile in
        introduction
        symmetry(profile)
        signalScale(profile)
        trainability(profile)
        references
        doesNotShow(profile)
    }
}
