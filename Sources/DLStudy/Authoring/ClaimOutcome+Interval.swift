extension ClaimOutcome {
    /// The claim's paired difference in accuracy points with the interval its test reads (95%, or
    /// 90% for equivalence and non-inferiority) and the seed count, for
    /// prose: "3.1 points (95% CI 1.2 to 5.0, 5 seeds)"; "not measured" without a comparison.
    public var pointsWithInterval: String {
        guard let c = comparison, c.meanDifference.isFinite else { return "not measured" }
        // The interval the claim's test reads: 90% for equivalence and non-inferiority (TOST).
        let (low, high, level) = test.map { ($0.intervalLow, $0.intervalHigh, $0.test.intervalLevel) } ?? (c.ciLow, c.ciHigh, 0.95)
        let interval = low.isFinite && high.isFinite
            ? "\(Int((level * 100).rounded()))% CI \(Format.number(100 * low, digits: 2)) to \(Format.number(100 * high, digits: 2)), " : ""
        return "\(Format.points(c.meanDifference)) (\(interval)\(Format.counted(c.differences.count, "seed")))"
    }
}
