import DLCore
import Foundation
import XCTest

/// The engine's matrix product: every path gives the bits of the definition (one fused
/// multiply-add chain per entry, in order), and the definition is an accurate product.
final class MatrixMultiplyTests: XCTestCase {
    /// One product's inputs, with strides wider than packed so stride handling is exercised.
    struct Case {
        var transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, beta: Float
        var lda: Int, ldb: Int, ldc: Int
        var a: [Float], b: [Float], c: [Float]

        init(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0,
             pad: Int = 0, rng: inout RandomStream) {
            self.transA = transA; self.transB = transB; self.m = m; self.n = n; self.k = k
            self.alpha = alpha; self.beta = beta
            lda = (transA ? m : k) + pad; ldb = (transB ? k : n) + pad; ldc = n + pad
            func values(_ count: Int) -> [Float] { (0..<count).map { _ in Float(rng.nextNormal()) } }
            a = values((transA ? k : m) * lda); b = values((transB ? n : k) * ldb); c = values(m * ldc)
        }

        func run(_ path: MatrixMultiply.Path) -> [Float] {
            var out = c
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    out.withUnsafeMutableBufferPointer { cp in
                        MatrixMultiply.gemm(on: path, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                            a: ap.baseAddress!, lda: lda, b: bp.baseAddress!, ldb: ldb,
                                            beta: beta, c: cp.baseAddress!, ldc: ldc)
                    }
                }
            }
            return out
        }

        /// alpha·op(A)·op(B) + beta·C in Double.
        func exact() -> [Double] {
            var out = c.map(Double.init)
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k {
                        let x = transA ? a[p * lda + i] : a[i * lda + p]
                        let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                        s += Double(x) * Double(y)
                    }
                    out[i * ldc + j] = Double(alpha) * s + (beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j]))
                }
            }
            return out
        }
    }

    private func bits(_ x: [Float]) -> [UInt32] { x.map(\.bitPattern) }

    /// Shapes around the tile (6×16) and block (120 rows, 256 deep, 2048 wide) edges, row counts
    /// that take tiles of even height (13, 25, 26, 8 rows at depth ≥ 16), every transpose, padded
    /// strides, last column panels of 1–8 and 9–15 columns packed from either layout (5, 12, 25 wide
    /// over depths that are and are not multiples of 8; B rows 300 apart are packed untransposed too),
    /// and the alpha/beta cases the engine uses and the rare ones.
    func testEveryPathGivesTheReferenceBits() {
        var rng = RandomStream(seed: 11, stream: "gemm")
        let shapes = [(1, 1, 1), (5, 15, 3), (6, 16, 1), (7, 17, 2), (13, 33, 40), (16, 100, 40), (64, 100, 100),
                      (100, 100, 257), (121, 10, 513), (25, 75, 300), (26, 40, 30), (8, 24, 20), (25, 5, 1300), (5, 25, 41), (9, 12, 19), (7, 300, 20), (3, 2049, 5), (0, 4, 3), (4, 0, 3), (4, 5, 0)]
        let scalars: [(Float, Float)] = [(1, 0), (1, 1), (1, 0.5), (-2, 0), (0.5, 1), (0.25, -3)]
        var checked = 0
        for (index, (m, n, k)) in shapes.enumerated() {
            for trans in 0..<4 {
                let (alpha, beta) = scalars[(index + trans) % scalars.count]
                let c = Case(transA: trans & 1 == 1, transB: trans & 2 == 2, m: m, n: n, k: k, alpha: alpha, beta: beta,
                             pad: (index + trans) % 3, rng: &rng)
                let reference = bits(c.run(.reference))
                for path in [MatrixMultiply.Path.avx2, .portable] {
                    XCTAssertEqual(bits(c.run(path)), reference,
                                   "\(path) differs from the reference at m=\(m) n=\(n) k=\(k) transA=\(c.transA) transB=\(c.transB) alpha=\(alpha) beta=\(beta)")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, shapes.count * 4)
    }

    /// The fixed order is an accurate product: within the usual k·ε bound of exact arithmetic,
    /// like OpenBLAS's.
    func testProductIsAccurate() {
        var rng = RandomStream(seed: 12, stream: "gemm")
        let c = Case(transA: false, transB: true, m: 37, n: 53, k: 300, alpha: 1, beta: 1, pad: 1, rng: &rng)
        let exact = c.exact()
        for path in [MatrixMultiply.Path.avx2, .openBLAS] {
            let got = c.run(path)
            for i in 0..<c.m {
                for j in 0..<c.n {
                    let idx = i * c.ldc + j
                    XCTAssertEqual(Double(got[idx]), exact[idx], accuracy: 300 * 1.2e-7 * 20, "\(path) at (\(i), \(j))")
                }
            }
        }
    }

    /// The entries are fused chains: a product whose separate rounding loses the answer.
    /// (1 + 2⁻²³)(1 − 2⁻²³) = 1 − 2⁻⁴⁶ rounds to 1 in Float; minus 1 that is 0 unfused and
    /// −2⁻⁴⁶ fused.
    func testEntriesAreFusedMultiplyAdds() {
        let a: [Float] = [1 + 0x1p-23, -1], b: [Float] = [1 - 0x1p-23, 1]
        for path in [MatrixMultiply.Path.avx2, .portable, .reference] {
            var c: [Float] = [0]
            MatrixMultiply.gemm(on: path, transA: false, transB: false, m: 1, n: 1, k: 2, alpha: 1, a: a, lda: 2,
                                b: b, ldb: 1, beta: 0, c: &c, ldc: 1)
            // Chain: acc = fma(a0, b0, 0) = round(1 − 2⁻⁴⁶) = 1; acc = fma(−1, 1, 1) = 0.
            XCTAssertEqual(c[0], 0, "\(path)")
            // Starting from C = −1 (beta = 1): fma(a0, b0, −1) = −2⁻⁴⁶ exactly, then fma(−1, 1, −2⁻⁴⁶).
            c = [-1]
            MatrixMultiply.gemm(on: path, transA: false, transB: false, m: 1, n: 1, k: 2, alpha: 1, a: a, lda: 2,
                                b: b, ldb: 1, beta: 1, c: &c, ldc: 1)
            XCTAssertEqual(c[0], -1 - 0x1p-46, "\(path)")
        }
    }

    /// beta = 0 never reads C, as in BLAS: NaN there does not leak into the result.
    func testBetaZeroIgnoresC() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, 0, 1]
        for path in [MatrixMultiply.Path.avx2, .portable, .reference] {
            var c = [Float](repeating: .nan, count: 4)
            MatrixMultiply.gemm(on: path, transA: false, transB: false, m: 2, n: 2, k: 2, alpha: 1, a: a, lda: 2,
                                b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
            XCTAssertEqual(c, [1, 2, 3, 4], "\(path)")
        }
    }

    func testPlatformNamesTheFamily() {
        #if arch(x86_64) && os(Linux)
        XCTAssertEqual(NumericPlatform.current, MatrixMultiply.cpuHasAVX2FMA ? "x86_64-v3" : "x86_64")
        #endif
        XCTAssertTrue(MatrixMultiply.path.isFixedOrder)
    }
}
