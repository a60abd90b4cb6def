/// Low-rank approximation of a weight (Denton et al. 2014): a Linear weight (out × in), or a
/// convolution's filters reshaped to out × (in·k…), replaced by its truncated SVD at the
/// smallest rank that keeps `energy` of the squared singular values. Stored as two factors
/// (out × r and r × in·k…, the singular values folded into one) when that is smaller than the
/// dense matrix; evaluated here as the dense product, in float.
public enum LowRank {
    /// Replaces `w` by its rank-r approximation; returns r and the full rank.
    @discardableResult
    public static func approximate(_ w: Tensor, energy: Double) -> (rank: Int, fullRank: Int) {
        let m = w.shape[0], n = w.count / m
        let svd = JacobiSVD(w.values.map(Double.init), rows: m, columns: n)
        let r = svd.rank(forEnergy: energy)
        let approx = svd.truncated(rank: r)
        for i in 0..<w.count { w.pointer[i] = Float(approx[i]) }
        return (r, svd.rank)
    }

    /// Bytes of a rank-r factorization of an m × n weight in float32, or of the dense weight
    /// when the factors would be larger.
    public static func bytes(rows m: Int, columns n: Int, rank r: Int) -> Int {
        4 * min(r * (m + n), m * n)
    }
}
