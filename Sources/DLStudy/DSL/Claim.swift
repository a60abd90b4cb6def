import DLCore

/// A claim about an experiment, checked with the seeds: "a is greater (or less) than b" on
/// one quantity, where b is another level or a constant. Its verdict comes from the paired
/// per-seed differences (see `PairedComparison`).
public struct Claim: StudyComponent, @unchecked Sendable {
    public enum Reference: Sendable {
        case level(String)
        /// A level of another experiment with the same seeds (paired by seed).
        case levelIn(experiment: String, level: String)
        case constant(Double)
        /// A number computed from all the results (a threshold another experiment determines,
        /// such as the edge of a sweep's good region), compared with every seed's value.
        case derived(DerivedValue)
    }

    public let text: String
    public let experiment: String
    public let quantity: Quantity
    public let level: String
    public let greater: Bool
    public let reference: Reference

    /// "`level`'s `quantity` is greater than `other`'s".
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                greaterThan other: String) {
        self.init(text, experiment, quantity, level, true, .level(other))
    }

    /// "`level`'s `quantity` is less than `other`'s".
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                lessThan other: String) {
        self.init(text, experiment, quantity, level, false, .level(other))
    }

    /// "`level`'s `quantity` is greater than `other` of `otherExperiment`" (same seeds).
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                greaterThan other: String, in otherExperiment: String) {
        self.init(text, experiment, quantity, level, true, .levelIn(experiment: otherExperiment, level: other))
    }

    /// "`level`'s `quantity` is less than `other` of `otherExperiment`" (same seeds).
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                lessThan other: String, in otherExperiment: String) {
        self.init(text, experiment, quantity, level, false, .levelIn(experiment: otherExperiment, level: other))
    }

    /// "`level`'s `quantity` is greater than a constant".
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                greaterThan constant: Double) {
        self.init(text, experiment, quantity, level, true, .constant(constant))
    }

    /// "`level`'s `quantity` is less than a constant".
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                lessThan constant: Double) {
        self.init(text, experiment, quantity, level, false, .constant(constant))
    }

    /// "`level`'s `quantity` is greater than a value computed from the results".
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                greaterThan value: DerivedValue) {
        self.init(text, experiment, quantity, level, true, .derived(value))
    }

    /// "`level`'s `quantity` is less than a value computed from the results".
    public init(_ text: String, experiment: String = "main", _ quantity: Quantity, _ level: String,
                lessThan value: DerivedValue) {
        self.init(text, experiment, quantity, level, false, .derived(value))
    }

    private init(_ text: String, _ experiment: String, _ quantity: Quantity, _ level: String, _ greater: Bool, _ reference: Reference) {
        self.text = text; self.experiment = experiment; self.quantity = quantity
        self.level = level; self.greater = greater; self.reference = reference
    }

    public var block: StudyBlock { .claim(self) }

    /// What the comparison reads, in words: "test loss of 1024 > 16".
    public var formula: String {
        let rhs: String
        switch reference {
        case .level(let l): rhs = l
        case .levelIn(let e, let l): rhs = "\(l) (\(e))"
        case .constant(let c): rhs = formatNumber(c)
        case .derived(let d): rhs = d.name
        }
        return "\(quantity.name): \(level)\(crossExperiment ? " (\(experiment))" : "") \(greater ? ">" : "<") \(rhs)"
    }

    var crossExperiment: Bool { if case .levelIn = reference { return true } else { return false } }

    /// Checks the claim against the results; nil comparison when a level is missing.
    public func evaluate(_ results: StudyResults) -> ClaimOutcome {
        guard let exp = results[experiment], let a = exp[level] else {
            return ClaimOutcome(claim: self, comparison: nil, problem: "no results for level '\(level)' of experiment '\(experiment)'")
        }
        let av = a.values(quantity)
        let bv: [UInt64: Double]
        switch reference {
        case .level(let l):
            guard let b = exp[l] else {
                return ClaimOutcome(claim: self, comparison: nil, problem: "no results for level '\(l)' of experiment '\(experiment)'")
            }
            bv = b.values(quantity)
        case .levelIn(let e, let l):
            guard let b = results[e]?[l] else {
                return ClaimOutcome(claim: self, comparison: nil, problem: "no results for level '\(l)' of experiment '\(e)'")
            }
            bv = b.values(quantity)
        case .constant(let c):
            bv = Dictionary(uniqueKeysWithValues: av.keys.map { ($0, c) })
        case .derived(let d):
            guard let c = d.compute(results), c.isFinite else {
                return ClaimOutcome(claim: self, comparison: nil, problem: "\(d.name) could not be computed from the results")
            }
            bv = Dictionary(uniqueKeysWithValues: av.keys.map { ($0, c) })
        }
        return ClaimOutcome(claim: self, comparison: PairedComparison(av, bv, greater: greater), problem: nil)
    }
}

/// A claim with its verdict and the numbers behind it.
public struct ClaimOutcome: @unchecked Sendable {
    public let claim: Claim
    public let comparison: PairedComparison?
    public let problem: String?

    public var verdict: PairedComparison.Verdict { comparison?.verdict ?? .inconclusive }

    /// One line of evidence: the mean paired difference, its 95% CI, the effect size, the seeds.
    public var evidence: String {
        if let problem { return problem }
        guard let c = comparison, !c.differences.isEmpty else { return "no seed has a value on both sides" }
        var s = "\(claim.formula); mean paired difference \(formatNumber(c.meanDifference))"
        if c.differences.count >= 2 {
            s += " (95% CI \(formatNumber(c.ciLow)) to \(formatNumber(c.ciHigh))), effect size d = \(formatNumber(c.effectSize))"
        }
        s += ", \(c.differences.count) seed\(c.differences.count == 1 ? "" : "s")"
        return s
    }
}

/// A named number computed from a study's results, for claims whose threshold comes from
/// another experiment: `DerivedValue("lower edge of the good region") { r in … }`.
public struct DerivedValue: @unchecked Sendable {
    public let name: String
    public let compute: (StudyResults) -> Double?

    public init(_ name: String, _ compute: @escaping (StudyResults) -> Double?) {
        self.name = name
        self.compute = compute
    }
}
