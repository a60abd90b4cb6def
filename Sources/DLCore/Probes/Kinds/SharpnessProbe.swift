/// Keskar et al.'s ε-sharpness (`Sharpness`): keys `sharpness` [φ], `sharpness.loss` [f(w)],
/// `sharpness.max_loss` [the largest loss found in the box |δᵢ| ≤ ε(|wᵢ|+1)].
public struct SharpnessProbe: Probe {
    public static let kind = "sharpness"
    public var epsilon = 1e-3
    /// Steps of projected sign-gradient ascent.
    public var steps = 10

    public init() {}
    public init(epsilon: Double, steps: Int) { self.epsilon = epsilon; self.steps = steps }

    public var name: String { "sharpness" }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let r = Sharpness.keskarResult(model: model, data: data.train, epsilon: epsilon, steps: steps)
        return ["sharpness": [r.sharpness], "sharpness.loss": [r.loss], "sharpness.max_loss": [r.maxLoss]]
    }

    enum CodingKeys: String, CodingKey { case epsilon, steps }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epsilon = try c.decodeIfPresent(Double.self, forKey: .epsilon) ?? 1e-3
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? 10
    }
}
