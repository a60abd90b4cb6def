/// The hypothesis a claim tests on its paired differences d = a − b.
public enum ClaimTest: Hashable, Sendable {
    /// "a > b" (or "a < b"): a two-sided paired t test; its 95% interval excludes zero in the
    /// claimed direction (supported) or the other (contradicted).
    case difference
    /// "a and b do not differ by more than `margin`" (a "no difference" claim): two one-sided
    /// tests (TOST, Schuirmann 1987). Supported when the 90% interval of the mean difference lies
    /// inside ±margin; contradicted when it lies wholly outside.
    case equivalence(margin: Double)
    /// "a is not worse than b by more than `margin`": one one-sided test. With "greater is
    /// better" the claim is d > −margin, supported when the 90% interval's lower end is above
    /// −margin (a one-sided 95% bound), contradicted when its upper end is below −margin.
    case nonInferiority(margin: Double)

    /// The margin of an equivalence or non-inferiority test; nil for a difference.
    public var margin: Double? {
        switch self {
        case .difference: return nil
        case .equivalence(let m), .nonInferiority(let m): return m
        }
    }

    /// The name of the test, as summary.json and the evidence line write it.
    public var name: String {
        switch self {
        case .difference: return "difference"
        case .equivalence: return "equivalence"
        case .nonInferiority: return "non-inferiority"
        }
    }

    /// The confidence level of the interval the test reads: 0.95 for a difference, 0.90 for the
    /// one-sided tests at α = 0.05.
    public var intervalLevel: Double {
        if case .difference = self { return 0.95 }
        return 0.90
    }
}

/// A claim's test on its paired differences: the raw p-value, the interval it reads, and —
/// once its family is known — the Holm-adjusted p and the verdict at α = 0.05.
public struct ClaimTestResult: Hashable, Sendable {
    public static let alpha = 0.05

    public let test: ClaimTest
    /// Whether the claim is "a > b" (true) or "a < b"; for non-inferiority, whether greater is better.
    public let greater: Bool
    public let n: Int
    public let meanDifference: Double
    /// Standard error of the mean difference; 0 when every seed has the same difference.
    public let standardError: Double
    /// The interval at `test.intervalLevel` (Student t, n − 1 degrees of freedom).
    public let intervalLow: Double
    public let intervalHigh: Double
    /// The p-value of the claim's test before any adjustment; NaN with fewer than two seeds.
    public let pValue: Double
    /// The p-value after Holm's adjustment within the claim's family (the raw p when alone).
    public internal(set) var adjustedPValue: Double
    /// The family the p-value was adjusted in, and how many claims with a p-value it has.
    public internal(set) var family: String?
    public internal(set) var familySize: Int = 1

    /// Every seed has the same difference (sd 0): the result is a fact about these seeds, stated
    /// as such ("exactly … in every seed"), with no interval and no effect size.
    public var isExact: Bool { n >= 1 && standardError == 0 }

    public init(differences: [Double], test: ClaimTest, greater: Bool) {
        self.test = test
        self.greater = greater
        n = differences.count
        let summary = Summary(differences)
        meanDifference = summary?.mean ?? .nan
        let df = max(n - 1, 1)
        standardError = n >= 2 ? summary!.sd / Double(n).squareRoot() : (n == 1 ? 0 : .nan)
        let q = n >= 2 ? StudentT.quantile(0.5 + test.intervalLevel / 2, degreesOfFreedom: df) : 0
        intervalLow = meanDifference - q * standardError
        intervalHigh = meanDifference + q * standardError
        let m = meanDifference, se = standardError
        switch test {
        case .difference:
            if n < 2 { pValue = .nan }
            else if se == 0 { pValue = m == 0 ? 1 : 0 }
            else { pValue = StudentT.twoSidedP(m / se, degreesOfFreedom: df) }
        case .equivalence(let margin):
            if n < 2 { pValue = .nan }
            else if se == 0 { pValue = abs(m) < margin ? 0 : 1 }
            else {
                let below = StudentT.survival((m + margin) / se, degreesOfFreedom: df)   // H0: d ≤ −margin
                let above = StudentT.cdf((m - margin) / se, degreesOfFreedom: df)        // H0: d ≥ +margin
                pValue = max(below, above)
            }
        case .nonInferiority(let margin):
            if n < 2 { pValue = .nan }
            else if se == 0 { pValue = (greater ? m > -margin : m < margin) ? 0 : 1 }
            else if greater { pValue = StudentT.survival((m + margin) / se, degreesOfFreedom: df) }
            else { pValue = StudentT.cdf((m - margin) / se, degreesOfFreedom: df) }
        }
        adjustedPValue = pValue
    }

    /// The verdict at α = 0.05 on the adjusted p-value (inconclusive without one).
    public var verdict: PairedComparison.Verdict {
        guard !adjustedPValue.isNaN else { return .inconclusive }
        let significant = adjustedPValue < Self.alpha
        switch test {
        case .difference:
            guard significant else { return .inconclusive }
            return (meanDifference > 0) == greater ? .supported : .contradicted
        case .equivalence(let margin):
            if significant { return .supported }
            return intervalLow > margin || intervalHigh < -margin ? .contradicted : .inconclusive
        case .nonInferiority(let margin):
            if significant { return .supported }
            return (greater ? intervalHigh < -margin : intervalLow > margin) ? .contradicted : .inconclusive
        }
    }
}
