/// "a matches b within ±margin", read from the paired per-seed differences a − b: the claims
/// framework tests directions (a > b), not equivalence, so this is the equivalence reading a
/// study states in prose. It is the two one-sided tests (TOST) made stricter: the whole 95%
/// confidence interval of the mean difference (TOST at the 5% level needs only the 90% one)
/// must lie inside (−margin, +margin).
public struct Equivalence: Sendable {
    public enum Verdict: String, Sendable {
        /// The whole interval lies within ±margin.
        case equivalent
        /// The whole interval lies beyond +margin or below −margin: a difference larger than the margin.
        case different
        /// Neither (or fewer than two seeds).
        case inconclusive
    }

    public let comparison: PairedComparison
    public let margin: Double
    public let verdict: Verdict

    public init(_ a: [UInt64: Double], _ b: [UInt64: Double], margin: Double) {
        precondition(margin > 0, "an equivalence margin is positive")
        comparison = PairedComparison(a, b, greater: true)
        self.margin = margin
        let (low, high) = (comparison.ciLow, comparison.ciHigh)
        if comparison.differences.count < 2 || !low.isFinite || !high.isFinite {
            verdict = .inconclusive
        } else if low > -margin && high < margin {
            verdict = .equivalent
        } else if low > margin || high < -margin {
            verdict = .different
        } else {
            verdict = .inconclusive
        }
    }
}

extension StudyResults {
    /// Whether `a` matches `b` on `quantity` within ±`margin`, paired by seed (across
    /// experiments too); nil when either level has no results.
    public func equivalence(_ a: LevelHandle, _ b: LevelHandle, _ quantity: Quantity, margin: Double) -> Equivalence? {
        guard let x = self[a], let y = self[b] else { return nil }
        return Equivalence(x.values(quantity), y.values(quantity), margin: margin)
    }
}
