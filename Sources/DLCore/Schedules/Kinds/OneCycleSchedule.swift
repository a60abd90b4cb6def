/// `OneCycleLR` (Smith & Topin 2019), per batch. Ignores `lr₀`. Starts at
/// `initial = maxLR/divFactor`, ends at `initial/finalDivFactor`. Two phases (default):
/// initial → maxLR over steps `0…pct·N − 1`, then maxLR → min over `…N − 1`. Three phases:
/// initial → maxLR (`…pct·N − 1`), maxLR → initial (`…2·pct·N − 2`), initial → min (`…N − 1`).
/// Within a phase `p = (t − start)/(end − start)`; cos: `end + ½(start − end)(1 + cos πp)`,
/// linear: `start + (end − start)·p`. Steps past `N − 1` stay at the final rate (PyTorch
/// raises).
public struct OneCycleSchedule: ScheduleKind {
    public static let name = "oneCycle"
    public var maxLR: Double
    public var totalSteps: Int
    public var pctStart: Double
    public var anneal: AnnealStrategy
    public var divFactor: Double
    public var finalDivFactor: Double
    public var threePhase: Bool

    public init(maxLR: Double, totalSteps: Int, pctStart: Double = 0.3, anneal: AnnealStrategy = .cos,
                divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false) {
        self.maxLR = maxLR; self.totalSteps = totalSteps; self.pctStart = pctStart; self.anneal = anneal
        self.divFactor = divFactor; self.finalDivFactor = finalDivFactor; self.threePhase = threePhase
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(maxLR: try c.decode(Double.self, forKey: .maxLR), totalSteps: try c.decode(Int.self, forKey: .totalSteps),
                  pctStart: try c.decodeIfPresent(Double.self, forKey: .pctStart) ?? 0.3,
                  anneal: try c.decodeIfPresent(AnnealStrategy.self, forKey: .anneal) ?? .cos,
                  divFactor: try c.decodeIfPresent(Double.self, forKey: .divFactor) ?? 25,
                  finalDivFactor: try c.decodeIfPresent(Double.self, forKey: .finalDivFactor) ?? 1e4,
                  threePhase: try c.decodeIfPresent(Bool.self, forKey: .threePhase) ?? false)
    }

    public var unit: ScheduleUnit { .step }

    public func rate(base: Double, step: Int, epoch: Double) -> Double {
        LRFormula.oneCycle(t: step, maxLR: maxLR, totalSteps: totalSteps, pctStart: pctStart, anneal: anneal,
                           divFactor: divFactor, finalDivFactor: finalDivFactor, threePhase: threePhase)
    }

    public var label: String {
        var parts = ["max=\(LRSchedule.short(maxLR))", "steps=\(totalSteps)"]
        if pctStart != 0.3 { parts.append("pct=\(LRSchedule.short(pctStart))") }
        if anneal != .cos { parts.append(anneal.rawValue) }
        if divFactor != 25 { parts.append("div=\(LRSchedule.short(divFactor))") }
        if finalDivFactor != 1e4 { parts.append("final_div=\(LRSchedule.short(finalDivFactor))") }
        if threePhase { parts.append("three-phase") }
        return "onecycle(\(parts.joined(separator: ", ")))"
    }

    public func validate() throws {
        try LRScheduleError.requirePositiveRate(maxLR, "maxLR")
        try LRScheduleError.require(totalSteps > 0, "totalSteps", "must be at least 1 batch, got \(totalSteps).")
        try LRScheduleError.require(pctStart > 0 && pctStart < 1, "pctStart", "must lie in (0, 1), got \(pctStart).")
        try LRScheduleError.require(divFactor > 0, "divFactor", "must be positive, got \(divFactor).")
        try LRScheduleError.require(finalDivFactor > 0, "finalDivFactor", "must be positive, got \(finalDivFactor).")
    }
}

/// `OneCycleLR`'s annealing shape.
public enum AnnealStrategy: String, Codable, Hashable, Sendable, CaseIterable {
    case cos, linear
}
