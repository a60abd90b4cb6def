/// Whether hidden units stayed alike (`Symmetry`): for every weight of rank ≥ 2, `<i>` = its
/// layer index in `Sequential.layers`: `symmetry.<i>.min_cos`, `.mean_cos`, `.max_dev`, `.rank`,
/// `.s2_s1`, `.zero_rows`, `.singular_values` (descending), `.cosine` (out × out matrix,
/// row-major, for heatmaps), and `.dead` (fraction of the layer's units that a following ReLU
/// zeroes on every training sample; only when layer i+1 is a ReLU). The cosines of a matrix with
/// a zero row are undefined: `min_cos`/`mean_cos` then use the defined pairs, `cosine` is left out.
public struct SymmetryProbe: Probe {
    public static let kind = "symmetry"

    public init() {}

    public var name: String { "symmetry" }

    public func measure(model: Sequential, data: DataSplits, seed: UInt64) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        let dead = Dictionary(ActivationStatistics.deadUnits(model: model, data: data.train).map { ($0.index, $0.fraction) },
                              uniquingKeysWith: { a, _ in a })
        for (i, layer) in model.layers.enumerated() {
            for p in layer.parameters where p.role == .weight && p.value.shape.rank >= 2 {
                let r = Symmetry.of(weight: p.value)
                let key = "symmetry.\(i)."
                out[key + "min_cos"] = [r.minCosine]
                out[key + "mean_cos"] = [r.meanCosine]
                out[key + "max_dev"] = [r.maxDeviation]
                out[key + "rank"] = [Double(r.rank)]
                out[key + "s2_s1"] = [r.secondToFirst]
                out[key + "zero_rows"] = [Double(r.zeroRows)]
                out[key + "singular_values"] = r.singularValues
                out[key + "cosine"] = r.cosine
                if let d = dead[i + 1] { out[key + "dead"] = [d] }
            }
        }
        return out
    }
}
