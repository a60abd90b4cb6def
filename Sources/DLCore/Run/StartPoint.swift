/// Where a staged run starts: from an artefact another run left in the cache (its weights at
/// a snapshot, a mask computed from its weights), named by that run's cache key. Because the
/// key is part of this spec, cache keys chain: a change anywhere upstream makes every
/// downstream run a new run.
public struct StartPoint: Codable, Hashable, Sendable {
    /// Start from these weights instead of initializing (the whole state dict, buffers too).
    public var weights: ArtefactReference?
    /// Train under this mask: pruned weights stay exactly zero and get no gradient.
    public var mask: MaskRecipe?
    /// A control for lottery tickets: instead of any upstream weights, draw new initial weights
    /// from the run's initialization scheme on the stream `init/reinitialized` (independent of
    /// the `init` stream the upstream chain started from), then apply the mask — same mask, new
    /// weights. Needs `weights` to be nil.
    public var reinitialize: Bool {
        get { reinitialized ?? false }
        set { reinitialized = newValue ? true : nil }
    }
    /// `reinitialize`, nil when false: left out of the encoding, so start points without it
    /// encode (and hash, and cache) exactly as before it existed.
    private var reinitialized: Bool?

    public init(weights: ArtefactReference? = nil, mask: MaskRecipe? = nil, reinitialize: Bool = false) {
        self.weights = weights
        self.mask = mask
        self.reinitialize = reinitialize
    }

    enum CodingKeys: String, CodingKey {
        case weights, mask
        case reinitialized = "reinitialize"
    }

    /// The stream a reinitialized run draws its weights from (`RandomStream(seed:stream:)`).
    public static let reinitializationStream = "init/reinitialized"

    /// The runs this one starts from, in spec order.
    public var upstreamRuns: [String] {
        var keys: [String] = []
        for key in [weights?.run, mask?.weights.run].compactMap({ $0 }) where !keys.contains(key) { keys.append(key) }
        return keys
    }
}

/// One artefact of another run: `final` (the weights it ended with; the restored ones under early
/// stopping), `init`, `step-<k>` or `epoch-<k>` (snapshots its `snapshots` hook asked for).
public struct ArtefactReference: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The cache key of the run that made it.
    public var run: String
    public var snapshot: String

    public init(run: String, snapshot: String = "final") {
        self.run = run
        self.snapshot = snapshot
    }

    public var description: String { "\(snapshot) weights of run \(run.prefix(12))" }
}

/// A pruning mask made from another run's weights, by magnitude: of the weights the upstream
/// run still had (its own mask, when it had one and `inherit` is set), the `amount` with the
/// smallest magnitude are removed — iterative magnitude pruning is a chain of these.
public struct MaskRecipe: Codable, Hashable, Sendable {
    public enum Scope: String, Codable, Sendable {
        /// Each weight tensor loses `amount` of its remaining entries (`prune.l1_unstructured`).
        case layer
        /// The smallest entries over all weight tensors together (`prune.global_unstructured`).
        case global
        /// Whole units of a Linear / filters of a Conv by their L2 norm (`prune.ln_structured`, n = 2, dim 0).
        case units
    }

    /// The weights ranked by magnitude.
    public var weights: ArtefactReference
    /// Fraction (0 … 1) of the still-unpruned weights removed.
    public var amount: Double
    public var scope: Scope
    /// Keep the upstream run's own mask (pruned weights stay pruned).
    public var inherit: Bool
    /// A control: a random mask with the same number of weights removed per tensor.
    public var random: Bool

    public init(weights: ArtefactReference, amount: Double, scope: Scope = .layer, inherit: Bool = true, random: Bool = false) {
        self.weights = weights
        self.amount = amount
        self.scope = scope
        self.inherit = inherit
        self.random = random
    }

    enum CodingKeys: String, CodingKey { case weights, amount, scope, inherit, random }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        weights = try c.decode(ArtefactReference.self, forKey: .weights)
        amount = try c.decode(Double.self, forKey: .amount)
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .layer
        inherit = try c.decodeIfPresent(Bool.self, forKey: .inherit) ?? true
        random = try c.decodeIfPresent(Bool.self, forKey: .random) ?? false
    }

    func validate() throws {
        guard amount >= 0, amount < 1 else {
            throw SpecError(field: "start.mask.amount", problem: "\(amount) is not a fraction in [0, 1)", fix: "give the fraction of the remaining weights to prune, e.g. 0.2")
        }
    }
}

/// Where a run reads the artefacts other runs left: the study runner's cache.
public protocol ArtefactSource: Sendable {
    /// The tensors of an artefact, by state-dict name.
    func tensors(_ reference: ArtefactReference) throws -> [String: Tensor]
    /// The mask the run trained under, if it had one.
    func mask(ofRun key: String) throws -> [String: Tensor]?
}
