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
    /// The family of claims answering one question: their p-values are adjusted together with
    /// Holm's step-down procedure before the verdict (`.family("bn-benefits")`).
    public private(set) var family: String?
    /// The hypothesis tested: a difference (the default), equivalence or non-inferiority.
    public private(set) var test: ClaimTest = .difference
    /// Where the levels' values per seed come from when not from the records: a number derived
    /// jobs computed per seed (an ensemble's accuracy). See `Claim.reading(_:)`.
    public private(set) var source: SeedValues?
    /// For a claim between levels chosen from the results (`Claim.chosen`): the claim with the
    /// chosen levels in place (given the claim as declared, with its family and test);
    /// evaluation, evidence and the report read that claim.
    var choose: (@Sendable (StudyResults, Claim) -> Claim?)?

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

    /// This claim as a member of `family`: its p-value is Holm-adjusted together with the other
    /// claims of the same family in the study's profile before the verdict.
    public func family(_ name: String) -> Claim {
        var c = self
        c.family = name
        return c
    }

    /// This claim tested as equivalence or non-inferiority (with `Claim.equivalent`/`notWorse`).
    func testing(_ test: ClaimTest) -> Claim {
        var c = self
        c.test = test
        return c
    }

    /// This claim with its levels' values per seed read by `source` instead of from the records.
    public func reading(_ source: SeedValues) -> Claim {
        var c = self
        c.source = source
        return c
    }

    /// The values per seed of `level` (of `experiment`, or the claim's own): from `source` when
    /// the claim has one, else `quantity` of the level's records; nil when there are none.
    public func seedValues(_ results: StudyResults, level: String, experiment: String? = nil) -> [UInt64: Double]? {
        if let source { return source.values(results, level) }
        return results[experiment ?? self.experiment]?[level]?.values(quantity)
    }

    /// Whether the claim opted into the p-value machinery (a family, or a test other than a
    /// plain difference); other claims keep the interval verdict and summary they always had.
    public var usesPValue: Bool { family != nil || test != .difference }

    /// What the comparison reads, in words: "test loss of 1024 > 16".
    public var formula: String {
        let rhs: String
        switch reference {
        case .level(let l): rhs = l
        case .levelIn(let e, let l): rhs = "\(l) (\(e))"
        case .constant(let c): rhs = formatNumber(c)
        case .derived(let d): rhs = d.name
        }
        let lhs = "\(quantity.name): \(level)\(crossExperiment ? " (\(experiment))" : "")"
        switch test {
        case .difference: return "\(lhs) \(greater ? ">" : "<") \(rhs)"
        case .equivalence(let m): return "\(lhs) ≈ \(rhs) within ±\(formatMargin(m))"
        case .nonInferiority(let m): return "\(lhs) \(greater ? ">" : "<") \(rhs) \(greater ? "−" : "+") \(formatMargin(m))"
        }
    }

    var crossExperiment: Bool { if case .levelIn = reference { return true } else { return false } }

    /// Checks the claim against the results; nil comparison when a level is missing. A claim in
    /// a family is tested together with the family's other claims in the results' study and
    /// profile (Holm's adjustment).
    public func evaluate(_ results: StudyResults) -> ClaimOutcome {
        let me = resolved(results)
        var outcome = me.evaluateAlone(results)
        guard let family, outcome.test != nil else { return outcome }
        let members = results.study.claims(for: results.profile).filter { $0.family == family }.map { $0.resolved(results) }
        let raw = members.map { $0.text == text && $0.formula == me.formula ? outcome.test!.pValue
                                                                         : ($0.evaluateAlone(results).test?.pValue ?? .nan) }
        let adjusted = HolmBonferroni.adjust(raw)
        if let i = members.firstIndex(where: { $0.text == text && $0.formula == me.formula }) {
            outcome.test!.adjustedPValue = adjusted[i]
        }
        outcome.test!.family = family
        outcome.test!.familySize = raw.filter { !$0.isNaN }.count
        return outcome
    }

    /// The claim with its levels chosen from `results` (itself unless made with `Claim.chosen`;
    /// itself, too, when the results cannot choose yet).
    func resolved(_ results: StudyResults) -> Claim { choose?(results, self) ?? self }

    /// The claim's outcome on its own, before any family adjustment.
    func evaluateAlone(_ results: StudyResults) -> ClaimOutcome {
        guard let av = seedValues(results, level: level) else {
            return ClaimOutcome(claim: self, comparison: nil, problem: "no results for level '\(level)' of experiment '\(experiment)'")
        }
        let bv: [UInt64: Double]
        switch reference {
        case .level(let l):
            guard let b = seedValues(results, level: l) else {
                return ClaimOutcome(claim: self, comparison: nil, problem: "no results for level '\(l)' of experiment '\(experiment)'")
            }
            bv = b
        case .levelIn(let e, let l):
            guard let b = seedValues(results, level: l, experiment: e) else {
                return ClaimOutcome(claim: self, comparison: nil, problem: "no results for level '\(l)' of experiment '\(e)'")
            }
            bv = b
        case .constant(let c):
            bv = Dictionary(uniqueKeysWithValues: av.keys.map { ($0, c) })
        case .derived(let d):
            guard let c = d.compute(results), c.isFinite else {
                return ClaimOutcome(claim: self, comparison: nil, problem: "\(d.name) could not be computed from the results")
            }
            bv = Dictionary(uniqueKeysWithValues: av.keys.map { ($0, c) })
        }
        let comparison = PairedComparison(av, bv, greater: greater)
        let test = ClaimTestResult(differences: comparison.differences, test: self.test, greater: greater)
        return ClaimOutcome(claim: self, comparison: comparison, problem: nil, test: test)
    }
}

/// A claim with its verdict and the numbers behind it.
public struct ClaimOutcome: @unchecked Sendable {
    public let claim: Claim
    public let comparison: PairedComparison?
    public let problem: String?
    /// The claim's test with its p-values (adjusted within its family when it has one).
    public internal(set) var test: ClaimTestResult?

    public init(claim: Claim, comparison: PairedComparison?, problem: String?, test: ClaimTestResult? = nil) {
        self.claim = claim; self.comparison = comparison; self.problem = problem; self.test = test
    }

    /// The verdict: a plain difference claim reads its 95% interval (`PairedComparison`); a claim
    /// in a family, or an equivalence or non-inferiority claim, reads its (adjusted) p-value.
    public var verdict: PairedComparison.Verdict {
        if claim.usesPValue { return test?.verdict ?? .inconclusive }
        return comparison?.verdict ?? .inconclusive
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

/// Values per seed of a claim's levels that do not come from one run's record — an ensemble's
/// test accuracy, which a derived job computed from several runs — by level label; nil for a
/// level it does not know.
public struct SeedValues: @unchecked Sendable {
    /// The labels it has values for (the study's validation checks a claim's levels against them).
    public let levels: [String]
    public let values: (StudyResults, String) -> [UInt64: Double]?

    public init(levels: [String], _ values: @escaping (StudyResults, String) -> [UInt64: Double]?) {
        self.levels = levels
        self.values = values
    }
}
