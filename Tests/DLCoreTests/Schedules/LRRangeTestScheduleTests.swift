@testable import DLCore
import Foundation
import XCTest

/// The LR range test on synthetic loss curves, driven the way a trainer would drive it.
final class LRRangeTestScheduleTests: XCTestCase {
    /// Runs the documented loop with `loss(lr)` standing in for a training batch.
    private func drive(_ test: LRRangeTest, _ loss: (Double) -> Double) -> LRRangeTestResult {
        for step in 0..<test.steps {
            let lr = Double(test.rate(step))
            if !test.record(loss: loss(lr)) { break }
        }
        return test.result
    }

    /// Quadratic in log10(lr), minimum 0.1 at lr = 1e-2, much steeper on the right: blows up.
    private func quadratic(_ lr: Double) -> Double {
        let x = log10(lr) + 2
        return 0.1 + (x < 0 ? 0.2 : 3.0) * x * x
    }

    /// Flat, a sigmoid drop centred at lr = 1e-4, then an exponential rise.
    private func sigmoidDrop(_ lr: Double) -> Double {
        let x = log10(lr)
        return 2.3 - 2 / (1 + exp(-2.5 * (x + 4))) + 0.05 * exp(2.5 * (x + 1))
    }

    func testRampIsExponentialFromStartToEnd() {
        let test = LRRangeTest()
        let rows: [(Int, Double, String)] = [
            (0, 1e-7, "starts at startLR"),
            (99, 10, "reaches endLR at the last step"),
            (33, 1e-7 * pow(1e8, 33.0 / 99), "geometric in between"),
            (500, 10, "clamped past the end"),
        ]
        for (step, expected, why) in rows {
            assertScheduleClose(Double(test.rate(step)), expected, relative: 1e-6, why)
        }
    }

    func testQuadraticCurveDivergesAndSuggestsNearTheMinimum() {
        let r = drive(LRRangeTest(), quadratic)
        XCTAssertTrue(r.diverged, "the steep right branch passes 4 × the best smoothed loss")
        XCTAssertEqual(r.losses.count, 94, "stops at the first smoothed loss above 4 × best")
        XCTAssertEqual(r.learningRates.count, 94)
        assertScheduleClose(r.smoothedLosses.last!, 4.843937956182447, relative: 1e-6,
                            "the diverging point is recorded")
        assertScheduleClose(r.minimumLossLR!, 0.037649358067924715, relative: 1e-9,
                            "smoothing lags the true minimum (1e-2) to the right")
        assertScheduleClose(r.minimumOverTenLR!, 0.0037649358067924714, relative: 1e-9)
        XCTAssertTrue((1e-3...1e-2).contains(r.minimumOverTenLR!), "min ÷ 10 in the safe region")
        assertScheduleClose(r.steepestDescentLR!, 6.42807311728432e-07, relative: 1e-9,
                            "a quadratic falls fastest at the left edge after skipping 10 points")
    }

    func testSigmoidCurveSteepestPointSitsOnTheDrop() {
        let r = drive(LRRangeTest(), sigmoidDrop)
        XCTAssertFalse(r.diverged, "the rise stays below 4 × best within the range")
        XCTAssertEqual(r.losses.count, 100, "runs all steps")
        assertScheduleClose(r.steepestDescentLR!, 0.00035938136638046257, relative: 1e-9,
                            "steepest smoothed descent, just right of the true drop at 1e-4")
        XCTAssertTrue((1e-4...1e-3).contains(r.steepestDescentLR!), "known suggestion region")
        assertScheduleClose(r.minimumLossLR!, 0.8902150854450394, relative: 1e-9)
    }

    func testNonFiniteLossStops() {
        let r = drive(LRRangeTest()) { lr in lr > 1e-3 ? .nan : 1.0 }
        XCTAssertTrue(r.diverged, "NaN stops the test")
        XCTAssertEqual(r.losses.count, 51, "the NaN batch (lr > 1e-3 first at step 50) is recorded")
        XCTAssertTrue(r.losses.last!.isNaN)
        XCTAssertNotNil(r.steepestDescentLR, "suggestions skip non-finite points")
    }

    func testShortTestsFallBackToAllPoints() {
        let test = LRRangeTest(LRRangeTestConfig(steps: 6))
        let r = drive(test, sigmoidDrop)
        XCTAssertEqual(r.losses.count, 6)
        XCTAssertNotNil(r.minimumLossLR, "6 points minus 5 at the end leave one: use them all")
        let empty = LRRangeTest().result
        XCTAssertNil(empty.steepestDescentLR, "nothing recorded, nothing suggested")
        XCTAssertFalse(LRRangeTest(LRRangeTestConfig(steps: 1)).record(loss: 1.0),
                       "the last step says stop")
    }

    /// A curve that falls to a minimum, spikes, and falls again steeply past the minimum (a
    /// recovery): fastai's `steep` picks the recovery, the before-minimum rule the real descent.
    func testSteepestBeforeMinimumIgnoresARecoveryAfterTheMinimum() {
        let lrs = (0..<8).map { pow(10.0, Double($0) - 4) }          // 1e-4 … 1e3
        let smooth = [2.0, 1.9, 1.5, 1.0, 3.0, 1.2, 1.1, 4.0]        // minimum 1.0 at index 3
        let r = LRRangeTestResult(learningRates: lrs, losses: smooth, smoothedLosses: smooth, diverged: false,
                                  skipStart: 0, skipEnd: 0)
        XCTAssertEqual(r.minimumLossLR, 1e-1)
        XCTAssertEqual(r.steepestDescentLR, 1, "fastai's steep: 3.0 → 1.2 is the largest fall (−1.8 per decade)")
        XCTAssertEqual(r.steepestBeforeMinimumLR, 1e-2, "before the minimum: 1.5 → 1.0 (−0.5 per decade)")
    }

    /// fastai's `valley`, checked against its Python on the same input: the longest decreasing
    /// subsequence 2.0 > 1.8 > 1.5 > 1.2 > 1.0 > 0.9 ends at index 6 with length 6, so
    /// max_start = 6 − 6 = 0, sections = 2, idx = 0 + 2 + 1 = 3.
    func testValleyFollowsFastai() {
        let losses = [2.0, 1.8, 1.5, 1.9, 1.2, 1.0, 0.9, 1.4]
        XCTAssertEqual(LRRangeTestResult.valleyIndex(losses), 3)
        XCTAssertEqual(LRRangeTestResult.valleyIndex([1.0, 2.0, 3.0]), 0, "nothing decreases: the start")
        XCTAssertNil(LRRangeTestResult.valleyIndex([]))
    }
}
