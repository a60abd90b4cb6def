import DLCore
import DLStudy
import Foundation

/// Efficient inference on MNIST-1D: one MLP trained per seed, then — from the same trained
/// weights — magnitude pruning (with and without fine-tuning), post-training quantization
/// (int8/int4, symmetric/affine, per tensor/per channel, in fake-quant), low rank (truncated
/// SVD at several energies), k-means weight sharing (2–5 bits), and binary/ternary networks
/// trained with a straight-through estimator from the same initialization. Each compressed
/// model is a staged run that starts from the trained run's final weights, compresses them
/// (`TrainingHook.compress`) and, with 0 epochs, only evaluates: accuracy against bytes.
public enum CompressionStudy {
    public static let study = make()

    static let trained = ExperimentHandle("trained")
    static let reference = ExperimentHandle("float32"), quantization = ExperimentHandle("quantization")
    static let lowRank = ExperimentHandle("low-rank"), kMeans = ExperimentHandle("k-means")
    static let pruning = ExperimentHandle("pruning"), fineTuned = ExperimentHandle("pruning-finetuned")
    static let lowBit = ExperimentHandle("low-bit")
    /// Every compressed family, in the figure's colour order.
    static let families = [reference, quantization, lowRank, kMeans, pruning, fineTuned, lowBit]

    static let hidden = [100, 100], learningRate: Float = 1e-3, batchSize = 100, validationSamples = 500
    /// The MLP's weights and biases (40 → 100 → 100 → 10).
    static let weights = 40 * 100 + 100 * 100 + 100 * 10, biases = 100 + 100 + 10
    static let energies = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]
    static let clusterBits = [2, 3, 4, 5]
    static let sparsities = [0.5, 0.8, 0.9, 0.95]
    static let fineTuneEpochs = 10

    static func epochs(_ profile: Profile) -> Int { profile == .quick ? 30 : 60 }
    /// Runs are cheap (a compressed model is one evaluation), so the full profile affords ten seeds.
    static func seeds(_ profile: Profile) -> Int { profile == .quick ? 3 : 10 }

    /// Test accuracy of the weights a run ends with: for a 0-epoch run its starting (compressed)
    /// weights; for a trained run those of its best validation epoch (early stopping restores them).
    static let accuracy = Quantity.final(.testAccuracy)
    static let bytes = Quantity.probe(ModelSize.probeKey)

    // The levels, labelled once.
    static let float32 = reference.level("float32")
    static func quantized(_ s: QuantizationScheme) -> LevelHandle {
        quantization.level("int\(s.bits) \(s.symmetric ? "sym" : "affine")/\(s.perChannel ? "channel" : "tensor")")
    }
    static let schemes = [8, 4].flatMap { bits in [true, false].flatMap { sym in [false, true].map { QuantizationScheme(bits: bits, symmetric: sym, perChannel: $0) } } }
    static func rank(_ energy: Double) -> LevelHandle { lowRank.level("energy \(Format.plain(energy))") }
    static func clustered(_ bits: Int) -> LevelHandle { kMeans.level("k-means \(bits) bits") }
    static func pruned(_ s: Double) -> LevelHandle { pruning.level("\(Format.percent(s)) pruned") }
    static func prunedFineTuned(_ s: Double) -> LevelHandle { fineTuned.level("\(Format.percent(s)) pruned + FT") }
    static func lowBitLevel(_ k: LowBitWeights) -> LevelHandle { lowBit.level(k.rawValue) }

    /// The MLP of the MNIST-1D paper, Adam, early stopping on the validation loss (the weights of
    /// the best validation epoch are restored; training runs the whole budget).
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(
            data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), validationSamples: validationSamples),
            model: .mlp(hidden: hidden),
            optimizer: .adam(lr: learningRate),
            earlyStopping: EarlyStoppingConfig(monitor: "val_loss", patience: 1000, restoreBestWeights: true),
            batchSize: batchSize,
            budget: .epochs(epochs(profile)))
    }

    /// A run that starts from the trained run's final weights, compresses them and only evaluates.
    static func compressed(_ profile: Profile, _ method: WeightCompression) -> RunSpec {
        var spec = base(profile)
        spec.budget = .epochs(0)
        spec.earlyStopping = nil
        spec.hooks = [.compress(method)]
        return spec
    }

    static func stage(_ profile: Profile) -> Stage { .finalWeights(of: trained.id) }

    /// Magnitude pruning of the trained weights (each layer loses `s` of its weights), stored
    /// sparse; fine-tuned for `epochs` under the mask, or only evaluated.
    static func pruningFactor(_ profile: Profile, fineTune: Bool) -> Factor {
        Vary("sparsity", sparsities.map { s in
            Level(fineTune ? prunedFineTuned(s) : pruned(s), value: s) {
                if let w = $0.start?.weights { $0.start?.mask = MaskRecipe(weights: w, amount: s) }
                if fineTune {
                    $0.budget = .epochs(fineTuneEpochs)
                    $0.earlyStopping = base(profile).earlyStopping
                }
            }
        })
    }

    static func make() -> Study {
        Study("compression", title: "Compressing an MNIST-1D MLP: accuracy against bytes",
              question: "From the same trained MLP, how much accuracy do pruning, quantization, low rank, weight sharing and binary/ternary weights cost for the bytes they save — and does any of them make inference faster on this engine?") { profile in
            CompressionText.introduction(profile)
            Experiment(trained, base: base(profile), vary: Vary("network", [Level(trained.level("dense")) { _ in }]),
                       seeds: Seeds(seeds(profile)), keepWeights: true)
            Experiment(reference, base: compressed(profile, .float32), vary: Vary("storage", [Level(float32) { _ in }]),
                       seeds: Seeds(seeds(profile)), keepWeights: true, from: stage(profile))
            Experiment(quantization, base: compressed(profile, .float32),
                       vary: Vary("scheme", schemes.map { s in Level(quantized(s), value: Double(s.bits)) { $0.hooks = [.compress(.quantize(s))] } }),
                       seeds: Seeds(seeds(profile)), keepWeights: true, from: stage(profile)).withoutSetupTable()
            Experiment(lowRank, base: compressed(profile, .float32),
                       vary: Vary("energy kept", energies.map { e in Level(rank(e), value: e) { $0.hooks = [.compress(.lowRank(energy: e))] } }),
                       seeds: Seeds(seeds(profile)), keepWeights: true, from: stage(profile)).withoutSetupTable()
            Experiment(kMeans, base: compressed(profile, .float32),
                       vary: Vary("bits", clusterBits.map { b in Level(clustered(b), value: Double(b)) { $0.hooks = [.compress(.shareWeights(bits: b))] } }),
                       seeds: Seeds(seeds(profile)), keepWeights: true, from: stage(profile)).withoutSetupTable()
            Experiment(pruning, base: compressed(profile, .sparse), vary: pruningFactor(profile, fineTune: false),
                       seeds: Seeds(seeds(profile)), keepWeights: true, from: stage(profile)).withoutSetupTable()
            Experiment(fineTuned, base: compressed(profile, .sparse), vary: pruningFactor(profile, fineTune: true),
                       seeds: Seeds(seeds(profile)), from: stage(profile))
            Experiment(lowBit, base: base(profile),
                       vary: Vary("weights", LowBitWeights.allCases.map { k in Level(lowBitLevel(k)) { $0.hooks = [.lowBitWeights(k)] } }),
                       seeds: Seeds(seeds(profile)), keepWeights: true)
            CompressionText.results(profile)
            CompressionSpeed.blocks(profile)
            CompressionWinograd.blocks()
            CompressionText.references
            CompressionText.doesNotShow(profile)
        }
    }
}
