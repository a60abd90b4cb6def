/// `CosineAnnealingWarmRestarts` (SGDR, Loshchilov & Hutter 2017), per **fractional** epoch:
/// period i has length `T_i = T₀·T_multⁱ`; with `T_cur` the (fractional) epochs since the
/// last restart, `η_min + ½(lr₀ − η_min)(1 + cos(π T_cur / T_i))`.
public struct CosineWarmRestartsSchedule: ScheduleKind {
    public static let name = "cosineWarmRestarts"
    public var t0: Int
    public var tMult: Int
    public var etaMin: Double

    public init(t0: Int, tMult: Int = 1, etaMin: Double = 0) { self.t0 = t0; self.tMult = tMult; self.etaMin = etaMin }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(t0: try c.decode(Int.self, forKey: .t0), tMult: try c.decodeIfPresent(Int.self, forKey: .tMult) ?? 1,
                  etaMin: try c.decodeIfPresent(Double.self, forKey: .etaMin) ?? 0)
    }

    public var unit: ScheduleUnit { .epoch }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.warmRestarts(base: base, t: epoch, t0: t0, tMult: tMult, etaMin: etaMin)
    }

    public var label: String {
        var parts = ["T_0=\(t0)"]
        if tMult != 1 { parts.append("T_mult=\(tMult)") }
        if etaMin != 0 { parts.append("η_min=\(LRSchedule.short(etaMin))") }
        return "sgdr(\(parts.joined(separator: ", ")))"
    }

    public func validate() throws {
        try LRScheduleError.require(t0 > 0, "t0", "must be at least 1 epoch, got \(t0).")
        try LRScheduleError.require(tMult >= 1, "tMult", "must be an integer of at least 1, got \(tMult).")
        try LRScheduleError.require(etaMin >= 0, "etaMin", "must not be negative, got \(etaMin).")
    }
}
