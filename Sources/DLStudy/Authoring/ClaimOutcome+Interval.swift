extension ClaimOutcome {
    /// The claim's paired difference in accuracy points with its 95% interval and seed count, for
    /// prose: "3.1 points (95% CI 1.2 to 5.0, 5 seeds)"; "not measured" without a comparison.
    public var pointsWithInterval: String {
        guard let c = comparison, c.meanDifference.isFinite else { return "not measured" }
        let interval = c.ciLow.isFinite && c.ciHigh.isFinite
            ? "95% CI \(Format.number(100 * c.ciLow, digits: 2)) to \(Format.number(100 * c.ciHigh, digits: 2)), " : ""
        return "\(Format.points(c.meanDifference)) (\(interval)\(Format.counted(c.differences.count, "seed")))"
    }
}
