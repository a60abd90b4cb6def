/// The largest eigenvalue of the training loss's Hessian by power iteration on Hessian-vector
/// products (`Hessian.topEigenvalue`, started from the run seed's "probe/hessian" stream): keys
/// `hessian_top` [λ_max], `hessian_history` [the Rayleigh quotient after each iteration].
public struct HessianTopEigenvalueProbe: Probe {
    public static let kind = "hessianTopEigenvalue"
    public var iterations = 20

    public init() {}
    public init(iterations: Int) { self.iterations = iterations }

    public var name: String { "hessian_top" }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let r = Hessian.topEigenvalue(model: model, data: data.train, iterations: iterations, seed: seed)
        return ["hessian_top": [r.value], "hessian_history": r.history]
    }

    enum CodingKeys: String, CodingKey { case iterations }
    public init(from decoder: Decoder) throws {
        iterations = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .iterations) ?? 20
    }
}
