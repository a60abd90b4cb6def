import Foundation

extension LRSchedule {
    /// A short human label for reports and legends: `cosine(T_max=50)`, `step(5, γ=0.5)`,
    /// `warmup(5 epochs from 0.1×) → cosine(T_max=45)`. Defaults are left out.
    public var label: String {
        switch self {
        case .constant:
            return "constant"
        case let .step(stepSize, gamma):
            return "step(\(stepSize), γ=\(Self.short(gamma)))"
        case let .multiStep(milestones, gamma):
            let list = milestones.map(String.init).joined(separator: ", ")
            return "multistep(\(list), γ=\(Self.short(gamma)))"
        case let .exponential(gamma):
            return "exponential(γ=\(Self.short(gamma)))"
        case let .cosine(tMax, etaMin):
            return "cosine(T_max=\(tMax)\(etaMin == 0 ? "" : ", η_min=\(Self.short(etaMin))"))"
        case let .cosineWarmRestarts(t0, tMult, etaMin):
            var parts = ["T_0=\(t0)"]
            if tMult != 1 { parts.append("T_mult=\(tMult)") }
            if etaMin != 0 { parts.append("η_min=\(Self.short(etaMin))") }
            return "sgdr(\(parts.joined(separator: ", ")))"
        case let .cyclic(baseLR, maxLR, up, down, mode, gamma):
            var parts = [mode.rawValue, "\(Self.short(baseLR))–\(Self.short(maxLR))", "up=\(up)"]
            if let down, down != up { parts.append("down=\(down)") }
            if mode == .expRange { parts.append("γ=\(Self.short(gamma))") }
            return "cyclic(\(parts.joined(separator: ", ")))"
        case let .oneCycle(maxLR, totalSteps, pctStart, anneal, divFactor, finalDiv, threePhase):
            var parts = ["max=\(Self.short(maxLR))", "steps=\(totalSteps)"]
            if pctStart != 0.3 { parts.append("pct=\(Self.short(pctStart))") }
            if anneal != .cos { parts.append(anneal.rawValue) }
            if divFactor != 25 { parts.append("div=\(Self.short(divFactor))") }
            if finalDiv != 1e4 { parts.append("final_div=\(Self.short(finalDiv))") }
            if threePhase { parts.append("three-phase") }
            return "onecycle(\(parts.joined(separator: ", ")))"
        case let .rangeTest(startLR, endLR, steps):
            return "range-test(\(Self.short(startLR))→\(Self.short(endLR)), \(steps) steps)"
        case let .warmup(length, startFactor, inner):
            let span: String
            switch length {
            case .steps(let n): span = n == 1 ? "1 step" : "\(n) steps"
            case .epochs(let e): span = e == 1 ? "1 epoch" : "\(Self.short(e)) epochs"
            }
            return "warmup(\(span) from \(Self.short(startFactor))×) → \(inner.label)"
        case let .reduceOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown,
            minLR, _, monitor):
            var parts = [
                "\(monitor) \(mode.rawValue)", "×\(Self.short(factor))", "patience=\(patience)",
            ]
            if threshold != 1e-4 || thresholdMode != .rel {
                parts.append("threshold=\(Self.short(threshold)) \(thresholdMode.rawValue)")
            }
            if cooldown != 0 { parts.append("cooldown=\(cooldown)") }
            if minLR != 0 { parts.append("min=\(Self.short(minLR))") }
            return "plateau(\(parts.joined(separator: ", ")))"
        }
    }
}

extension LRSchedule {
    /// A number in at most four significant digits without trailing zeros:
    /// 0.5, 50, 0.3333, 1e-4, 2.5e-7.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        if abs(x) >= 1e-3 && abs(x) < 1e4 { return trimmedZeros(String(format: "%.4g", x)) }
        let parts = String(format: "%.3e", x).split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return "\(x)" }
        return trimmedZeros(String(parts[0])) + "e\(exponent)"
    }

    private static func trimmedZeros(_ s: String) -> String {
        guard s.contains("."), !s.contains("e") else { return s }
        var s = s
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
