import Foundation

/// The state of one `Trainer.run()`, and its phases: `start`, then per epoch `trainEpoch`,
/// `endEpoch`, `evaluateEpoch`, then `finish`. Hooks act between them (`TrainingCallback`); a
/// run without hooks has none, and the per-step path allocates nothing.
final class TrainingLoop {
    let trainer: Trainer
    let spec: RunSpec
    let model: Sequential
    let optimizer: Optimizer
    let train: Dataset
    let callbacks: [TrainingCallback]
    let schedule: ScheduleState
    let step: ClassifierStep
    let stopper: EarlyStopping?
    let batchesPerEpoch: Int
    let maxEpochs: Int, maxSteps: Int

    var record: RunRecord
    var epoch = 0
    var globalStep = 0
    var samplesSeen = 0
    private var bestWeights: [Tensor]?
    private var stallChecked = false
    private var evaluationNanoseconds: UInt64 = 0
    private let startTime = DispatchTime.now().uptimeNanoseconds

    // Per-batch buffers, reused.
    private var orderStream: RandomStream
    private var augmentStream: RandomStream
    private let batch: Tensor
    private var labels: [Int32]
    private var order: [Int]
    private let evalBuffer = Tensor(shape: [0])
    private let evalLoss = CrossEntropyLoss()

    init(_ trainer: Trainer) {
        self.trainer = trainer
        spec = trainer.spec
        model = trainer.model
        optimizer = trainer.optimizer
        train = trainer.data.train
        callbacks = trainer.makeCallbacks()
        let n = train.count
        batchesPerEpoch = spec.dropLast ? n / spec.batchSize : (n + spec.batchSize - 1) / spec.batchSize
        schedule = ScheduleState(spec.schedule, baseLR: spec.optimizer.lr)
        step = ClassifierStep(model: model, optimizer: optimizer)
        let penalty = spec.penalty
        if penalty.isActive { step.penalty = { penalty.addGradient($0.parameters) } }
        stopper = spec.earlyStopping.map { EarlyStopping($0) }
        maxEpochs = spec.budget.epochs ?? Int.max
        maxSteps = spec.budget.steps ?? Int.max
        orderStream = RandomStream(seed: spec.seed, stream: "data-order")
        augmentStream = RandomStream(seed: spec.seed, stream: "augmentation")
        batch = Tensor(shape: train.sampleShape.batched(spec.batchSize))
        labels = [Int32](repeating: 0, count: spec.batchSize)
        order = Array(0..<n)
        record = RunRecord(
            specHash: spec.hash, engineVersion: Engine.version, status: .completed, epochs: [], final: nil, steps: [],
            parameterCount: model.parameterCount,
            trainingFLOPsPerSample: 6 * model.forwardMACs(for: train.sampleShape), wallSeconds: 0, probes: [:])
    }

    var hasBudget: Bool { epoch < maxEpochs && globalStep < maxSteps }

    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - startTime) / 1e9 }

    /// The rate of a step: the schedule's, unless a hook holds it (SWA's constant rate).
    private func rate(step: Int, epoch fractionalEpoch: Double, epoch: Int, batch: Int) -> Float {
        var lr = schedule.rate(step: step, epoch: fractionalEpoch)
        for c in callbacks { lr = c.learningRate(lr, epoch: epoch, batch: batch, of: batchesPerEpoch) }
        return lr
    }

    /// Hooks that act before the first step, then row 0: the model before training.
    func start() {
        for c in callbacks { c.runWillStart(trainer) }
        // Row 0 records the rate the first step will take (a warm-up's or a cycle's start), not
        // the optimizer's base rate; the first step sets the same value again.
        optimizer.learningRate = rate(step: 0, epoch: 0, epoch: 1, batch: 0)
        record.epochs.append(evaluate(epoch: 0, runningLoss: nil, full: true))
    }

    /// One epoch of steps (fewer when the step budget ends it). False when a loss was not
    /// finite: the record then says `diverged` at that step.
    func trainEpoch() -> Bool {
        epoch += 1
        if spec.shuffle { orderStream.shuffle(&order) }
        let n = train.count, s = train.sampleSize, batchSize = spec.batchSize
        let order = self.order, batch = self.batch, callbacks = self.callbacks
        var augmentStream = self.augmentStream
        defer { self.augmentStream = augmentStream }
        var lossSum = 0.0, lossCount = 0
        var diverged = false
        train.inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeMutableBufferPointer { y in
                for b in 0..<batchesPerEpoch where globalStep < maxSteps {
                    let first = b * batchSize, count = min(batchSize, n - first)
                    let lr = rate(step: globalStep, epoch: Double(epoch - 1) + Double(b) / Double(batchesPerEpoch), epoch: epoch, batch: b)
                    optimizer.learningRate = lr
                    batch.resize(to: train.sampleShape.withBatchIfNeeded(count, current: batch.shape))
                    for r in 0..<count {
                        let i = order[first + r]
                        (batch.pointer + r * s).update(from: x.baseAddress! + i * s, count: s)
                        y[r] = train.labels[i]
                    }
                    for a in spec.augmentation { a.apply(to: batch, generator: &augmentStream) }
                    let (loss, _, computed) = step.gradients(inputs: batch, labels: UnsafePointer(y.baseAddress!))
                    if computed {
                        for c in callbacks { c.gradientsReady(trainer) }
                        optimizer.step()
                    }
                    globalStep += 1
                    samplesSeen += count
                    if !loss.isFinite {
                        record.status = .diverged
                        record.divergedAtStep = globalStep
                        diverged = true
                        return
                    }
                    for c in callbacks { c.stepEnded(trainer, step: globalStep) }
                    lossSum += Double(loss); lossCount += 1
                    if spec.record.everySteps > 0 && globalStep % spec.record.everySteps == 0 {
                        var row = StepMetrics(step: globalStep, learningRate: Double(lr), loss: Double(loss))
                        for c in callbacks { c.stepRecorded(&row) }
                        record.steps.append(row)
                    }
                }
            }
        }
        runningLoss = lossCount > 0 ? lossSum / Double(lossCount) : nil
        return !diverged
    }
    private var runningLoss: Double?

    /// Hooks that act at the end of an epoch, before it is evaluated (SWA, snapshots).
    func endEpoch() {
        for c in callbacks { c.epochEnded(trainer, epoch: epoch) }
    }

    /// Evaluates the epoch and decides whether training goes on: false when the metrics are not
    /// finite, early stopping stops, the loss target is reached or the run stalled.
    func evaluateEpoch() -> Bool {
        let last = epoch == maxEpochs || globalStep >= maxSteps
        let full = last || epoch % max(spec.record.evaluateEvery, 1) == 0
        let m = evaluate(epoch: epoch, runningLoss: runningLoss, full: full)
        let evaluated = m.trainLoss.map { $0.isFinite } ?? true
        record.epochs.append(m)
        trainer.onEpoch?(Trainer.Progress(epoch: epoch, step: globalStep, totalSteps: spec.budget.steps ?? spec.budget.epochs.map { $0 * batchesPerEpoch },
                                          loss: m.trainLoss ?? m.runningLoss))
        if !evaluated {
            record.status = .diverged
            record.divergedAtStep = globalStep
            return false
        }
        let metricForPlateau = schedule.monitor.flatMap { m.monitored($0) } ?? m.validationLoss ?? m.trainLoss
        schedule.endOfEpoch(metric: metricForPlateau)
        if let stopper, let watched = m.monitored(stopper.config.monitor) {
            // EarlyStopping counts epochs from 0 like Keras; our rows count them from 1.
            let verdict = stopper.observe(metric: watched, epoch: epoch - 1)
            if verdict == .improved && stopper.config.restoreBestWeights {
                bestWeights = model.parameters.map { $0.value.copy() } + model.buffers.map { $0.value.copy() }
            }
            if verdict == .stop { record.status = .stoppedEarly; return false }
        }
        if let target = spec.budget.targetTrainLoss, let t = m.trainLoss, t < target {
            record.status = .reachedTarget
            return false
        }
        // The stall rule looks once, at the first epoch past `stallSteps`: it gives up on runs
        // that never started to learn, not on a learning run whose loss spikes later.
        if let steps = spec.budget.stallSteps, let limit = spec.budget.stallLoss, globalStep >= steps, !stallChecked {
            stallChecked = true
            if let t = m.trainLoss, t > limit {
                record.status = .stalled
                return false
            }
        }
        return true
    }

    /// The final metrics: of the weights the run ends with (the restored best ones, the last,
    /// or a hook's average), and the times.
    func finish() -> RunRecord {
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
        var replaced = false
        for c in callbacks where c.runEnded(trainer, record: &record) { replaced = true }
        if replaced, let last = record.final {
            record.final = evaluate(epoch: last.epoch, runningLoss: nil, full: true)
        }
        record.wallSeconds = elapsed()
        record.evaluationSeconds = Double(evaluationNanoseconds) / 1e9
        return record
    }

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
        if let v = trainer.data.validation, full || stopper != nil || schedule.observesMetric {
            let e = Evaluation.of(model, on: v, buffer: evalBuffer, loss: evalLoss)
            m.validationLoss = e.loss; m.validationAccuracy = e.accuracy
        }
        if full {
            let e = Evaluation.of(model, on: trainer.data.test, buffer: evalBuffer, loss: evalLoss)
            m.testLoss = e.loss; m.testAccuracy = e.accuracy
        }
        m.elapsedSeconds = elapsed()
        return m
    }
}
