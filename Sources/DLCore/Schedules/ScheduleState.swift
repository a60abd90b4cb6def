/// What a trainer holds for one run's schedule: the same two call sites serve every schedule,
/// reduce-on-plateau included.
///
///     let schedule = ScheduleState(spec.schedule, baseLR: spec.learningRate)
///     for epoch in 0..<epochs {
///         for batch in 0..<batches {
///             let step = epoch * batches + batch
///             optimizer.learningRate = schedule.rate(
///                 step: step, epoch: Double(step) / Double(batches))
///             … forward, backward, optimizer.step() …
///         }
///         schedule.endOfEpoch(metric: validationLoss)   // only plateau reads it
///     }
///
/// For reduce-on-plateau (alone or behind a warmup) the plateau's current rate is the base the
/// pure schedule works from; metrics reported while a warmup is still ramping are ignored, so
/// the plateau starts counting when its schedule starts.
public final class ScheduleState {
    public let schedule: LRSchedule
    public let baseLR: Float
    /// The plateau tracker, when the schedule has one.
    public let plateau: ReduceLROnPlateau?
    /// The rate returned by the last `rate(step:epoch:)` (the base before the first call).
    public private(set) var currentRate: Float
    private var lastStep = 0
    private var lastEpoch = 0.0

    public init(_ schedule: LRSchedule, baseLR: Float) {
        self.schedule = schedule
        self.baseLR = baseLR
        self.plateau = schedule.plateauSchedule.map {
            ReduceLROnPlateau($0, initialLR: Double(baseLR))
        }
        self.currentRate = baseLR
    }

    /// Whether `endOfEpoch(metric:)` needs a metric.
    public var observesMetric: Bool { plateau != nil }

    /// The metric the schedule watches (`"val_loss"` by default), or nil if it watches none.
    public var monitor: String? {
        schedule.plateauSchedule?.monitor
    }

    /// The learning rate for the batch at global step `step`, fractional epoch `epoch`.
    public func rate(step: Int, epoch: Double) -> Float {
        lastStep = step
        lastEpoch = epoch
        let base = plateau.map { $0.learningRate } ?? Double(baseLR)
        currentRate = Float(schedule.rate(base: base, step: max(step, 0), epoch: max(epoch, 0)))
        return currentRate
    }

    /// Reports the end of an epoch. Reduce-on-plateau observes `metric` (a missing metric is
    /// skipped, a non-finite one counts as no improvement); every other schedule ignores it.
    /// - Returns: the plateau's learning rate after the observation, or nil without a plateau.
    @discardableResult
    public func endOfEpoch(metric: Double?) -> Float? {
        guard let plateau else { return nil }
        if let metric, !schedule.isWarmingUp(step: lastStep, epoch: lastEpoch) {
            plateau.observe(metric: metric)
        }
        return Float(plateau.learningRate)
    }
}
