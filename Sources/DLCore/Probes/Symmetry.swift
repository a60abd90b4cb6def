/// Hidden-unit symmetry of a weight matrix: are the units of a layer still copies of each other?
///
/// Row i of a weight W [out, in…] (flattened to out × n, n = in·k…) is the incoming weight vector
/// of unit (or output channel) i. If every unit starts equal they get equal gradients and stay
/// equal (`../shared/reference/probes.md`): cosines stay 1 and W has rank 1. The report gives
/// - `cosine`: the out × out matrix cos(Wᵢ, Wⱼ) = Wᵢ·Wⱼ / (‖Wᵢ‖‖Wⱼ‖), computed in Double and clamped
///   to [−1, 1]. The cosine with a zero row is undefined and reported as NaN (the diagonal is 1 for
///   non-zero rows, NaN for zero rows); `zeroRows` counts them.
/// - `minCosine`, `meanCosine`: over the off-diagonal pairs i < j whose cosine is defined; NaN when no
///   pair is (an all-zero matrix, or a single row).
/// - `maxDeviation` = max_ij |Wᵢⱼ − mean_i Wᵢⱼ| (distance of any unit from the mean unit; 0 when
///   every row is equal).
/// - `singularValues` (descending) by one-sided Jacobi in Double (`SingularValues`), which agree
///   with `torch.linalg.svdvals` on a float32 tensor to float precision; `rank` = #{σ > tolerance}, tolerance = σ_max · max(out, n) · ε_float32 — the
///   default of `torch.linalg.matrix_rank` and `numpy.linalg.matrix_rank` (0 for a zero matrix);
///   `secondToFirst` = σ₂/σ₁, NaN when σ₁ = 0 or there is no σ₂. A weight with NaN or infinite
///   entries (a diverged run) has no singular values and rank 0.
public enum Symmetry {
    /// Not Codable on purpose: undefined values are NaN, which JSON cannot hold; `ProbeSpec`
    /// flattens it and leaves undefined values out.
    public struct Report: Sendable {
        public var rows: Int
        public var columns: Int
        /// rows × rows, row-major; NaN for pairs with a zero row.
        public var cosine: [Double]
        public var zeroRows: Int
        public var minCosine: Double
        public var meanCosine: Double
        public var maxDeviation: Double
        public var singularValues: [Double]
        public var tolerance: Double
        public var rank: Int
        public var secondToFirst: Double
    }

    /// The report for `weight` [out, in…].
    public static func of(weight: Tensor) -> Report {
        let shape = weight.shape
        precondition(shape.rank >= 1 && shape[0] > 0, "symmetry needs a weight with at least one row, got \(shape)")
        let m = shape[0], n = weight.count / m
        let w = weight.values.map(Double.init)

        var norms = [Double](repeating: 0, count: m)
        for i in 0..<m { var s = 0.0; for k in 0..<n { s += w[i * n + k] * w[i * n + k] }; norms[i] = s.squareRoot() }
        var cosine = [Double](repeating: .nan, count: m * m)
        var minCos = Double.infinity, sum = 0.0, pairs = 0
        for i in 0..<m where norms[i] > 0 {
            cosine[i * m + i] = 1
            for j in (i + 1)..<m where norms[j] > 0 {
                var d = 0.0
                for k in 0..<n { d += w[i * n + k] * w[j * n + k] }
                let c = min(max(d / (norms[i] * norms[j]), -1), 1)
                cosine[i * m + j] = c; cosine[j * m + i] = c
                minCos = min(minCos, c); sum += c; pairs += 1
            }
        }

        var maxDev = 0.0
        for k in 0..<n {
            var mean = 0.0
            for i in 0..<m { mean += w[i * n + k] }
            mean /= Double(m)
            for i in 0..<m { maxDev = max(maxDev, abs(w[i * n + k] - mean)) }
        }

        let sv = SingularValues.of(weight.values, rows: m, cols: n) ?? []
        let top = sv.first ?? 0
        let tol = top * Double(max(m, n)) * Double(Float.ulpOfOne)
        let rank = sv.contains { $0.isNaN } ? 0 : sv.filter { $0 > tol }.count
        return Report(
            rows: m, columns: n, cosine: cosine, zeroRows: norms.filter { $0 == 0 }.count,
            minCosine: pairs > 0 ? minCos : .nan, meanCosine: pairs > 0 ? sum / Double(pairs) : .nan,
            maxDeviation: maxDev, singularValues: sv, tolerance: tol, rank: rank,
            secondToFirst: sv.count >= 2 && top > 0 ? sv[1] / top : .nan)
    }
}
