import Foundation

/// Trains one `RunSpec` and records what happened.
///
/// The loop, per batch: ask the schedule for the rate of this step and set it; gather the batch
/// in this epoch's order; augment it; forward, loss, backward, penalty, update. Per epoch:
/// evaluate, let reduce-on-plateau and early stopping observe, check the budget. A loss that is
/// not finite ends the run as `diverged` at that step: a result, not a crash.
///
/// Hooks (`spec.hooks`) and a `mask` act at fixed points of that loop, in this order:
/// - before the first step: the mask zeroes pruned weights; the `init` snapshot;
/// - the rate: SWA's constant rate replaces the schedule's from its start epoch;
/// - after backward and the penalty, before the update: the mask zeroes pruned gradients,
///   then gradient-norm clipping;
/// - after the update: the mask zeroes pruned weights, EMA averages, `step-k` snapshots;
/// - at the end of an epoch, before it is evaluated: SWA averages, `epoch-k` snapshots;
/// - at the end of the run: SWA (with batch-norm statistics recomputed) or EMA puts the
///   averaged weights into the model, and `final` measures them.
public final class Trainer {
    public struct Progress {
        public let epoch: Int
        public let step: Int
        public let totalSteps: Int?
        public let loss: Double?
    }

    public let spec: RunSpec
    public let data: DataSplits
    public let model: Sequential
    public let optimizer: Optimizer
    /// Called after every evaluated epoch.
    public var onEpoch: ((Progress) -> Void)?
    /// Copies of the state dict the `snapshots` hook took during `run()`, by name: `init`,
    /// `step-k`, `epoch-k` (each a state dict with PyTorch names, e.g. `0.weight`).
    public internal(set) var snapshots: [String: [String: Tensor]] = [:]
    /// A pruning mask for the run, set before `run()`: pruned weights are zero from the start
    /// and stay zero (see `ParameterMask`). `setMask` checks it against the model and throws;
    /// a mask assigned here that does not fit the model stops `run()` with a precondition failure.
    public var mask: ParameterMask?

    /// Builds everything a run needs and checks the spec against the data, throwing a
    /// `SpecError` that names the field and the fix before any training happens.
    ///
    /// `artefacts` serves what a staged run starts from (`spec.start`): another run's weights or
    /// mask, read from the study runner's cache.
    public init(spec: RunSpec, data: DataSplits? = nil, baseDirectory: URL? = nil, artefacts: ArtefactSource? = nil) throws {
        self.spec = spec
        try spec.optimizer.validate()
        try spec.budget.validate()
        try spec.schedule.validate()
        let splits = try data ?? spec.data.load(baseDirectory: baseDirectory)
        guard spec.batchSize >= 1 else {
            throw SpecError(field: "batchSize", problem: "batch size \(spec.batchSize)", fix: "use at least 1")
        }
        guard spec.batchSize <= splits.train.count else {
            throw SpecError(field: "batchSize", problem: "batch size \(spec.batchSize) is larger than the \(splits.train.count) training samples",
                            fix: "use at most \(splits.train.count) (that is full-batch training)")
        }
        if let es = spec.earlyStopping, es.monitor.hasPrefix("val"), splits.validation == nil {
            throw SpecError(field: "earlyStopping.monitor", problem: "monitors '\(es.monitor)' but the data has no validation split",
                            fix: "set data.validationSamples, or monitor \"train_loss\"")
        }
        if let es = spec.earlyStopping, !EpochMetrics.monitorNames.contains(es.monitor) {
            throw SpecError(field: "earlyStopping.monitor", problem: "unknown metric '\(es.monitor)'",
                            fix: "use one of \(EpochMetrics.monitorNames.joined(separator: ", "))")
        }
        let inputShape = spec.model.inputShape(forData: splits.train.sampleShape)
        self.data = try splits.reshaped(inputShape)
        model = try spec.model.build(sampleShape: inputShape, classes: splits.train.classes)
        if let start = spec.start {
            try Self.checkStart(start, spec: spec, artefacts: artefacts)
        }
        if let reference = spec.start?.weights, let artefacts {
            try model.load(stateDict: artefacts.tensors(reference), strict: true, source: reference.description)
        } else if let path = spec.initialWeights {
            let url = DataSpec.resolve(path, baseDirectory: baseDirectory)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw SpecError(field: "initialWeights", problem: "no file at \(url.path)", fix: "give the path of a .safetensors file")
            }
            try model.load(stateDict: SafeTensors.read(from: url).tensors, strict: true, source: url.path)
        } else {
            var rng = RandomStream(seed: spec.seed, stream: spec.start?.reinitialize == true ? StartPoint.reinitializationStream : "init")
            model.initialize(spec.initialization, using: &rng)
        }
        for (i, layer) in model.layers.enumerated() {
            (layer as? Dropout)?.generator = RandomStream(seed: spec.seed, stream: "dropout/\(i)")
        }
        optimizer = spec.optimizer.make(parameters: model.parameters)
        let n = self.data.train.count
        let batchesPerEpoch = spec.dropLast ? n / spec.batchSize : (n + spec.batchSize - 1) / spec.batchSize
        let lastEpoch = [spec.budget.epochs, spec.budget.steps.map { ($0 + batchesPerEpoch - 1) / max(batchesPerEpoch, 1) }]
            .compactMap { $0 }.min()
        try spec.validateHooks(lastEpoch: lastEpoch)
        if let recipe = spec.start?.mask, let artefacts {
            try setMask(Self.startMask(recipe, model: model, seed: spec.seed, artefacts: artefacts))
        }
    }

    /// Sets `mask` after checking that it names parameters of the model with their shapes.
    public func setMask(_ mask: ParameterMask?) throws {
        try mask?.validate(for: model)
        self.mask = mask
    }

    /// Trains to the end of the budget and returns the record. The model keeps the final
    /// weights (the best ones when early stopping restores them, the average with SWA or EMA).
    public func run() -> RunRecord {
        EngineUsage.count { $0.runsTrained += 1 }
        let loop = TrainingLoop(self)
        loop.start()
        while loop.hasBudget {
            guard loop.trainEpoch() else { break }  // a step diverged
            loop.endEpoch()
            guard loop.evaluateEpoch() else { break }  // early stopping, target, stall, divergence
        }
        return loop.finish()
    }
}

extension EpochMetrics {
    /// The metric an early-stopping or plateau `monitor` names, Keras-style: `val_loss`,
    /// `val_accuracy`, `train_loss` (or `loss`), `train_accuracy`, `test_loss`, `test_accuracy`.
    public static let monitorNames = ["val_loss", "val_accuracy", "train_loss", "train_accuracy", "test_loss", "test_accuracy"]

    public func monitored(_ name: String) -> Double? {
        switch name {
        case "val_loss", "validation_loss": return validationLoss
        case "val_accuracy", "val_acc", "validation_accuracy": return validationAccuracy
        case "loss", "train_loss": return trainLoss
        case "accuracy", "acc", "train_accuracy": return trainAccuracy
        case "test_loss": return testLoss
        case "test_accuracy": return testAccuracy
        default: return nil
        }
    }
}

extension Shape {
    /// This per-sample shape batched by `n`, reusing `current` when it already is that shape
    /// (so the steady state builds no new shape).
    @inline(__always)
    func withBatchIfNeeded(_ n: Int, current: Shape) -> Shape {
        if current.rank == rank + 1 && current[0] == n { return current }
        return batched(n)
    }
}
