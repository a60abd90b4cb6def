/// One hook's part in `Trainer.run`: a method per point of the loop, each doing nothing unless
/// the hook acts there. Specs name hooks by `TrainingHook`; the trainer builds these from them (`HookKind.makeCallback`)
/// (and from its `mask`), in the order the points promise: mask, clipping, averaging,
/// snapshots.
///
/// The calls run on every step, so an implementation allocates nothing in `gradientsReady` and
/// `stepEnded` (it sets up its buffers when it is made); a run without hooks has none of these.
public protocol TrainingCallback: AnyObject {
    /// Before the first step, with the weights initialized (or loaded), before row 0 is measured.
    func runWillStart(_ trainer: Trainer)
    /// The rate for batch `batch` (from 0) of `batches` of `epoch` (counting from 1), given the schedule's.
    func learningRate(_ scheduled: Float, epoch: Int, batch: Int, of batches: Int) -> Float
    /// After backward and the penalty's gradient, before the optimizer's step.
    func gradientsReady(_ trainer: Trainer)
    /// After the optimizer's step; `step` counts the steps taken so far.
    func stepEnded(_ trainer: Trainer, step: Int)
    /// A step's row is being recorded (`record.everySteps`).
    func stepRecorded(_ row: inout StepMetrics)
    /// After the last step of `epoch`, before it is evaluated.
    func epochEnded(_ trainer: Trainer, epoch: Int)
    /// After the loop, whatever ended it. Says in the record what the hook did; returns true when
    /// it replaced the model's weights, so that the final metrics are measured again.
    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool
}

extension TrainingCallback {
    public func runWillStart(_ trainer: Trainer) {}
    public func learningRate(_ scheduled: Float, epoch: Int, batch: Int, of batches: Int) -> Float { scheduled }
    public func gradientsReady(_ trainer: Trainer) {}
    public func stepEnded(_ trainer: Trainer, step: Int) {}
    public func stepRecorded(_ row: inout StepMetrics) {}
    public func epochEnded(_ trainer: Trainer, epoch: Int) {}
    public func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool { false }
}

extension Trainer {
    /// The callbacks of this run, in the order they act at each point: the mask, then the
    /// hooks by phase (the spec's order within a phase).
    func makeCallbacks() -> [TrainingCallback] {
        var callbacks: [TrainingCallback] = []
        if let mask { callbacks.append(Masking(mask, model: model)) }
        let ordered = spec.hooks.enumerated().sorted { ($0.element.phase, $0.offset) < ($1.element.phase, $1.offset) }
        callbacks += ordered.map { $0.element.settings.makeCallback(model: model) }
        return callbacks
    }
}
