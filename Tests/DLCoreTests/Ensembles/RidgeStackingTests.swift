@testable import DLCore
import Foundation
import XCTest

/// Ridge stacking's closed form against a direct solve, and what it does on predictions built
/// to have a known best combination.
final class RidgeStackingTests: XCTestCase {
    /// Random-looking member probabilities from a fixed linear congruential generator.
    func members(_ k: Int, samples n: Int, classes c: Int, seed: UInt64) -> [Probabilities] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) + 0.01
        }
        return (0..<k).map { _ in
            var v: [Double] = []
            for _ in 0..<n {
                let row = (0..<c).map { _ in next() }, s = row.reduce(0, +)
                v += row.map { $0 / s }
            }
            return Probabilities(values: v, classes: c)
        }
    }

    /// Gaussian elimination with partial pivoting on (XᵀX + λI | XᵀY), the matrix formed
    /// entry by entry from its definition: the direct solve the Cholesky path must agree with.
    func directSolve(_ members: [Probabilities], _ labels: [Int32], lambda: Double) -> [Double] {
        let c = members[0].classes, d = members.count * c, n = labels.count
        func x(_ i: Int, _ p: Int) -> Double { members[p / c][i, p % c] }
        var a = [[Double]](repeating: [Double](repeating: 0, count: d + c), count: d)
        for p in 0..<d {
            for q in 0..<d { a[p][q] = (0..<n).reduce(0) { $0 + x($1, p) * x($1, q) } + (p == q ? lambda : 0) }
            for k in 0..<c { a[p][d + k] = (0..<n).reduce(0) { $0 + x($1, p) * (Int(labels[$1]) == k ? 1 : 0) } }
        }
        for col in 0..<d {
            let pivot = (col..<d).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            a.swapAt(col, pivot)
            for r in 0..<d where r != col {
                let f = a[r][col] / a[col][col]
                for j in col..<(d + c) { a[r][j] -= f * a[col][j] }
            }
        }
        return (0..<d).flatMap { p in (0..<c).map { a[p][d + $0] / a[p][p] } }
    }

    func testClosedFormMatchesADirectSolve() {
        let ms = members(3, samples: 40, classes: 4, seed: 7)
        let labels = (0..<40).map { Int32(($0 * 7) % 4) }
        for lambda in [1e-3, 0.1, 10] {
            let fit = RidgeStacking.fit(ms, labels: labels, lambda: lambda)
            let direct = directSolve(ms, labels, lambda: lambda)
            XCTAssertEqual(fit.weights.count, 12 * 4)
            let worst = zip(fit.weights, direct).map { abs($0 - $1) }.max()!
            let scale = direct.map(abs).max()!
            XCTAssertLessThan(worst, 1e-9 * max(scale, 1), "λ = \(lambda)")
        }
    }

    /// The stacked scores are XW, sample by sample.
    func testScoresAreFeaturesTimesWeights() {
        let ms = members(2, samples: 10, classes: 3, seed: 3)
        let fit = RidgeStacking.fit(ms, labels: (0..<10).map { Int32($0 % 3) }, lambda: 0.5)
        let s = fit.scores(ms)
        for i in 0..<10 {
            for k in 0..<3 {
                let expected = (0..<6).reduce(0.0) { $0 + ms[$1 / 3][i, $1 % 3] * fit.weights[$1 * 3 + k] }
                XCTAssertEqual(s[i * 3 + k], expected, accuracy: 1e-12)
            }
        }
        let p = fit.probabilities(ms)
        for i in 0..<10 {
            XCTAssertEqual((0..<3).reduce(0) { $0 + p[i, $1] }, 1, accuracy: 1e-12)
            XCTAssert((0..<3).allSatisfy { p[i, $0] > 0 })
        }
    }

    /// One member is noise, the other knows the labels: stacking learns to follow the second,
    /// where an equal average of the two is pulled toward the noise.
    func testStackingLearnsToTrustTheInformativeMember() {
        let n = 60, c = 3
        let labels = (0..<n).map { Int32(($0 * 5 + 1) % c) }
        let noise = members(1, samples: n, classes: c, seed: 11)[0]
        var good: [Double] = []
        for i in 0..<n { good += (0..<c).map { Int(labels[i]) == $0 ? 0.4 : 0.3 } }
        let informative = Probabilities(values: good, classes: c)
        let fit = RidgeStacking.fit([noise, informative], labels: labels, lambda: 1e-3)
        XCTAssertEqual(Calibration.accuracy(fit.probabilities([noise, informative]), labels: labels), 1)
        XCTAssertLessThan(Calibration.accuracy(Probabilities.average([noise, informative]), labels: labels), 1)
    }

    /// λ is the grid value with the lowest two-fold NLL, and the model is the fit on all the
    /// data with it.
    func testLambdaIsChosenByTwoFoldCrossValidation() {
        let ms = members(2, samples: 50, classes: 3, seed: 5)
        let labels = (0..<50).map { Int32(($0 * 11) % 3) }
        let grid = [1e-3, 1e-1, 10]
        let (model, scores) = RidgeStacking.fitChoosingLambda(ms, labels: labels, grid: grid)
        XCTAssertEqual(scores.count, 3)
        // The first fold's score by hand, for the first λ.
        let first = Array(0..<25), second = Array(25..<50)
        let a = RidgeStacking.fit(ms.map { $0.rows(first) }, labels: first.map { labels[$0] }, lambda: grid[0])
        let b = RidgeStacking.fit(ms.map { $0.rows(second) }, labels: second.map { labels[$0] }, lambda: grid[0])
        let byHand = (Calibration.negativeLogLikelihood(a.probabilities(ms.map { $0.rows(second) }), labels: second.map { labels[$0] })
            + Calibration.negativeLogLikelihood(b.probabilities(ms.map { $0.rows(first) }), labels: first.map { labels[$0] })) / 2
        XCTAssertEqual(scores[0], byHand, accuracy: 1e-12)
        let best = scores.indices.min { scores[$0] < scores[$1] }!
        XCTAssertEqual(model, RidgeStacking.fit(ms, labels: labels, lambda: grid[best]))
    }

    func testCholeskySolvesAKnownSystem() {
        // A = [[4, 2], [2, 3]], x = [1, -2] → b = [0, -4].
        let x = LinearSolve.cholesky([4, 2, 2, 3], size: 2, rightHandSides: [0, -4], columns: 1)
        XCTAssertEqual(x[0], 1, accuracy: 1e-14)
        XCTAssertEqual(x[1], -2, accuracy: 1e-14)
    }
}
