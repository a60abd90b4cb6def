/// `CyclicLR` (Smith 2017), per batch. Uses its own `baseLR` and ignores `lr₀`, as PyTorch
/// does. With `total = up + down`, `cycle = ⌊1 + t/total⌋`, `x = 1 + t/total − cycle`:
/// `scale = x/r` if `x ≤ r` else `(x − 1)/(r − 1)` where `r = up/total`;
/// `lr = baseLR + (maxLR − baseLR)·scale·f`, with `f = 1` (triangular), `1/2^(cycle−1)`
/// (triangular2) or `γ^t` (exp_range). `stepSizeDown` defaults to `stepSizeUp`.
public struct CyclicSchedule: ScheduleKind {
    public static let name = "cyclic"
    public var baseLR: Double
    public var maxLR: Double
    public var stepSizeUp: Int
    public var stepSizeDown: Int?
    public var mode: CyclicMode
    public var gamma: Double

    public init(baseLR: Double, maxLR: Double, stepSizeUp: Int = 2000, stepSizeDown: Int? = nil,
                mode: CyclicMode = .triangular, gamma: Double = 1) {
        self.baseLR = baseLR; self.maxLR = maxLR; self.stepSizeUp = stepSizeUp
        self.stepSizeDown = stepSizeDown; self.mode = mode; self.gamma = gamma
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(baseLR: try c.decode(Double.self, forKey: .baseLR), maxLR: try c.decode(Double.self, forKey: .maxLR),
                  stepSizeUp: try c.decodeIfPresent(Int.self, forKey: .stepSizeUp) ?? 2000,
                  stepSizeDown: try c.decodeIfPresent(Int.self, forKey: .stepSizeDown),
                  mode: try c.decodeIfPresent(CyclicMode.self, forKey: .mode) ?? .triangular,
                  gamma: try c.decodeIfPresent(Double.self, forKey: .gamma) ?? 1)
    }

    public var unit: ScheduleUnit { .step }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.cyclic(t: step, baseLR: baseLR, maxLR: maxLR, stepSizeUp: stepSizeUp, stepSizeDown: stepSizeDown,
                         mode: mode, gamma: gamma)
    }

    public var label: String {
        var parts = [mode.rawValue, "\(LRSchedule.short(baseLR))–\(LRSchedule.short(maxLR))", "up=\(stepSizeUp)"]
        if let down = stepSizeDown, down != stepSizeUp { parts.append("down=\(down)") }
        if mode == .expRange { parts.append("γ=\(LRSchedule.short(gamma))") }
        return "cyclic(\(parts.joined(separator: ", ")))"
    }

    public func validate() throws {
        try LRScheduleError.requirePositiveRate(baseLR, "baseLR")
        try LRScheduleError.requirePositiveRate(maxLR, "maxLR")
        try LRScheduleError.require(stepSizeUp > 0, "stepSizeUp", "must be at least 1 batch, got \(stepSizeUp).")
        try LRScheduleError.require((stepSizeDown ?? stepSizeUp) > 0, "stepSizeDown", "must be at least 1 batch, or left out.")
        try LRScheduleError.require(gamma > 0, "gamma", "must be positive (exp_range uses γ^step), got \(gamma).")
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
