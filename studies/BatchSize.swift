import DLCore
import DLStudy
import Foundation

/// Keskar et al. (2017): do large batches end in sharper minima that generalize worse? Three
/// experiments separate the batch size B from the learning rate per example η/B: one fixed rate
/// (η/B falls as B grows), the linear scaling rule (η/B held fixed; Goyal et al. 2017) and the
/// rate tuned per batch size on a validation split.
public enum BatchSizeStudy {
    static let fixed = ExperimentHandle("fixed"), linear = ExperimentHandle("linear"), tuned = ExperimentHandle("tuned")
    static let rate: Float = 0.1, epsilon = 1e-3, ascentSteps = 10, powerIterations = 20, warmupEpochs = 5
    /// The equivalence margins of the linear scaling rule, stated before the runs: 2 points of
    /// test accuracy, and 0.1 in log₁₀ λ₁ (a factor 10^0.1 ≈ 1.26).
    static let accuracyMargin = 0.02, sharpnessMargin = 0.1
    /// Early stopping of the tuning runs: epochs without a lower validation loss.
    static let patience = 10
    static let width = 100

    static func sizes(_ profile: Profile) -> [Int] { profile == .quick ? [16, 64, 256] : [16, 64, 256, 1024] }
    static func seeds(_ profile: Profile) -> Seeds { Seeds(profile == .quick ? 3 : 5) }
    /// The tuning grid: multiples of the linearly scaled rate 0.1 × B/64, a factor 2 apart.
    static func multiples(_ profile: Profile) -> [Double] { profile == .quick ? [0.5, 1, 2] : [0.25, 0.5, 1, 2, 4] }
    static func scaled(_ b: Int) -> Float { rate * Float(b) / 64 }
    static func tunedLabel(_ b: Int, _ m: Double) -> String { "B \(b), η \(Format.plain(Double(scaled(b)) * m))" }

    /// Plain SGD at one fixed rate, trained to the same training loss (not for the same number
    /// of epochs): a large batch that has merely seen too few updates would otherwise look
    /// "sharp" or "worse" for the wrong reason. A validation split chooses epochs and rates.
    static func base(_ profile: Profile) -> RunSpec {
        RunSpec(
            data: DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: profile == .quick ? 1000 : 3500, validationSamples: 500),
            model: .mlp(hidden: [width, width]),
            optimizer: .sgd(lr: rate),
            batchSize: 64,
            budget: Budget(steps: profile == .quick ? 6000 : 40_000, targetTrainLoss: profile == .quick ? 0.05 : 0.01,
                           stallSteps: 2000, stallLoss: 2.0))
    }

    /// The tuning runs: the same network and data, stopped by validation loss instead of a target.
    static func tuningBase(_ profile: Profile) -> RunSpec {
        var spec = base(profile)
        spec.budget = Budget(steps: profile == .quick ? 3000 : 20_000)
        spec.earlyStopping = EarlyStoppingConfig(monitor: "val_loss", mode: .min, patience: patience)
        return spec
    }

    // Stopping chosen on validation: each run is read at its epoch of lowest validation loss.
    static let chosenTest = Quantity.atBestEpoch(of: .validationLoss, .testAccuracy)
    static let chosenValidation = Quantity.atBestEpoch(of: .validationLoss, .validationAccuracy)
    static let chosenStep = Quantity.stepOfBest(.validationLoss).named("step of lowest validation loss")
    static let lowestValidationLoss = Quantity.best(.validationLoss)
    /// A spike: an epoch whose training loss is at least this many times the one before.
    static let spikeFactor = 1.5
    static let spikes = Quantity.lossSpikes(factor: spikeFactor)
    static let logHessian = Quantity.custom("log₁₀ λ₁") { r in r.probes["hessian_top"]?.first.flatMap { $0 > 0 ? log10($0) : nil } }
    /// λ₁ against the edge of stability 2/η (Cohen et al. 2021): 1 means at the edge.
    static let edge = Quantity.custom("λ₁ η / 2") { r in
        guard let h = r.probes["hessian_top"]?.first, let lr = r.epochs.last?.learningRate else { return nil }
        return h * lr / 2
    }

    /// The first experiment's levels: every batch size at the one fixed rate.
    static func fixedSizes(_ profile: Profile) -> Sweep<Int> { Sweep(fixed, \.batchSize, sizes(profile), name: "batch size") }

    /// The second experiment's levels: the rate scaled with the batch (η/B fixed), warmed up.
    static func scaledSizes(_ profile: Profile) -> Sweep<Int> {
        Sweep(linear, name: "batch size", sizes(profile), number: { Double($0) }) { (spec: inout RunSpec, b: Int) in
            spec.batchSize = b
            spec.optimizer.lr = scaled(b)
            spec.schedule = .warmup(.epochs(Double(warmupEpochs)), then: .constant)
        }
    }

    /// The third experiment's levels: every batch size crossed with its multiples of the scaled rate.
    static func tuningGrid(_ profile: Profile) -> [(batch: Int, multiple: Double)] {
        sizes(profile).flatMap { b in multiples(profile).map { (b, $0) } }
    }

    static func tunedFactor(_ profile: Profile) -> Factor {
        Factor("batch size, learning rate", levels: tuningGrid(profile).map { b, m in
            Level(tunedLabel(b, m), value: Double(scaled(b)) * m / Double(b)) { spec in
                spec.batchSize = b
                spec.optimizer.lr = scaled(b) * Float(m)
            }
        })
    }

    static let probes: [ProbeSpec] = [.sharpness(epsilon: epsilon, steps: ascentSteps), .hessianTopEigenvalue(iterations: powerIterations)]

    public static let study = Study(
        "batchsize", title: "Batch size alone does not make minima sharp: larger batches end sharper only at one fixed learning rate; with the rate scaled or tuned to the batch, the largest batch ends flattest and no less accurate",
        question: "Do larger batches end in sharper minima that generalize worse, or is it the ratio of learning rate to batch size (η/B) that matters — and does scaling or tuning the rate per batch size remove the gap?"
    ) { profile in
        introduction(profile)
        fixedRate(profile)
        linearScaling(profile)
        sharpnessAgainstNoise(profile)
        tunedRate(profile)
        references
        doesNotShow(profile)
    }
}
