/// Binary or ternary weights trained with a straight-through estimator (see `LowBitWeights`
/// and `LowBitTraining`). JSON: `{"kind": "lowBitWeights", "weights": "ternary"}`.
public struct LowBitWeightsHook: HookKind {
    public static let name = "lowBitWeights"
    public static let phase = HookPhase.weights
    public var weights: LowBitWeights

    public init(_ weights: LowBitWeights) { self.weights = weights }

    public var description: String { "LowBitWeights(\(weights.rawValue), straight-through)" }

    public func validate(field: String, lastEpoch: Int?) throws {}

    public func makeCallback(model: Sequential) -> any TrainingCallback { LowBitTraining(weights, model: model) }
}
