import DLCore
@testable import DLStudy
import XCTest

/// The tolerance rule in exact arithmetic (powers of two, so no rounding hides an off-by-one).
final class ToleranceTests: XCTestCase {
    func testPooledStandardDeviation() {
        let cases: [(a: (Double, Int), b: (Double, Int), pooled: Double, why: String)] = [
            ((0.25, 3), (0.25, 3), 0.25, "equal spreads pool to themselves"),
            ((0.5, 3), (0, 3), (0.125).squareRoot(), "equal counts: root mean square, √((0.25 + 0) / 2)"),
            ((1, 2), (0.5, 3), 0.5.squareRoot(), "weighted by degrees of freedom: (1·1² + 2·0.5²) / 3 = 0.5"),
            ((0.5, 1), (0.5, 1), 0, "one seed on each side has no spread"),
            ((0, 0), (0.5, 5), 0.5, "an empty side adds nothing"),
        ]
        for c in cases {
            XCTAssertEqual(Tolerance.pooledSD(c.a, c.b), c.pooled, accuracy: 1e-15, c.why)
        }
    }

    func testLimitIsTheLargestOfTheThreeTerms() {
        let t = Tolerance(sigmas: 3, absolute: 0.125, relative: 0.25)
        let cases: [(baseline: Double, sd: Double, limit: Double, why: String)] = [
            (1, 0.25, 0.75, "3 · 0.25 beats 0.125 and 0.25 · 1"),
            (1, 0, 0.25, "the relative floor when the seeds agree"),
            (0.25, 0, 0.125, "the absolute floor near zero"),
            (-4, 0, 1, "relative to |baseline|"),
        ]
        for c in cases { XCTAssertEqual(t.limit(baseline: c.baseline, pooledSD: c.sd), c.limit, c.why) }
    }

    func testPointPassesAtTheLimitAndFailsBeyondIt() {
        func point(_ current: Double, tolerance: Double = 0.75) -> CheckPoint {
            CheckPoint(experiment: "main", level: "a", kind: .curve, name: "trainLoss", epoch: 1,
                       baseline: .init(mean: 2, sd: 0.25, n: 3), current: .init(mean: current, sd: 0.25, n: 3), tolerance: tolerance)
        }
        XCTAssertTrue(point(2.75).passed, "|Δ| = tolerance passes")
        XCTAssertEqual(point(2.75).ratio, 1)
        XCTAssertFalse(point(2.875).passed, "beyond it fails")
        XCTAssertEqual(point(1.625).ratio, 0.5, "distance counts both ways")
        XCTAssertEqual(point(2).ratio, 0, "equal is 0 even under a zero tolerance")
        XCTAssertEqual(point(2, tolerance: 0).ratio, 0)
        XCTAssertEqual(point(2.0000001, tolerance: 0).ratio, .infinity, "any move under a zero tolerance fails")
        XCTAssertEqual(point(2.875).line, "trainLoss at a, epoch 1: baseline 2, current 2.875, |Δ| 0.875 > tolerance 0.75")
    }

    func testDefaultsAndOverrides() {
        let standard = Tolerances()
        XCTAssertEqual(standard.tolerance(for: .metric(.trainLoss)), Tolerance(sigmas: 3, absolute: 0.005, relative: 0.02))
        XCTAssertEqual(standard.tolerance(for: .metric(.testAccuracy)), Tolerance(sigmas: 3, absolute: 0.01))
        XCTAssertEqual(standard.tolerance(for: .metric(.learningRate)), Tolerance(sigmas: 0, absolute: 1e-9, relative: 1e-6))
        XCTAssertEqual(standard.tolerance(for: .probe("sharpness")), Tolerance(sigmas: 3, absolute: 1e-6, relative: 0.05))
        XCTAssertEqual(standard.tolerance(for: .steps), Tolerance(sigmas: 3))
        let custom = Tolerances([.metric(.testLoss): Tolerance(sigmas: 4, absolute: 0.05)])
        XCTAssertEqual(custom.tolerance(for: .metric(.testLoss)), Tolerance(sigmas: 4, absolute: 0.05))
        XCTAssertEqual(custom.tolerance(for: .metric(.trainLoss)), standard.tolerance(for: .metric(.trainLoss)), "others keep their defaults")
    }

    func testFormulaReadsLikeTheRule() {
        XCTAssertEqual(Tolerance(sigmas: 3, absolute: 0.005, relative: 0.02).formula, "max(3·sd, 0.005, 2% of |baseline|)")
        XCTAssertEqual(Tolerance(sigmas: 0, absolute: 1e-9, relative: 1e-6).formula, "max(1e-9, 1e-6·|baseline|)")
        XCTAssertEqual(Tolerance(sigmas: 3).formula, "3·sd")
        XCTAssertEqual(Tolerance(sigmas: 0).formula, "0 (exact)")
    }

    func testAStudyCarriesItsTolerances() {
        let study = Study("t", title: "T", tolerances: Tolerances([.probe("sharpness"): Tolerance(relative: 0.5)])) { _ in
            Prose("x")
        }
        XCTAssertEqual(study.tolerances.tolerance(for: .probe("sharpness")), Tolerance(relative: 0.5))
        XCTAssertEqual(DemoFixtures.study.tolerances.overrides.count, 0)
    }
}
