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
/// Semantics follow `torch.optim.lr_scheduler`; each case's formula is in its doc comment and in
/// the matching function of `LRFormula`. `t` below is the count in the schedule's `unit`, and
/// `lr₀` is the optimizer's base learning rate (the `base` argument of `learningRate`).
///
/// Reduce-on-plateau is the one schedule that also observes a metric; as a pure function it is
/// constant, and `ScheduleState` supplies its current rate. Hold a `ScheduleState` in the trainer
/// so every schedule fits the same two call sites.
public indirect enum LRSchedule: Hashable, Sendable {
    /// `lr₀` at every step.
    case constant

    /// `StepLR`, per epoch: `lr₀ · γ^⌊t / stepSize⌋`.
    case step(stepSize: Int, gamma: Double = 0.1)

    /// `MultiStepLR`, per epoch: `lr₀ · γ^(number of milestones ≤ t)`.
    case multiStep(milestones: [Int], gamma: Double = 0.1)

    /// `ExponentialLR`, per epoch: `lr₀ · γ^t`.
    case exponential(gamma: Double)

    /// `CosineAnnealingLR`, per epoch, PyTorch's closed form followed exactly:
    /// `η_min + ½(lr₀ − η_min)(1 + cos(π t / T_max))`.
    /// Past `T_max` this formula rises again (period `2·T_max`), as in PyTorch; it is not clamped.
    /// To stay at `η_min`, train for at most `T_max` epochs or use `oneCycle`.
    case cosine(tMax: Int, etaMin: Double = 0)

    /// `CosineAnnealingWarmRestarts` (SGDR, Loshchilov & Hutter 2017), per **fractional** epoch:
    /// period i has length `T_i = T₀·T_multⁱ`; with `T_cur` the (fractional) epochs since the
    /// last restart, `η_min + ½(lr₀ − η_min)(1 + cos(π T_cur / T_i))`.
    case cosineWarmRestarts(t0: Int, tMult: Int = 1, etaMin: Double = 0)

    /// `CyclicLR` (Smith 2017), per batch. Uses its own `baseLR` and ignores `lr₀`, as PyTorch
    /// does. With `total = up + down`, `cycle = ⌊1 + t/total⌋`, `x = 1 + t/total − cycle`:
    /// `scale = x/r` if `x ≤ r` else `(x − 1)/(r − 1)` where `r = up/total`;
    /// `lr = baseLR + (maxLR − baseLR)·scale·f`, with `f = 1` (triangular), `1/2^(cycle−1)`
    /// (triangular2) or `γ^t` (exp_range). `stepSizeDown` defaults to `stepSizeUp`.
    case cyclic(
        baseLR: Double, maxLR: Double, stepSizeUp: Int = 2000, stepSizeDown: Int? = nil,
        mode: CyclicMode = .triangular, gamma: Double = 1)

    /// `OneCycleLR` (Smith & Topin 2019), per batch. Ignores `lr₀`. Starts at
    /// `initial = maxLR/divFactor`, ends at `initial/finalDivFactor`. Two phases (default):
    /// initial → maxLR over steps `0…pct·N − 1`, then maxLR → min over `…N − 1`. Three phases:
    /// initial → maxLR (`…pct·N − 1`), maxLR → initial (`…2·pct·N − 2`), initial → min (`…N − 1`).
    /// Within a phase `p = (t − start)/(end − start)`; cos: `end + ½(start − end)(1 + cos πp)`,
    /// linear: `start + (end − start)·p`. Steps past `N − 1` stay at the final rate (PyTorch
    /// raises).
    case oneCycle(
        maxLR: Double, totalSteps: Int, pctStart: Double = 0.3, anneal: AnnealStrategy = .cos,
        divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false)

    /// The exponential ramp of a learning-rate range test (Smith 2017; fastai's `lr_find`), per
    /// batch. Ignores `lr₀`: `startLR·(endLR/startLR)^(t/(steps − 1))`, staying at `endLR` past
    /// step `steps − 1`. A run with this schedule, a budget of `steps` batches and every step
    /// recorded *is* a range test; `LRRangeTest` smooths its losses and suggests a rate.
    case rangeTest(startLR: Double, endLR: Double, steps: Int)

    /// Linear warmup (Goyal et al. 2017) in front of any schedule. Over the warmup the rate ramps
    /// linearly, per batch, from `startFactor·target` to `target`, where `target` is the inner
    /// schedule's first rate (`lr₀` for every schedule that uses `lr₀`):
    /// `target·(startFactor + (1 − startFactor)·p)`, `p` = warmup progress in [0, 1).
    /// After the warmup the inner schedule starts counting at 0: it sees `step − warmup steps`
    /// and `epoch − warmup epochs`. (To decay at absolute epochs, subtract the warmup from the
    /// milestones.) The default `startFactor` is PyTorch `LinearLR`'s 1/3.
    case warmup(WarmupLength, startFactor: Double = 1.0 / 3.0, then: LRSchedule)

    /// `ReduceLROnPlateau`, per epoch, observing `monitor` (PyTorch's defaults; see
    /// `ReduceLROnPlateau` for the exact rule). As a pure function it returns `lr₀`; the rate it
    /// has reduced to lives in a `ScheduleState`.
    case reduceOnPlateau(
        mode: MetricMode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0,
        minLR: Double = 0, eps: Double = 1e-8, monitor: String = "val_loss")

    /// The unit `t` counts in. For `warmup`, the inner schedule's unit (the ramp itself moves
    /// every batch).
    public var unit: ScheduleUnit {
        switch self {
        case .constant, .cyclic, .oneCycle, .rangeTest: return .step
        case .step, .multiStep, .exponential, .cosine, .cosineWarmRestarts, .reduceOnPlateau:
            return .epoch
        case .warmup(_, _, let inner): return inner.unit
        }
    }

    /// Whether the rate depends on the losses the run sees (reduce-on-plateau, alone or after a
    /// warmup), not on the step alone.
    public var followsLoss: Bool {
        switch self {
        case .reduceOnPlateau: return true
        case .warmup(_, _, let inner): return inner.followsLoss
        default: return false
        }
    }

    /// The learning rate for the batch at global step `step` (0-based count of batches done)
    /// in fractional epoch `epoch` (`step / batchesPerEpoch`, so 0 ≤ epoch < 1 during the first
    /// epoch). Epoch-unit schedules use `⌊epoch⌋`, except SGDR, which uses the fraction.
    public func learningRate(base: Float, step: Int, epoch: Double) -> Float {
        Float(rate(base: Double(base), step: max(step, 0), epoch: max(epoch, 0)))
    }

    /// `learningRate` in double precision, which the formulas use throughout.
    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        let e = epoch.rounded(.down)
        switch self {
        case .constant, .reduceOnPlateau:
            return base
        case let .step(stepSize, gamma):
            return LRFormula.step(base: base, t: Int(e), stepSize: stepSize, gamma: gamma)
        case let .multiStep(milestones, gamma):
            return LRFormula.multiStep(base: base, t: Int(e), milestones: milestones, gamma: gamma)
        case let .exponential(gamma):
            return LRFormula.exponential(base: base, t: e, gamma: gamma)
        case let .cosine(tMax, etaMin):
            return LRFormula.cosine(base: base, t: e, tMax: tMax, etaMin: etaMin)
        case let .cosineWarmRestarts(t0, tMult, etaMin):
            return LRFormula.warmRestarts(
                base: base, t: epoch, t0: t0, tMult: tMult, etaMin: etaMin)
        case let .cyclic(baseLR, maxLR, up, down, mode, gamma):
            return LRFormula.cyclic(
                t: step, baseLR: baseLR, maxLR: maxLR, stepSizeUp: up, stepSizeDown: down,
                mode: mode, gamma: gamma)
        case let .oneCycle(maxLR, totalSteps, pctStart, anneal, divFactor, finalDiv, threePhase):
            return LRFormula.oneCycle(
                t: step, maxLR: maxLR, totalSteps: totalSteps, pctStart: pctStart, anneal: anneal,
                divFactor: divFactor, finalDivFactor: finalDiv, threePhase: threePhase)
        case let .rangeTest(startLR, endLR, steps):
            return LRFormula.rangeTest(t: step, startLR: startLR, endLR: endLR, steps: steps)
        case let .warmup(length, startFactor, inner):
            return LRFormula.warmup(
                base: base, step: step, epoch: epoch, length: length, startFactor: startFactor,
                inner: inner)
        }
    }
}

/// `CyclicLR`'s amplitude policy.
public enum CyclicMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Constant amplitude.
    case triangular
    /// Amplitude halves every cycle.
    case triangular2
    /// Amplitude scaled by `γ^t`, `t` the batch count.
    case expRange = "exp_range"
}

/// `OneCycleLR`'s annealing shape.
public enum AnnealStrategy: String, Codable, Hashable, Sendable, CaseIterable {
    case cos, linear
}

/// Whether a monitored metric improves by going down (a loss) or up (an accuracy).
public enum MetricMode: String, Codable, Hashable, Sendable, CaseIterable {
    case min, max
}

/// How `ReduceLROnPlateau` compares a metric with its best value.
public enum ThresholdMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Relative: better than `best·(1 ∓ threshold)`.
    case rel
    /// Absolute: better than `best ∓ threshold`.
    case abs
}

/// How long a linear warmup lasts: a number of batches, or a (possibly fractional) number of
/// epochs. An epoch warmup advances with the fractional epoch, so it ramps every batch.
public enum WarmupLength: Hashable, Sendable {
    case steps(Int)
    case epochs(Double)
}
