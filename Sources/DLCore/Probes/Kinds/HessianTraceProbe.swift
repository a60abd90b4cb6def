/// Hutchinson's estimate of the Hessian's trace (`Hessian.trace`): keys `hessian_trace` [the
/// mean], `hessian_trace.samples` [each vᵀHv].
public struct HessianTraceProbe: Probe {
    public static let kind = "hessianTrace"
    public var samples = 10

    public init() {}
    public init(samples: Int) { self.samples = samples }

    public var name: String { "hessian_trace" }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let r = Hessian.trace(model: model, data: data.train, samples: samples, seed: seed)
        return ["hessian_trace": [r.value], "hessian_trace.samples": r.samples]
    }

    enum CodingKeys: String, CodingKey { case samples }
    public init(from decoder: Decoder) throws {
        samples = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .samples) ?? 10
    }
}
