/// An exponential moving average of the weights, updated after every step; the model ends with
/// it. PyTorch's `AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay),
/// use_buffers=averageBuffers)` (see `ExponentialMovingAverage`).
/// JSON: `{"kind": "ema", "decay": 0.999, "averageBuffers": false}`.
public struct EMAHook: HookKind {
    public static let name = "ema"
    public static let phase = HookPhase.averaging
    public var decay: Double
    public var averageBuffers: Bool

    public init(decay: Double, averageBuffers: Bool = false) { self.decay = decay; self.averageBuffers = averageBuffers }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(decay: try c.decode(Double.self, forKey: .decay), averageBuffers: try c.decode(.averageBuffers, default: false))
    }

    public var averagesWeights: Bool { true }

    public var description: String { "EMA(decay=\(decay)\(averageBuffers ? ", use_buffers" : ""))" }

    public func validate(field: String, lastEpoch: Int?) throws {
        guard decay >= 0 && decay <= 1 else {
            throw SpecError(field: "\(field).decay", problem: "decay \(decay)", fix: "use a number in [0, 1], e.g. 0.999")
        }
    }

    public func makeCallback(model: Sequential) -> any TrainingCallback {
        ExponentialMovingAverage(decay: decay, averageBuffers: averageBuffers, model: model)
    }
}
