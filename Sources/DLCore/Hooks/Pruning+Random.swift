extension Pruning {
    /// A random mask with the same number pruned in each tensor as `reference`: the control of
    /// a pruning experiment (does the magnitude matter, or only how many weights are left?).
    ///
    /// Within `previous` (all ones when nil), each tensor loses as many entries (`.unstructured`)
    /// or whole slices along `dim` (`.structured`) as `reference` prunes beyond `previous`,
    /// chosen uniformly among those still kept, so random rounds nest like magnitude rounds.
    /// Each tensor draws from its own stream, `RandomStream(seed: seed, stream: "\(stream)/NAME")`:
    /// one layer's mask does not depend on the others. Tensors `previous` masks and `reference`
    /// does not name are carried over.
    public static func random(
        matching reference: ParameterMask, previous: ParameterMask? = nil, structure: Structure = .unstructured,
        seed: UInt64, stream: String = "pruning/random"
    ) throws -> ParameterMask {
        var result = previous?.tensors ?? [:]
        for name in reference.names {
            let target = reference.tensors[name]!
            let start = previous?.tensors[name] ?? Tensor(shape: target.shape, repeating: 1)
            guard start.shape == target.shape else {
                throw MaskError(problem: "the previous mask of \(name) has shape \(start.shape), the reference \(target.shape)",
                                fix: "give masks of one architecture")
            }
            var rng = RandomStream(seed: seed, stream: "\(stream)/\(name)")
            let out = start.copy()
            switch structure {
            case .unstructured:
                var kept = (0..<start.count).filter { start[$0] != 0 }
                let prune = kept.count - (0..<target.count).reduce(0) { $0 + (target[$1] != 0 ? 1 : 0) }
                guard prune >= 0 else {
                    throw MaskError(problem: "the reference mask of \(name) keeps more than the previous one",
                                    fix: "give the previous mask the reference was pruned from")
                }
                rng.shuffle(&kept)
                for i in kept.prefix(prune) { out[i] = 0 }
            case let .structured(_, dim):
                guard target.shape.rank >= 2, dim >= 0, dim < target.shape.rank else {
                    throw MaskError(problem: "structured random pruning of \(name) of shape \(target.shape) along dim \(dim)",
                                    fix: "use a dimension 0 … \(target.shape.rank - 1) of a tensor with two or more dimensions")
                }
                let slices = Slices(target.shape, dim: dim)
                func live(_ m: Tensor) -> [Int] {
                    (0..<slices.count).filter { j in
                        var any = false
                        slices.forEach(j) { if m[$0] != 0 { any = true } }
                        return any
                    }
                }
                var candidates = live(start)
                let prune = candidates.count - live(target).count
                guard prune >= 0 else {
                    throw MaskError(problem: "the reference mask of \(name) keeps more slices than the previous one",
                                    fix: "give the previous mask the reference was pruned from")
                }
                rng.shuffle(&candidates)
                for j in candidates.prefix(prune) { slices.forEach(j) { out[$0] = 0 } }
            }
            result[name] = out
        }
        return ParameterMask(checked: result)
    }
}
