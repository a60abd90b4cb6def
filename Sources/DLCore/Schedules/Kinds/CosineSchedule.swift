/// `CosineAnnealingLR`, per epoch, PyTorch's closed form followed exactly:
/// `η_min + ½(lr₀ − η_min)(1 + cos(π t / T_max))`.
/// Past `T_max` this formula rises again (period `2·T_max`), as in PyTorch; it is not clamped.
/// To stay at `η_min`, train for at most `T_max` epochs or use `oneCycle`.
public struct CosineSchedule: ScheduleKind {
    public static let name = "cosine"
    public var tMax: Int
    public var etaMin: Double

    public init(tMax: Int, etaMin: Double = 0) { self.tMax = tMax; self.etaMin = etaMin }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(tMax: try c.decode(Int.self, forKey: .tMax),
                  etaMin: try c.decodeIfPresent(Double.self, forKey: .etaMin) ?? 0)
    }

    public var unit: ScheduleUnit { .epoch }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.cosine(base: base, t: epoch.rounded(.down), tMax: tMax, etaMin: etaMin)
    }

    public var label: String { "cosine(T_max=\(tMax)\(etaMin == 0 ? "" : ", η_min=\(LRSchedule.short(etaMin))"))" }

    public func validate() throws {
        try LRScheduleError.require(tMax > 0, "tMax", "must be at least 1 epoch, got \(tMax).")
        try LRScheduleError.require(etaMin >= 0, "etaMin", "must not be negative, got \(etaMin).")
    }
}
