/// Prose that reads a claim's verdict instead of the means alone, so a sentence never asserts
/// what the seeds contradict or leave open:
///
/// ```swift
/// let sharper = Claim("Larger batches end in sharper minima", .probe("hessian_top"), sizes.last, greaterThan: sizes.first)
/// sharper
/// Prose { r in
///     r.reading(sharper,
///               supported: "The larger batch ends \(ratio: …) sharper, as Keskar et al. report.",
///               contradicted: "The larger batch ends flatter, against Keskar et al.",
///               inconclusive: "On average the larger batch ends \(ratio: …) sharper, but the seeds do not settle it.")
/// }
/// ```
extension StudyResults {
    /// The claim checked against these results (the same outcome the report's claim block shows).
    public func outcome(_ claim: Claim) -> ClaimOutcome { claim.evaluate(self) }

    /// The outcomes of several claims, in order.
    public func outcomes(_ claims: [Claim]) -> [ClaimOutcome] { claims.map(outcome) }

    /// The text written for the claim's verdict.
    public func reading(_ claim: Claim, supported: String, contradicted: String, inconclusive: String) -> String {
        outcome(claim).reading(supported: supported, contradicted: contradicted, inconclusive: inconclusive)
    }

    /// The claims of this study's current profile that this experiment's blocks hold, whose
    /// quantity is `quantity` (a family of "each level vs the reference" claims).
    public func claims(about quantity: Quantity, in experiment: ExperimentHandle) -> [Claim] {
        study.claims(for: profile).filter { $0.experiment == experiment.id && $0.quantity.name == quantity.name }
    }
}

extension PairedComparison.Verdict {
    /// The text written for this verdict.
    public func reading(supported: String, contradicted: String, inconclusive: String) -> String {
        switch self {
        case .supported: return supported
        case .contradicted: return contradicted
        case .inconclusive: return inconclusive
        }
    }
}

extension ClaimOutcome {
    /// The text written for this verdict.
    public func reading(supported: String, contradicted: String, inconclusive: String) -> String {
        verdict.reading(supported: supported, contradicted: contradicted, inconclusive: inconclusive)
    }

    /// The verdict as a word: "supported", "contradicted", "inconclusive".
    public var word: String { verdict.rawValue }

    /// How many seeds the verdict rests on (paired differences with a value on both sides).
    public var seeds: Int { comparison?.differences.count ?? 0 }
}

extension Array where Element == ClaimOutcome {
    /// The claims' levels whose verdict is `verdict`, in order.
    public func levels(_ verdict: PairedComparison.Verdict) -> [String] {
        filter { $0.verdict == verdict }.map(\.claim.level)
    }

    /// The claims' levels whose verdict is not `verdict`.
    public func levels(not verdict: PairedComparison.Verdict) -> [String] {
        filter { $0.verdict != verdict }.map(\.claim.level)
    }
}
