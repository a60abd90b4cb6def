/// The singular value decomposition A = U Σ Vᵀ of a small dense matrix by one-sided Jacobi
/// rotations (Hestenes 1958), in double precision with a fixed cyclic sweep order and no
/// threads: the same matrix gives the same bits on every IEEE machine, which LAPACK's blocked,
/// threaded routines do not promise.
///
/// The columns of a copy of A (m × n, m ≥ n; a wide matrix is decomposed transposed) are
/// rotated pairwise until every pair is orthogonal to `tolerance` (relative); then σⱼ is the
/// norm of column j, uⱼ = column j / σⱼ, and V accumulates the rotations. Singular values come
/// out in decreasing order.
public struct JacobiSVD: Sendable {
    /// m × k, row-major (k = min(m, n)).
    public let u: [Double]
    /// Decreasing, k of them.
    public let singularValues: [Double]
    /// n × k, row-major: A = U diag(σ) Vᵀ.
    public let v: [Double]
    public let rows: Int, columns: Int
    public var rank: Int { singularValues.count }

    /// Decomposes the `rows` × `columns` row-major matrix `a`.
    public init(_ a: [Double], rows m: Int, columns n: Int, tolerance: Double = 1e-15, maxSweeps: Int = 60) {
        precondition(a.count == m * n && m > 0 && n > 0, "a \(m) × \(n) matrix has \(m * n) entries, not \(a.count)")
        rows = m; columns = n
        if m < n {
            var t = [Double](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { t[j * m + i] = a[i * n + j] } }
            let s = JacobiSVD(t, rows: n, columns: m, tolerance: tolerance, maxSweeps: maxSweeps)
            u = s.v; v = s.u; singularValues = s.singularValues
            return
        }
        // Work column-major: column j is w[j*m ..< (j+1)*m].
        var w = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { w[j * m + i] = a[i * n + j] } }
        var vt = [Double](repeating: 0, count: n * n)  // column-major V
        for j in 0..<n { vt[j * n + j] = 1 }
        for _ in 0..<maxSweeps {
            var rotated = false
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        let x = w[p * m + i], y = w[q * m + i]
                        alpha += x * x; beta += y * y; gamma += x * y
                    }
                    guard gamma != 0, abs(gamma) > tolerance * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<m {
                        let x = w[p * m + i], y = w[q * m + i]
                        w[p * m + i] = c * x - s * y
                        w[q * m + i] = s * x + c * y
                    }
                    for i in 0..<n {
                        let x = vt[p * n + i], y = vt[q * n + i]
                        vt[p * n + i] = c * x - s * y
                        vt[q * n + i] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        var norms = (0..<n).map { j in (0..<m).reduce(0.0) { $0 + w[j * m + $1] * w[j * m + $1] }.squareRoot() }
        // Decreasing order; ties keep the column order (a stable sort of indices).
        let order = (0..<n).sorted { norms[$0] != norms[$1] ? norms[$0] > norms[$1] : $0 < $1 }
        var uu = [Double](repeating: 0, count: m * n), vv = [Double](repeating: 0, count: n * n)
        for (k, j) in order.enumerated() {
            let sigma = norms[j]
            for i in 0..<m { uu[i * n + k] = sigma > 0 ? w[j * m + i] / sigma : 0 }
            for i in 0..<n { vv[i * n + k] = vt[j * n + i] }
        }
        norms = order.map { norms[$0] }
        u = uu; v = vv; singularValues = norms
    }

    /// The best rank-`r` approximation U_r Σ_r V_rᵀ (Eckart–Young), row-major `rows` × `columns`.
    public func truncated(rank r: Int) -> [Double] {
        let k = rank
        var out = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                var s = 0.0
                for l in 0..<min(r, k) { s += u[i * k + l] * singularValues[l] * v[j * k + l] }
                out[i * columns + j] = s
            }
        }
        return out
    }

    /// The smallest rank whose singular values hold at least `energy` of Σσ² (the squared
    /// Frobenius norm); at least 1.
    public func rank(forEnergy energy: Double) -> Int {
        let total = singularValues.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 1 }
        var kept = 0.0
        for (i, s) in singularValues.enumerated() {
            kept += s * s
            if kept >= energy * total { return i + 1 }
        }
        return rank
    }
}
