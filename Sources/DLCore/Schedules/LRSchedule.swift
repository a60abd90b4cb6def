/// The unit a schedule counts in. PyTorch's convention: decay schedules (step, multistep,
/// exponential, cosine, SGDR, plateau) advance once per epoch; cyclical and one-cycle schedules
/// advance once per batch.
public enum ScheduleUnit: String, Codable, Hashable, Sendable {
    /// The global batch count (0 for the first batch of training).
    case step
    /// The epoch count (0 for the first epoch), possibly fractional.
    case epoch
}

/// A learning-rate schedule as a run spec stores it: a pure function of the training position
/// that the trainer asks for the rate before every batch, then sets `optimizer.learningRate`.
///
/// Each kind of schedule is one `ScheduleKind` type in `Schedules/Kinds/` (its fields, JSON,
/// formula, label and checks); this wrapper gives them one value type, so a spec holds any of
/// them and studies write `.cosine(tMax: 50)` or `.warmup(.epochs(5), then: .constant)`.
/// Semantics follow `torch.optim.lr_scheduler`; the formulas are in `LRFormula`. `t` below is
/// the count in the schedule's `unit`, and `lr₀` is the optimizer's base learning rate (the
/// `base` argument of `learningRate`).
///
/// Reduce-on-plateau is the one schedule that also observes a metric; as a pure function it is
/// constant, and `ScheduleState` supplies its current rate. Hold a `ScheduleState` in the trainer
/// so every schedule fits the same two call sites.
public struct LRSchedule: Hashable, Sendable {
    /// The schedule's kind and settings.
    public let kind: any ScheduleKind

    public init(_ kind: some ScheduleKind) { self.kind = kind }

    public static func == (a: LRSchedule, b: LRSchedule) -> Bool { AnyHashable(a.kind) == AnyHashable(b.kind) }
    public func hash(into hasher: inout Hasher) { AnyHashable(kind).hash(into: &hasher) }

    /// The unit `t` counts in. For a warmup, the inner schedule's unit (the ramp itself moves
    /// every batch).
    public var unit: ScheduleUnit { kind.unit }

    /// Whether the rate depends on the losses the run sees (reduce-on-plateau, alone or after a
    /// warmup), not on the step alone.
    public var followsLoss: Bool { kind.plateau != nil }

    /// The reduce-on-plateau schedule this one ends in (behind any warmups), if any.
    public var plateauSchedule: PlateauSchedule? { kind.plateau }

    /// True while a warmup (possibly nested) in front of the schedule is still ramping at this
    /// position. `ScheduleState` ignores plateau metrics reported during warmup.
    public func isWarmingUp(step: Int, epoch: Double) -> Bool { kind.isWarmingUp(step: step, epoch: epoch) }

    /// A short human label for reports and legends: `cosine(T_max=50)`, `step(5, γ=0.5)`,
    /// `warmup(5 epochs from 0.1×) → cosine(T_max=45)`. Defaults are left out.
    public var label: String { kind.label }

    /// Checks the settings before training so a bad spec fails early with a useful message.
    public func validate() throws { try kind.validate() }

    /// The learning rate for the batch at global step `step` (0-based count of batches done)
    /// in fractional epoch `epoch` (`step / batchesPerEpoch`, so 0 ≤ epoch < 1 during the first
    /// epoch). Epoch-unit schedules use `⌊epoch⌋`, except SGDR, which uses the fraction.
    public func learningRate(base: Float, step: Int, epoch: Double) -> Float {
        Float(rate(base: Double(base), step: max(step, 0), epoch: max(epoch, 0)))
    }

    /// `learningRate` in double precision, which the formulas use throughout.
    public func rate(base: Double, step: Int, epoch: Double) -> Double { kind.rate(base: base, step: step, epoch: epoch) }
}

/// The schedules by the names studies write. Each is documented on its kind.
extension LRSchedule {
    /// `lr₀` at every step (`ConstantSchedule`).
    public static let constant = LRSchedule(ConstantSchedule())

    /// `StepLR` (`StepSchedule`).
    public static func step(stepSize: Int, gamma: Double = 0.1) -> LRSchedule {
        LRSchedule(StepSchedule(stepSize: stepSize, gamma: gamma))
    }

    /// `MultiStepLR` (`MultiStepSchedule`).
    public static func multiStep(milestones: [Int], gamma: Double = 0.1) -> LRSchedule {
        LRSchedule(MultiStepSchedule(milestones: milestones, gamma: gamma))
    }

    /// `ExponentialLR` (`ExponentialSchedule`).
    public static func exponential(gamma: Double) -> LRSchedule { LRSchedule(ExponentialSchedule(gamma: gamma)) }

    /// `CosineAnnealingLR` (`CosineSchedule`).
    public static func cosine(tMax: Int, etaMin: Double = 0) -> LRSchedule { LRSchedule(CosineSchedule(tMax: tMax, etaMin: etaMin)) }

    /// `CosineAnnealingWarmRestarts`, SGDR (`CosineWarmRestartsSchedule`).
    public static func cosineWarmRestarts(t0: Int, tMult: Int = 1, etaMin: Double = 0) -> LRSchedule {
        LRSchedule(CosineWarmRestartsSchedule(t0: t0, tMult: tMult, etaMin: etaMin))
    }

    /// `CyclicLR` (`CyclicSchedule`).
    public static func cyclic(baseLR: Double, maxLR: Double, stepSizeUp: Int = 2000, stepSizeDown: Int? = nil,
                              mode: CyclicMode = .triangular, gamma: Double = 1) -> LRSchedule {
        LRSchedule(CyclicSchedule(baseLR: baseLR, maxLR: maxLR, stepSizeUp: stepSizeUp, stepSizeDown: stepSizeDown,
                                  mode: mode, gamma: gamma))
    }

    /// `OneCycleLR` (`OneCycleSchedule`).
    public static func oneCycle(maxLR: Double, totalSteps: Int, pctStart: Double = 0.3, anneal: AnnealStrategy = .cos,
                                divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false) -> LRSchedule {
        LRSchedule(OneCycleSchedule(maxLR: maxLR, totalSteps: totalSteps, pctStart: pctStart, anneal: anneal,
                                    divFactor: divFactor, finalDivFactor: finalDivFactor, threePhase: threePhase))
    }

    /// A learning-rate range test's exponential ramp (`RangeTestRampSchedule`).
    public static func rangeTest(startLR: Double, endLR: Double, steps: Int) -> LRSchedule {
        LRSchedule(RangeTestRampSchedule(startLR: startLR, endLR: endLR, steps: steps))
    }

    /// Linear warmup in front of `then` (`WarmupSchedule`).
    public static func warmup(_ length: WarmupLength, startFactor: Double = 1.0 / 3.0, then inner: LRSchedule) -> LRSchedule {
        LRSchedule(WarmupSchedule(length, startFactor: startFactor, then: inner))
    }

    /// `ReduceLROnPlateau` (`PlateauSchedule`).
    public static func reduceOnPlateau(
        mode: MetricMode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
        thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: Double = 0, eps: Double = 1e-8,
        monitor: String = "val_loss"
    ) -> LRSchedule {
        LRSchedule(PlateauSchedule(mode: mode, factor: factor, patience: patience, threshold: threshold,
                                   thresholdMode: thresholdMode, cooldown: cooldown, minLR: minLR, eps: eps, monitor: monitor))
    }
}

/// Whether a monitored metric improves by going down (a loss) or up (an accuracy).
public enum MetricMode: String, Codable, Hashable, Sendable, CaseIterable {
    case min, max
}
