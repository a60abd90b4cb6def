/// A schedule setting that cannot work, named by its field, with the fix in the message.
public struct LRScheduleError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The field, as spelled in JSON (`tMax`, `then.stepSize`).
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "schedule.\(field): \(message)" }
}

extension LRSchedule {
    /// Checks the settings before training so a bad spec fails early with a useful message.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ message: String) throws {
            if !ok { throw LRScheduleError(field: field, message: message) }
        }
        func positiveRate(_ x: Double, _ field: String) throws {
            try check(x.isFinite && x > 0, field, "must be a positive learning rate, got \(x).")
        }
        switch self {
        case .constant: return
        case let .step(stepSize, gamma):
            try check(stepSize > 0, "stepSize", "must be at least 1 epoch, got \(stepSize).")
            try check(gamma > 0, "gamma", "must be positive (0.1 divides by ten), got \(gamma).")
        case let .multiStep(milestones, gamma):
            try check(
                milestones == milestones.sorted(), "milestones", "must be in increasing order.")
            try check(gamma > 0, "gamma", "must be positive (0.1 divides by ten), got \(gamma).")
        case let .exponential(gamma):
            try check(
                gamma > 0, "gamma", "must be positive (0.95 loses 5% an epoch), got \(gamma).")
        case let .cosine(tMax, etaMin):
            try check(tMax > 0, "tMax", "must be at least 1 epoch, got \(tMax).")
            try check(etaMin >= 0, "etaMin", "must not be negative, got \(etaMin).")
        case let .cosineWarmRestarts(t0, tMult, etaMin):
            try check(t0 > 0, "t0", "must be at least 1 epoch, got \(t0).")
            try check(tMult >= 1, "tMult", "must be an integer of at least 1, got \(tMult).")
            try check(etaMin >= 0, "etaMin", "must not be negative, got \(etaMin).")
        case let .cyclic(baseLR, maxLR, up, down, _, gamma):
            try positiveRate(baseLR, "baseLR")
            try positiveRate(maxLR, "maxLR")
            try check(up > 0, "stepSizeUp", "must be at least 1 batch, got \(up).")
            try check((down ?? up) > 0, "stepSizeDown", "must be at least 1 batch, or left out.")
            try check(gamma > 0, "gamma", "must be positive (exp_range uses γ^step), got \(gamma).")
        case let .oneCycle(maxLR, totalSteps, pctStart, _, divFactor, finalDiv, _):
            try positiveRate(maxLR, "maxLR")
            try check(totalSteps > 0, "totalSteps", "must be at least 1 batch, got \(totalSteps).")
            try check(
                pctStart > 0 && pctStart < 1, "pctStart", "must lie in (0, 1), got \(pctStart).")
            try check(divFactor > 0, "divFactor", "must be positive, got \(divFactor).")
            try check(finalDiv > 0, "finalDivFactor", "must be positive, got \(finalDiv).")
        case let .rangeTest(startLR, endLR, steps):
            try positiveRate(startLR, "startLR")
            try positiveRate(endLR, "endLR")
            try check(steps > 0, "steps", "must be at least 1 batch, got \(steps).")
        case let .warmup(length, startFactor, inner):
            switch length {
            case .steps(let n): try check(n >= 0, "steps", "must not be negative, got \(n).")
            case .epochs(let e):
                try check(e.isFinite && e >= 0, "epochs", "must not be negative, got \(e).")
            }
            try check(
                startFactor >= 0 && startFactor <= 1, "startFactor",
                "must lie in [0, 1] (the ramp starts at this × the rate), got \(startFactor).")
            do { try inner.validate() } catch let error as LRScheduleError {
                throw LRScheduleError(field: "then." + error.field, message: error.message)
            }
        case let .reduceOnPlateau(_, factor, patience, threshold, _, cooldown, minLR, eps, _):
            try check(factor > 0 && factor < 1, "factor", "must lie in (0, 1), got \(factor).")
            try check(patience >= 0, "patience", "must not be negative, got \(patience).")
            try check(threshold >= 0, "threshold", "must not be negative, got \(threshold).")
            try check(cooldown >= 0, "cooldown", "must not be negative, got \(cooldown).")
            try check(minLR >= 0, "minLR", "must not be negative, got \(minLR).")
            try check(eps >= 0, "eps", "must not be negative, got \(eps).")
        }
    }
}
