/// Magnitude pruning masks with the semantics of PyTorch's `torch.nn.utils.prune`, as pure
/// functions of a state dict (and the mask of an earlier round): what staged runs need for
/// lottery tickets (train, prune, rewind, retrain) and pruning studies.
///
/// - `.layerwise`, `.unstructured`: `prune.l1_unstructured(module, name, amount)` on each named
///   tensor: its `round(amount · n)` entries of smallest |w| are pruned.
/// - `.global`, `.unstructured`: `prune.global_unstructured(params, L1Unstructured, amount)`:
///   the same over all named tensors as one vector, so layers lose different fractions.
/// - `.layerwise`, `.structured(norm: 2, dim: 0)`: `prune.ln_structured(module, name, amount,
///   n=2, dim=0)`: the `round(amount · D)` slices along `dim` (units of a `Linear`, filters of
///   a convolution at dim 0) of smallest L2 norm are pruned whole.
///
/// **Iterative pruning.** Given `previous`, `amount` is a fraction of what is still unpruned, as
/// PyTorch's `PruningContainer` computes it when a parameter is pruned a second time: pruned
/// entries (unstructured) or fully pruned slices (structured) are set aside, the amount applies
/// to the rest, and the new mask is the old one with more zeros. Twenty percent per round for
/// three rounds leaves 0.8³ ≈ 51%. The norms of a structured round are computed on the weights
/// given (the network's, masked); PyTorch computes them on `weight_orig`, which differs only in
/// a slice that an earlier unstructured round pruned in part.
///
/// **Which weights.** These functions rank the weights they are given (a state dict: the
/// network's weights, pruned entries 0). PyTorch ranks the module's `weight` attribute, which
/// only its forward pre-hook recomputes: right after an optimizer step it is still the weights
/// of the last forward pass, so to match it, prune after an evaluation (as a run's final
/// weights are: they have been evaluated).
///
/// **Counts.** PyTorch's `round(amount * n)`: Python rounds halves to even (2.5 → 2, 3.5 → 4).
///
/// **Ties.** Among equal magnitudes the entry with the lower index (flat, row-major; across
/// tensors, in the order of `names`) is pruned first; of equal norms the lower slice index is
/// kept. `torch.topk` leaves the order of ties unspecified, so where magnitudes tie exactly at
/// the threshold the two masks can differ in which tied entries go (the counts agree). NaN
/// counts as the largest magnitude, as in `torch.topk`.
///
/// **What is pruned.** By default the weights of linear and convolution layers
/// (`prunableNames`: role `.weight`), not biases nor batch-norm parameters.
public enum Pruning {
    /// Whether one budget is spread over every named tensor or each tensor loses `amount`.
    public enum Scope: String, Hashable, Sendable, Codable {
        case layerwise, global
    }

    /// What one pruned unit is. JSON: `{"unstructured": {}}`, `{"structured": {"norm": 2, "dim": 0}}`.
    public enum Structure: Hashable, Sendable, Codable {
        /// Single entries (L1 magnitude).
        case unstructured
        /// Whole slices along `dim` by their L`norm` (1, 2 or `.infinity`): `ln_structured`.
        case structured(norm: Double, dim: Int)

        /// Units of a `Linear` (rows of its weight), filters of a convolution: L2, dim 0.
        public static let units = Structure.structured(norm: 2, dim: 0)
    }

    /// The parameters pruned by default: the weights of linear and convolution layers (role
    /// `.weight`), in model order.
    public static func prunableNames(of model: Sequential) -> [String] {
        model.namedParameters.filter { $0.parameter.role == .weight }.map(\.name)
    }

    /// `prunableNames(of:)` read off a state dict alone: names ending in `.weight` whose tensor
    /// has two or more dimensions (a linear or convolution weight; batch norm's `weight` is a
    /// vector), in model order.
    public static func prunableNames(in stateDict: [String: Tensor]) -> [String] {
        stateDict.filter { $0.key.hasSuffix(".weight") && $0.value.shape.rank >= 2 }.keys.sorted(by: modelOrder)
    }

    /// How many of `n` units `amount` prunes: PyTorch's `round(amount * n)`, halves to even.
    public static func count(amount: Double, of n: Int) -> Int {
        Int((amount * Double(n)).rounded(.toNearestOrEven))
    }

    /// A magnitude-pruning mask for `weights` (a state dict; the names of `names`, by default
    /// `prunableNames(in:)`). Throws a `MaskError` for an amount outside [0, 1], a name not in
    /// `weights`, a `previous` mask of another shape, structured pruning of a vector, or
    /// global structured pruning (PyTorch has none).
    public static func magnitude(
        _ weights: [String: Tensor], amount: Double, names: [String]? = nil, scope: Scope = .layerwise,
        structure: Structure = .unstructured, previous: ParameterMask? = nil
    ) throws -> ParameterMask {
        let names = names ?? prunableNames(in: weights)
        try check(amount: amount)
        let before = try startingMasks(names, weights, previous)
        var result = previous?.tensors ?? [:]
        switch (scope, structure) {
        case (.layerwise, .unstructured):
            for name in names {
                result[name] = unstructured([weights[name]!], [before[name]!], amount: amount)[0]
            }
        case (.global, .unstructured):
            let masks = unstructured(names.map { weights[$0]! }, names.map { before[$0]! }, amount: amount)
            for (name, mask) in zip(names, masks) { result[name] = mask }
        case let (.layerwise, .structured(norm, dim)):
            for name in names {
                result[name] = try structured(weights[name]!, before[name]!, amount: amount, norm: norm, dim: dim, name: name)
            }
        case (.global, .structured):
            throw MaskError(problem: "global structured pruning", fix: "prune slices layer by layer (PyTorch's global_unstructured takes single weights only)")
        }
        return ParameterMask(checked: result)
    }

    /// `magnitude` of a model's current weights, by default its `prunableNames(of:)`.
    public static func magnitude(
        of model: Sequential, amount: Double, names: [String]? = nil, scope: Scope = .layerwise,
        structure: Structure = .unstructured, previous: ParameterMask? = nil
    ) throws -> ParameterMask {
        try magnitude(model.stateDict(), amount: amount, names: names ?? prunableNames(of: model), scope: scope,
                      structure: structure, previous: previous)
    }

    static func check(amount: Double) throws {
        guard amount >= 0 && amount <= 1 else {
            throw MaskError(problem: "pruning amount \(amount)", fix: "give the fraction to prune, in [0, 1]")
        }
    }

    /// The mask each named tensor starts from: `previous`'s, or all ones.
    static func startingMasks(_ names: [String], _ weights: [String: Tensor], _ previous: ParameterMask?) throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for name in names {
            guard let w = weights[name] else {
                throw MaskError(problem: "\(name) is not in the weights (they hold \(weights.keys.sorted(by: modelOrder).joined(separator: ", ")))",
                                fix: "name tensors of the state dict")
            }
            if let m = previous?.tensors[name] {
                guard m.shape == w.shape else {
                    throw MaskError(problem: "the previous mask of \(name) has shape \(m.shape), the weights \(w.shape)",
                                    fix: "prune again with the mask made from these weights' architecture")
                }
                out[name] = m
            } else {
                out[name] = Tensor(shape: w.shape, repeating: 1)
            }
        }
        return out
    }

    /// L1 unstructured pruning of the tensors as one vector: of the entries their masks keep,
    /// the `count(amount, of: kept)` of smallest magnitude are pruned (ties: lower position).
    static func unstructured(_ tensors: [Tensor], _ masks: [Tensor], amount: Double) -> [Tensor] {
        var candidates: [(magnitude: Float, tensor: Int, index: Int)] = []
        for (k, (w, m)) in zip(tensors, masks).enumerated() {
            for i in 0..<w.count where m[i] != 0 {
                candidates.append((w[i].isNaN ? .infinity : abs(w[i]), k, i))
            }
        }
        let prune = count(amount: amount, of: candidates.count)
        let out = masks.map { $0.copy() }
        guard prune > 0 else { return out }
        // NaN sorts as +∞ and after it (torch.topk's order); then by position.
        candidates.sort { a, b in
            let an = tensors[a.tensor][a.index].isNaN, bn = tensors[b.tensor][b.index].isNaN
            if an != bn { return bn }
            if a.magnitude != b.magnitude { return a.magnitude < b.magnitude }
            return (a.tensor, a.index) < (b.tensor, b.index)
        }
        for c in candidates.prefix(prune) { out[c.tensor][c.index] = 0 }
        return out
    }

    /// Orders state-dict names as a model lists them: by layer index as a number, then name.
    static func modelOrder(_ a: String, _ b: String) -> Bool {
        func key(_ s: String) -> (Int, String) {
            let head = s.prefix { $0 != "." }
            return (Int(head) ?? Int.max, s)
        }
        let (ka, kb) = (key(a), key(b))
        return ka.0 != kb.0 ? ka.0 < kb.0 : ka.1.utf8.lexicographicallyPrecedes(kb.1.utf8)
    }
}
