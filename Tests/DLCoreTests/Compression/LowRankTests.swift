@testable import DLCore
import Foundation
import XCTest

/// The Jacobi SVD: a decomposition (A = UΣVᵀ, orthonormal factors), PyTorch's singular values,
/// Eckart–Young for the truncation, the rank chosen by energy, and the same bits every time.
final class LowRankTests: XCTestCase {
    func matrix(_ m: Int, _ n: Int, seed: UInt64) -> [Double] {
        var rng = RandomStream(seed: seed, stream: "test")
        return (0..<(m * n)).map { _ in rng.nextNormal() }
    }

    func testSingularValuesMatchPyTorch() throws {
        let f = try FakeQuantizationTests.Fixture.load()
        for c in f.svd {
            let svd = JacobiSVD(c.values, rows: c.rows, columns: c.columns)
            XCTAssertEqual(svd.singularValues.count, c.singularValues.count)
            for (a, b) in zip(svd.singularValues, c.singularValues) { XCTAssertEqual(a, b, accuracy: 1e-12 * c.singularValues[0]) }
        }
    }

    /// Tall and wide: U Σ Vᵀ gives A back, UᵀU = VᵀV = I, σ decreasing.
    func testDecompositionReconstructsWithOrthonormalFactors() {
        for (m, n) in [(9, 4), (4, 9), (6, 6)] {
            let a = matrix(m, n, seed: UInt64(m * 10 + n))
            let svd = JacobiSVD(a, rows: m, columns: n)
            let k = min(m, n)
            for (x, y) in zip(svd.truncated(rank: k), a) { XCTAssertEqual(x, y, accuracy: 1e-12) }
            for (factor, rows) in [(svd.u, m), (svd.v, n)] {
                for p in 0..<k {
                    for q in 0..<k {
                        let dot = (0..<rows).reduce(0.0) { $0 + factor[$1 * k + p] * factor[$1 * k + q] }
                        XCTAssertEqual(dot, p == q ? 1 : 0, accuracy: 1e-12, "\(m)×\(n)")
                    }
                }
            }
            XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
        }
    }

    /// Eckart–Young: ‖A − A_r‖_F = √(Σ_{i>r} σᵢ²) for every r.
    func testTruncationErrorIsTheRootSumOfTheDroppedSingularValuesSquared() {
        let (m, n) = (12, 7)
        let a = matrix(m, n, seed: 3)
        let svd = JacobiSVD(a, rows: m, columns: n)
        for r in 0...n {
            let error = zip(svd.truncated(rank: r), a).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            let dropped = svd.singularValues[r...].reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            XCTAssertEqual(error, dropped, accuracy: 1e-12, "rank \(r)")
        }
    }

    /// The rank kept is the smallest whose σ² hold the energy: σ = (3, 2, 1), energies 9/14, 13/14, 1.
    func testRankForEnergy() {
        let a: [Double] = [3, 0, 0, 0, 2, 0, 0, 0, 1]  // already diagonal
        let svd = JacobiSVD(a, rows: 3, columns: 3)
        XCTAssertEqual(svd.singularValues, [3, 2, 1])
        XCTAssertEqual(svd.rank(forEnergy: 0.5), 1)
        XCTAssertEqual(svd.rank(forEnergy: 9.0 / 14), 1)
        XCTAssertEqual(svd.rank(forEnergy: 0.65), 2)
        XCTAssertEqual(svd.rank(forEnergy: 0.95), 3)
        XCTAssertEqual(svd.rank(forEnergy: 1), 3)
    }

    /// A conv weight [out, in, k] is treated as out × in·k; bytes are r(m + n) floats, capped at
    /// the dense size; the same input gives the same bits.
    func testLowRankOfAConvWeightAndItsBytes() {
        var rng = RandomStream(seed: 5, stream: "w")
        let values = (0..<(8 * 3 * 5)).map { _ in rng.normal() }
        let w = Tensor(shape: [8, 3, 5], values: values), again = Tensor(shape: [8, 3, 5], values: values)
        let (r, full) = LowRank.approximate(w, energy: 0.8)
        LowRank.approximate(again, energy: 0.8)
        XCTAssertEqual(full, 8)
        XCTAssert(r < 8 && r >= 1)
        XCTAssertEqual(w.values, again.values)
        let svd = JacobiSVD(values.map(Double.init), rows: 8, columns: 15)
        XCTAssertEqual(r, svd.rank(forEnergy: 0.8))
        XCTAssertEqual(LowRank.bytes(rows: 100, columns: 40, rank: 10), 4 * 10 * 140)
        XCTAssertEqual(LowRank.bytes(rows: 100, columns: 40, rank: 35), 4 * 100 * 40)
    }
}
