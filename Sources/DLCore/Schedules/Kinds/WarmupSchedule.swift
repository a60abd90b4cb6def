/// Linear warmup (Goyal et al. 2017) in front of any schedule. Over the warmup the rate ramps
/// linearly, per batch, from `startFactor·target` to `target`, where `target` is the inner
/// schedule's first rate (`lr₀` for every schedule that uses `lr₀`):
/// `target·(startFactor + (1 − startFactor)·p)`, `p` = warmup progress in [0, 1).
/// After the warmup the inner schedule starts counting at 0: it sees `step − warmup steps`
/// and `epoch − warmup epochs`. (To decay at absolute epochs, subtract the warmup from the
/// milestones.) The default `startFactor` is PyTorch `LinearLR`'s 1/3.
///
/// JSON: `{"kind": "warmup", "epochs": 5, "startFactor": 0.1, "then": {"kind": "constant"}}`
/// (`steps` instead of `epochs` for a warmup in batches).
public struct WarmupSchedule: ScheduleKind {
    public static let name = "warmup"
    public var length: WarmupLength
    public var startFactor: Double
    /// The schedule after the warmup (`then` in JSON).
    public var inner: LRSchedule

    public init(_ length: WarmupLength, startFactor: Double = 1.0 / 3.0, then inner: LRSchedule) {
        self.length = length; self.startFactor = startFactor; self.inner = inner
    }

    private enum Key: String, CodingKey { case steps, epochs, startFactor, then }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let length: WarmupLength
        if let steps = try c.decodeIfPresent(Int.self, forKey: .steps) {
            length = .steps(steps)
        } else if let epochs = try c.decodeIfPresent(Double.self, forKey: .epochs) {
            length = .epochs(epochs)
        } else {
            throw DecodingError.keyNotFound(Key.steps, DecodingError.Context(
                codingPath: c.codingPath, debugDescription: "A warmup needs \"steps\" or \"epochs\"."))
        }
        self.init(length, startFactor: try c.decodeIfPresent(Double.self, forKey: .startFactor) ?? 1.0 / 3.0,
                  then: try c.decodeIfPresent(LRSchedule.self, forKey: .then) ?? .constant)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch length {
        case .steps(let n): try c.encode(n, forKey: .steps)
        case .epochs(let e): try c.encode(e, forKey: .epochs)
        }
        try c.encode(startFactor, forKey: .startFactor)
        try c.encode(inner, forKey: .then)
    }

    /// The inner schedule's unit (the ramp itself moves every batch).
    public var unit: ScheduleUnit { inner.unit }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.warmup(base: base, step: step, epoch: epoch, length: length, startFactor: startFactor, inner: inner)
    }

    public var label: String {
        let span: String
        switch length {
        case .steps(let n): span = n == 1 ? "1 step" : "\(n) steps"
        case .epochs(let e): span = e == 1 ? "1 epoch" : "\(LRSchedule.short(e)) epochs"
        }
        return "warmup(\(span) from \(LRSchedule.short(startFactor))×) → \(inner.label)"
    }

    public func validate() throws {
        switch length {
        case .steps(let n): try LRScheduleError.require(n >= 0, "steps", "must not be negative, got \(n).")
        case .epochs(let e): try LRScheduleError.require(e.isFinite && e >= 0, "epochs", "must not be negative, got \(e).")
        }
        try LRScheduleError.require(startFactor >= 0 && startFactor <= 1, "startFactor",
                                    "must lie in [0, 1] (the ramp starts at this × the rate), got \(startFactor).")
        do { try inner.validate() } catch let error as LRScheduleError {
            throw LRScheduleError(field: "then." + error.field, message: error.message)
        }
    }

    public var plateau: PlateauSchedule? { inner.plateauSchedule }

    public func isWarmingUp(step: Int, epoch: Double) -> Bool {
        if let p = LRFormula.warmupProgress(step: step, epoch: epoch, length: length), p < 1 { return true }
        let shifted = LRFormula.afterWarmup(step: step, epoch: epoch, length: length)
        return inner.isWarmingUp(step: shifted.step, epoch: shifted.epoch)
    }
}

/// How long a linear warmup lasts: a number of batches, or a (possibly fractional) number of
/// epochs. An epoch warmup advances with the fractional epoch, so it ramps every batch.
public enum WarmupLength: Hashable, Sendable {
    case steps(Int)
    case epochs(Double)
}
