/// Singular values by one-sided Jacobi (Hestenes) rotations in Double: plain Swift arithmetic in
/// a fixed order, so the symmetry probe gives the same bits on every machine of a numeric
/// platform (LAPACK's `sgesdd` inside OpenBLAS follows the CPU's kernel). For a float32 matrix
/// the values agree with `torch.linalg.svdvals` to float precision, and more closely still.
enum SingularValues {
    /// The singular values of the row-major matrix `a` [rows × cols], descending. Nil when the
    /// matrix has a NaN or an infinite entry; empty for an empty matrix.
    static func of(_ a: [Float], rows: Int, cols: Int) -> [Double]? {
        precondition(a.count == rows * cols, "\(a.count) values for a \(rows)×\(cols) matrix")
        guard rows > 0, cols > 0 else { return [] }
        guard a.allSatisfy(\.isFinite) else { return nil }
        // Rotate the vectors of the shorter side (rows of A, or rows of Aᵀ) until they are
        // orthogonal; their norms are then the singular values.
        let (count, length) = rows <= cols ? (rows, cols) : (cols, rows)
        var v = [Double](repeating: 0, count: count * length)
        for i in 0..<rows {
            for j in 0..<cols {
                let x = Double(a[i * cols + j])
                if rows <= cols { v[i * length + j] = x } else { v[j * length + i] = x }
            }
        }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<count {
                for q in (p + 1)..<count {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for k in 0..<length {
                        let x = v[p * length + k], y = v[q * length + k]
                        alpha += x * x; beta += y * y; gamma += x * y
                    }
                    guard gamma != 0, abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for k in 0..<length {
                        let x = v[p * length + k], y = v[q * length + k]
                        v[p * length + k] = c * x - s * y
                        v[q * length + k] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        var values = [Double](repeating: 0, count: count)
        for p in 0..<count {
            var s = 0.0
            for k in 0..<length { s += v[p * length + k] * v[p * length + k] }
            values[p] = s.squareRoot()
        }
        return values.sorted(by: >)
    }
}
