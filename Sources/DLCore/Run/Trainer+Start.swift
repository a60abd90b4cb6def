import Foundation

extension Trainer {
    /// A staged run's start point is checked before anything trains: a source for the
    /// artefacts, one way to get the initial weights, a sensible mask amount.
    static func checkStart(_ start: StartPoint, spec: RunSpec, artefacts: ArtefactSource?) throws {
        if !start.upstreamRuns.isEmpty && artefacts == nil {
            throw SpecError(field: "start", problem: "the run starts from run \(start.upstreamRuns[0].prefix(12))…, and no run cache was given to read it from",
                            fix: "train it inside its study (`dlstudy run`), or give `dlstudy train` the cache with --cache <output>/.cache/runs")
        }
        if start.weights != nil && spec.initialWeights != nil {
            throw SpecError(field: "start.weights", problem: "both start.weights and initialWeights are set", fix: "keep one of the two")
        }
        if start.reinitialize && start.weights != nil {
            throw SpecError(field: "start.reinitialize", problem: "the run both starts from \(start.weights!) and reinitializes its weights",
                            fix: "drop start.weights to reinitialize (the control keeps only the mask), or drop start.reinitialize")
        }
        if start.reinitialize && spec.initialWeights != nil {
            throw SpecError(field: "start.reinitialize", problem: "the run both loads initialWeights and reinitializes its weights", fix: "keep one of the two")
        }
        try start.mask?.validate()
    }

    /// The mask a staged run trains under: `recipe` applied to the upstream run's weights, within
    /// the mask that run trained under when the recipe inherits it.
    static func startMask(_ recipe: MaskRecipe, model: Sequential, seed: UInt64, artefacts: ArtefactSource) throws -> ParameterMask {
        let weights = try artefacts.tensors(recipe.weights)
        let upstream = try recipe.inherit ? artefacts.mask(ofRun: recipe.weights.run).map { try ParameterMask($0) } : nil
        return try recipe.mask(from: weights, upstreamMask: upstream, names: Pruning.prunableNames(of: model), seed: seed)
    }
}
