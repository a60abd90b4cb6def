extension MaskRecipe {
    /// The pruning that `scope` names: `layer` is `l1_unstructured` per tensor, `global`
    /// `global_unstructured`, `units` `ln_structured(n=2, dim=0)` per tensor.
    public var pruning: (scope: Pruning.Scope, structure: Pruning.Structure) {
        switch scope {
        case .layer: return (.layerwise, .unstructured)
        case .global: return (.global, .unstructured)
        case .units: return (.layerwise, .units)
        }
    }

    /// The mask this recipe makes from the upstream run's `weights` (a state dict) within the
    /// mask that run trained under (when `inherit`): magnitude pruning of `names` (by default the
    /// weights of linear and convolution layers), or, when `random`, a random mask with the same
    /// count per tensor drawn from `RandomStream(seed: seed, stream: "pruning/random/NAME")`.
    public func mask(from weights: [String: Tensor], upstreamMask: ParameterMask?, names: [String]? = nil,
                     seed: UInt64) throws -> ParameterMask {
        let previous = inherit ? upstreamMask : nil
        let (scope, structure) = pruning
        let magnitude = try Pruning.magnitude(weights, amount: amount, names: names, scope: scope, structure: structure, previous: previous)
        guard random else { return magnitude }
        return try Pruning.random(matching: magnitude, previous: previous, structure: structure, seed: seed)
    }
}
