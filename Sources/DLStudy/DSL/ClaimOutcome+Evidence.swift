import Foundation

extension ClaimOutcome {
    /// One line of evidence: the mean paired difference, its interval, the effect size, the
    /// p-value (raw and, in a family, Holm-adjusted), the seeds. When every seed gives the same
    /// difference the line states the fact ("exactly 0 in every one of 5 seeds") instead of an
    /// interval and an infinite effect size.
    public var evidence: String {
        if let problem { return problem }
        guard let c = comparison, !c.differences.isEmpty else { return "no seed has a value on both sides" }
        let n = c.differences.count
        let seeds = "\(n) seed\(n == 1 ? "" : "s")"
        var s = "\(claim.formula); "
        if n >= 2, let first = c.differences.first, c.differences.allSatisfy({ $0 == first }) {
            if case .constant(let bound) = claim.reference {
                s += "\(claim.level) is exactly \(formatNumber(first + bound)) in every one of the \(seeds)"
            } else {
                s += "the difference is exactly \(formatNumber(first)) in every one of the \(seeds)"
            }
            s += " (a fact about these seeds, not an estimate)"
            return s + familyNote
        }
        s += "mean paired difference \(formatNumber(c.meanDifference))"
        if n >= 2 {
            if let t = test, t.test != .difference {
                s += " (90% CI \(formatNumber(t.intervalLow)) to \(formatNumber(t.intervalHigh)), margin \(marginText(t))"
            } else {
                s += " (95% CI \(formatNumber(c.ciLow)) to \(formatNumber(c.ciHigh))"
            }
            s += ")"
            if c.effectSize.isFinite { s += ", effect size d = \(formatNumber(c.effectSize))" }
        }
        s += ", \(seeds)"
        if let t = test, !t.pValue.isNaN {
            let name: String
            switch t.test {
            case .difference: name = "two-sided paired t test"
            case .equivalence: name = "two one-sided tests (TOST)"
            case .nonInferiority: name = "one-sided non-inferiority test"
            }
            s += "; \(name) \(pText(t.pValue))"
        }
        return s + familyNote
    }

    private func marginText(_ t: ClaimTestResult) -> String {
        let m = formatMargin(t.test.margin ?? 0)
        if case .nonInferiority = t.test { return t.greater ? "−\(m)" : "+\(m)" }
        return "±\(m)"
    }

    /// "; Holm-adjusted p = 0.012 over the 4 claims of family “bn”" for a claim in a family.
    private var familyNote: String {
        guard let t = test, let family = t.family, !t.adjustedPValue.isNaN else { return "" }
        return "; Holm-adjusted \(pText(t.adjustedPValue)) over the \(t.familySize) claim\(t.familySize == 1 ? "" : "s") of family “\(family)”"
    }
}

/// "p = 0.0356", or "p < 0.0001".
func pText(_ p: Double) -> String { p > 0 && p < 0.0001 ? "p < 0.0001" : "p = \(formatP(p))" }

/// A p-value as the evidence line writes it: three significant digits, "< 0.0001" below that.
func formatP(_ p: Double) -> String {
    if p == 0 { return "0" }
    if p < 0.0001 { return "< 0.0001" }
    return String(format: "%.3g", p)
}

/// A margin as its author stated it: 0.01, not 0.0100.
func formatMargin(_ m: Double) -> String { String(format: "%g", m) }
