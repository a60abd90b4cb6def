import Foundation

/// Trains one `RunSpec` and records what happened.
///
/// The loop, per batch: ask the schedule for the rate of this step and set it; gather the batch
/// in this epoch's order; augment it; forward, loss, backward, penalty, update. Per epoch:
/// evaluate, let reduce-on-plateau and early stopping observe, check the budget. A loss that is
/// not finite ends the run as `diverged` at that step: a result, not a crash.
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
            var rng = RandomStream(seed: spec.seed, stream: "init")
            model.initialize(spec.initialization, using: &rng)
        }
        for (i, layer) in model.layers.enumerated() {
            (layer as? Dropout)?.generator = RandomStream(seed: spec.seed, stream: "dropout/\(i)")
        }
        optimizer = spec.optimizer.make(parameters: model.parameters)
    }

    /// Trains to the end of the budget and returns the record. The model keeps the final
    /// weights (the best ones when early stopping restores them).
    public func run() -> RunRecord {
        EngineUsage.count { $0.runsTrained += 1 }
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

        let train = data.train
        let n = train.count, s = train.sampleSize, batchSize = spec.batchSize
        let batchesPerEpoch = spec.dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
        let schedule = ScheduleState(spec.schedule, baseLR: spec.optimizer.lr)
        let step = ClassifierStep(model: model, optimizer: optimizer)
        let penalty = spec.penalty
        if penalty.isActive { step.penalty = { penalty.addGradient($0.parameters) } }
        let stopper = spec.earlyStopping.map { EarlyStopping($0) }
        var bestWeights: [Tensor]?

        var orderStream = RandomStream(seed: spec.seed, stream: "data-order")
        var augmentStream = RandomStream(seed: spec.seed, stream: "augmentation")
        let batch = Tensor(shape: train.sampleShape.batched(batchSize))
        var labels = [Int32](repeating: 0, count: batchSize)
        var order = Array(0..<n)
        let evalBuffer = Tensor(shape: [0])
        let evalLoss = CrossEntropyLoss()

        var record = RunRecord(
            specHash: spec.hash, engineVersion: Engine.version, status: .completed, epochs: [], final: nil, steps: [],
            parameterCount: model.parameterCount,
            trainingFLOPsPerSample: 6 * model.forwardMACs(for: train.sampleShape), wallSeconds: 0, probes: [:])

        var globalStep = 0
        var samplesSeen = 0
        var evaluationNanoseconds: UInt64 = 0
        func evaluate(epoch: Int, runningLoss: Double?, full: Bool) -> EpochMetrics {
            let evaluationStart = DispatchTime.now().uptimeNanoseconds
            defer { evaluationNanoseconds += DispatchTime.now().uptimeNanoseconds - evaluationStart }
            var m = EpochMetrics(epoch: epoch, step: globalStep, samplesSeen: samplesSeen,
                                 learningRate: Double("\(optimizer.learningRate)") ?? Double(optimizer.learningRate), runningLoss: runningLoss, elapsedSeconds: 0)
            let needTrain = full || spec.budget.targetTrainLoss != nil || spec.budget.stallLoss != nil
                || spec.earlyStopping.map { !$0.monitor.hasPrefix("val") } == true
            if needTrain {
                let e = Evaluation.of(model, on: train, buffer: evalBuffer, loss: evalLoss)
                m.trainLoss = e.loss; m.trainAccuracy = e.accuracy
            }
            if let v = data.validation, full || stopper != nil || schedule.observesMetric {
                let e = Evaluation.of(model, on: v, buffer: evalBuffer, loss: evalLoss)
                m.validationLoss = e.loss; m.validationAccuracy = e.accuracy
            }
            if full {
                let e = Evaluation.of(model, on: data.test, buffer: evalBuffer, loss: evalLoss)
                m.testLoss = e.loss; m.testAccuracy = e.accuracy
            }
            m.elapsedSeconds = elapsed()
            return m
        }
        // Row 0 records the rate the first step will take (a warm-up's or a cycle's start), not
        // the optimizer's base rate; the first step sets the same value again.
        optimizer.learningRate = schedule.rate(step: 0, epoch: 0)
        record.epochs.append(evaluate(epoch: 0, runningLoss: nil, full: true))

        let maxEpochs = spec.budget.epochs ?? Int.max
        let maxSteps = spec.budget.steps ?? Int.max
        var epoch = 0
        var stallChecked = false
        training: while epoch < maxEpochs && globalStep < maxSteps {
            epoch += 1
            if spec.shuffle { orderStream.shuffle(&order) }
            var lossSum = 0.0, lossCount = 0
            train.inputs.withUnsafeBufferPointer { x in
                labels.withUnsafeMutableBufferPointer { y in
                    for b in 0..<batchesPerEpoch where globalStep < maxSteps {
                        let first = b * batchSize, count = min(batchSize, n - first)
                        let lr = schedule.rate(step: globalStep, epoch: Double(epoch - 1) + Double(b) / Double(batchesPerEpoch))
                        optimizer.learningRate = lr
                        batch.resize(to: train.sampleShape.withBatchIfNeeded(count, current: batch.shape))
                        for r in 0..<count {
                            let i = order[first + r]
                            (batch.pointer + r * s).update(from: x.baseAddress! + i * s, count: s)
                            y[r] = train.labels[i]
                        }
                        for a in spec.augmentation { a.apply(to: batch, generator: &augmentStream) }
                        let loss = step.step(inputs: batch, labels: UnsafePointer(y.baseAddress!)).loss
                        globalStep += 1
                        samplesSeen += count
                        if !loss.isFinite {
                            record.status = .diverged
                            record.divergedAtStep = globalStep
                            return
                        }
                        lossSum += Double(loss); lossCount += 1
                        if spec.record.everySteps > 0 && globalStep % spec.record.everySteps == 0 {
                            record.steps.append(StepMetrics(step: globalStep, learningRate: Double(lr), loss: Double(loss)))
                        }
                    }
                }
            }
            if record.status == .diverged { break training }

            let last = epoch == maxEpochs || globalStep >= maxSteps
            let full = last || epoch % max(spec.record.evaluateEvery, 1) == 0
            let m = evaluate(epoch: epoch, runningLoss: lossCount > 0 ? lossSum / Double(lossCount) : nil, full: full)
            let evaluated = m.trainLoss.map { $0.isFinite } ?? true
            record.epochs.append(m)
            onEpoch?(Progress(epoch: epoch, step: globalStep, totalSteps: spec.budget.steps ?? spec.budget.epochs.map { $0 * batchesPerEpoch },
                              loss: m.trainLoss ?? m.runningLoss))
            if !evaluated {
                record.status = .diverged
                record.divergedAtStep = globalStep
                break
            }
            let metricForPlateau = schedule.monitor.flatMap { m.monitored($0) } ?? m.validationLoss ?? m.trainLoss
            schedule.endOfEpoch(metric: metricForPlateau)
            if let stopper, let watched = m.monitored(stopper.config.monitor) {
                // EarlyStopping counts epochs from 0 like Keras; our rows count them from 1.
                let verdict = stopper.observe(metric: watched, epoch: epoch - 1)
                if verdict == .improved && stopper.config.restoreBestWeights {
                    bestWeights = model.parameters.map { $0.value.copy() } + model.buffers.map { $0.value.copy() }
                }
                if verdict == .stop { record.status = .stoppedEarly; break }
            }
            if let target = spec.budget.targetTrainLoss, let t = m.trainLoss, t < target {
                record.status = .reachedTarget
                break
            }
            // The stall rule looks once, at the first epoch past `stallSteps`: it gives up on runs
            // that never started to learn, not on a learning run whose loss spikes later.
            if let steps = spec.budget.stallSteps, let limit = spec.budget.stallLoss, globalStep >= steps, !stallChecked {
                stallChecked = true
                if let t = m.trainLoss, t > limit {
                    record.status = .stalled
                    break
                }
            }
        }

        // `final` describes the weights the run ends with: the restored best ones, or the last.
        record.bestEpoch = stopper?.bestEpoch.map { $0 + 1 }
        if let saved = bestWeights, let best = record.bestEpoch {
            let targets = model.parameters.map(\.value) + model.buffers.map(\.value)
            for (t, v) in zip(targets, saved) { t.assign(v) }
            record.final = evaluate(epoch: best, runningLoss: nil, full: true)
        } else if let last = record.epochs.last, last.testLoss == nil, record.status != .diverged {
            // The loop stopped on an epoch that was only partly evaluated (target, stall, early stop).
            let full = evaluate(epoch: last.epoch, runningLoss: last.runningLoss, full: true)
            record.epochs[record.epochs.count - 1] = full
            record.final = full
        } else {
            record.final = record.epochs.last
        }
        record.wallSeconds = elapsed()
        record.evaluationSeconds = Double(evaluationNanoseconds) / 1e9
        return record
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
