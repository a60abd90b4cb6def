/// Statistics of the weights (`WeightStatistics`): per parameter with role `.weight` in
/// `namedParameters` order, then the total: `weights.l1`, `weights.l2`, `weights.near_zero`
/// (fraction |w| < nearZero), `weights.max_abs`, `weights.count`; and per tensor
/// `weights.<name>.histogram` (50 counts) and `weights.<name>.edges` (51 edges), `<name>` =
/// `0.weight`, …, or `total`.
public struct WeightStatisticsProbe: Probe {
    public static let kind = "weightStatistics"
    public var nearZero = 1e-3

    public init() {}
    public init(nearZero: Double) { self.nearZero = nearZero }

    public var name: String { "weights" }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        let s = WeightStatistics.of(model: model, nearZero: nearZero)
        let entries = s.layers + [s.total]
        var out: [String: [Double]] = [
            "weights.l1": entries.map(\.l1), "weights.l2": entries.map(\.l2), "weights.near_zero": entries.map(\.nearZero),
            "weights.max_abs": entries.map(\.maxAbs), "weights.count": entries.map { Double($0.count) },
        ]
        for e in entries {
            out["weights.\(e.name).histogram"] = e.histogram.counts.map(Double.init)
            out["weights.\(e.name).edges"] = e.histogram.edges
        }
        return out
    }

    enum CodingKeys: String, CodingKey { case nearZero }
    public init(from decoder: Decoder) throws {
        nearZero = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Double.self, forKey: .nearZero) ?? 1e-3
    }
}
