/// Metrics at the end of one epoch. Train metrics are measured on the whole (clean,
/// unaugmented) training set in evaluation mode, like validation and test; `runningLoss` is the
/// mean minibatch loss seen during the epoch (training mode, penalty included).
public struct EpochMetrics: Codable, Hashable, Sendable {
    public var epoch: Int
    public var step: Int
    public var samplesSeen: Int
    public var learningRate: Double
    public var runningLoss: Double?
    public var trainLoss: Double?
    public var trainAccuracy: Double?
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var testLoss: Double?
    public var testAccuracy: Double?
    public var elapsedSeconds: Double

    /// A metric by its report name.
    public func value(_ metric: Metric) -> Double? {
        switch metric {
        case .trainLoss: return trainLoss
        case .trainAccuracy: return trainAccuracy
        case .validationLoss: return validationLoss
        case .validationAccuracy: return validationAccuracy
        case .testLoss: return testLoss
        case .testAccuracy: return testAccuracy
        case .runningLoss: return runningLoss
        case .learningRate: return learningRate
        case .generalizationGap:
            guard let a = testLoss, let b = trainLoss else { return nil }
            return a - b
        }
    }
}

/// The per-epoch quantities a run records, by the names reports and specs use.
public enum Metric: String, Codable, CaseIterable, Sendable {
    case trainLoss, trainAccuracy, validationLoss, validationAccuracy, testLoss, testAccuracy
    case runningLoss, learningRate, generalizationGap
}

/// The minibatch loss at one step (recorded when `RecordSpec.everySteps` asks).
public struct StepMetrics: Codable, Hashable, Sendable {
    public var step: Int
    public var learningRate: Double
    public var loss: Double
    /// The total 2-norm of the step's gradients before clipping (runs with `clipGradNorm`).
    public var gradientNorm: Double?
}

/// What replaced a run's trained weights at its end (the `swa` and `ema` hooks).
public struct AveragedWeights: Codable, Hashable, Sendable {
    /// `swa` or `ema`.
    public var method: String
    /// Updates of the average: epochs averaged (SWA) or steps (EMA). 0: nothing was averaged and
    /// the run kept its trained weights.
    public var updates: Int
    /// Whether batch-norm statistics were recomputed for the averaged weights (SWA).
    public var batchNormRecomputed: Bool

    public init(method: String, updates: Int, batchNormRecomputed: Bool) {
        self.method = method; self.updates = updates; self.batchNormRecomputed = batchNormRecomputed
    }
}

/// How a run ended.
public enum RunStatus: String, Codable, Sendable {
    /// Trained for its whole budget.
    case completed
    /// Reached the training-loss target.
    case reachedTarget
    /// Early stopping ended it.
    case stoppedEarly
    /// The loss became NaN or infinite; `divergedAtStep` says when.
    case diverged
    /// Still above the stall loss after the stall steps.
    case stalled
}

/// Everything one run produced.
public struct RunRecord: Codable, Sendable {
    public var specHash: String
    public var engineVersion: String
    /// The numeric platform that computed it (`NumericPlatform.current`, e.g. `x86_64-v3`):
    /// the same spec gives the same bits on every machine of one platform. Nil in records made
    /// before engine 0.2.0.
    public var platform: String? = NumericPlatform.current
    public var status: RunStatus
    /// The step whose loss was not finite (diverged runs).
    public var divergedAtStep: Int?
    /// The epoch whose weights were restored (early stopping with restore).
    public var bestEpoch: Int?
    /// One row per evaluated epoch; row 0 is the model before training.
    public var epochs: [EpochMetrics]
    /// The metrics of the weights the run ended with: the last row, or the restored best
    /// epoch's (early stopping); nil for a run that diverged before its first epoch ended.
    public var final: EpochMetrics?
    public var steps: [StepMetrics]
    public var parameterCount: Int
    /// Approximate training FLOPs per sample (6 × forward multiply-accumulates).
    public var trainingFLOPsPerSample: Int
    public var wallSeconds: Double
    /// Probe results by name (sharpness, eigenvalues, weight statistics…).
    public var probes: [String: [Double]]
    /// Of `wallSeconds`, the time spent evaluating (train, validation and test passes).
    public var evaluationSeconds: Double?
    /// Time the study runner spent on probes, after (and before) training; not in `wallSeconds`.
    public var probeSeconds: Double?
    /// The cache key it was stored under: a record copied into another run's folder is caught.
    public var cacheKey: String?
    /// SHA-256 (hex) of the kept final weights file, when the run kept its weights.
    public var weightsSHA256: String?
    /// SHA-256 (hex) of each other artefact kept for staged runs (`snapshot-init`, `mask`, …).
    public var artefactSHA256: [String: String]?
    /// SHA-256 (hex) of this record's JSON written without this field: an edited record is caught.
    public var checksum: String?
    // What hooks and masks did; nil (and absent from the JSON) for a run without them.
    /// The fraction of the masked parameters' entries kept, for a run trained with a mask.
    public var maskFractionRemaining: Double?
    /// Steps whose gradients the `clipGradNorm` hook scaled down.
    public var clippedSteps: Int?
    /// SWA or EMA: the weights `final` measures are the average, not the last iterate (whose
    /// metrics are the last row of `epochs`).
    public var averagedWeights: AveragedWeights?
    /// The snapshots the `snapshots` hook took, in order (`init`, `step-k`, `epoch-k`).
    public var snapshots: [String]?

    public var totalSteps: Int { epochs.last?.step ?? 0 }
}
