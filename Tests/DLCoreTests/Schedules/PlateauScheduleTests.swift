import DLCore
import XCTest

/// `ReduceLROnPlateau` against scripted metric sequences, rate after each epoch's metric.
final class PlateauScheduleTests: XCTestCase {
    private func assertSequence(
        _ plateau: ReduceLROnPlateau, _ metrics: [Double], _ expected: [Double], _ why: String,
        line: UInt = #line
    ) {
        XCTAssertEqual(metrics.count, expected.count, "table is malformed", line: line)
        for (epoch, (metric, rate)) in zip(metrics, expected).enumerated() {
            let got = plateau.observe(metric: metric)
            XCTAssertEqual(Double(plateau.learningRate), rate, accuracy: 1e-15 * rate,
                           "\(why): epoch \(epoch), metric \(metric)", line: line)
            XCTAssertEqual(got, Float(rate), "observe returns the new rate", line: line)
        }
    }

    func testRelativeMinMode() {
        // threshold 0.1 rel: a metric must beat best·0.9; patience 2 ⇒ the 3rd bad epoch reduces.
        assertSequence(
            ReduceLROnPlateau(initialLR: 1, factor: 0.5, patience: 2, threshold: 0.1),
            [10, 9.5, 9.2, 9.1, 8.0, 8.0, 7.9, 7.3, 7.3, 7.3, 7.3],
            [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125],
            "small relative gains are not improvements")
    }

    func testAbsoluteModeCooldownAndMinLR() {
        // abs 0.5: must beat best − 0.5; cooldown 2 swallows bad epochs; min_lr 0.3 floors.
        assertSequence(
            ReduceLROnPlateau(initialLR: 1, factor: 0.5, patience: 1, threshold: 0.5,
                              thresholdMode: .abs, cooldown: 2, minLR: 0.3),
            [5, 4.8, 4.7, 4.6, 4.0, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9],
            [1, 1, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
            "cooldown delays counting; the floor holds at min_lr")
    }

    func testMaxModes() {
        assertSequence(
            ReduceLROnPlateau(initialLR: 0.1, mode: .max, patience: 0, threshold: 0.01),
            [0.5, 0.6, 0.6, 0.605, 0.7, 0.69],
            [0.1, 0.1, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002,
             0.00010000000000000003],
            "max rel: must beat best·1.01; patience 0 reduces on every bad epoch")
        assertSequence(
            ReduceLROnPlateau(initialLR: 0.1, mode: .max, factor: 0.5, patience: 1,
                              threshold: 0.05, thresholdMode: .abs),
            [0.5, 0.55, 0.62, 0.6, 0.63, 0.7],
            [0.1, 0.1, 0.1, 0.1, 0.05, 0.05],
            "max abs: must beat best + 0.05")
    }

    func testEpsIgnoresTinyChanges() {
        assertSequence(
            ReduceLROnPlateau(initialLR: 0.1, patience: 0, minLR: 0.1 - 1e-9),
            [1, 1, 1, 1], [0.1, 0.1, 0.1, 0.1],
            "a reduction to min_lr smaller than eps is skipped")
        assertSequence(
            ReduceLROnPlateau(initialLR: 1.5e-8, factor: 0.5, patience: 0),
            [1, 1, 1], [1.5e-8, 1.5e-8, 1.5e-8],
            "a rate already below eps·2 no longer moves")
    }

    func testPyTorchDefaults() throws {
        // Patience 10: the 11th epoch without improvement divides by 10.
        let metrics = [Double](repeating: 1, count: 12) + [Double](repeating: 0.5, count: 12)
        var expected = [Double](repeating: 0.1, count: 11)
        expected += [Double](repeating: 0.010000000000000002, count: 12) + [0.0010000000000000002]
        let schedule = LRSchedule.reduceOnPlateau()
        assertSequence(ReduceLROnPlateau(try XCTUnwrap(schedule.plateauSchedule), initialLR: 0.1), metrics, expected,
                       "defaults: factor 0.1, patience 10, rel 1e-4")
        XCTAssertNil(LRSchedule.constant.plateauSchedule, "only plateau builds a tracker")
        XCTAssertNotNil(LRSchedule.warmup(.steps(5), then: schedule).plateauSchedule, "a plateau behind a warmup still does")
    }

    func testNonFiniteMetricsAreNeverImprovements() {
        assertSequence(
            ReduceLROnPlateau(initialLR: 1, patience: 1),
            [1.0, .nan, 0.9, .nan, .nan], [1, 1, 1, 1, 0.1],
            "NaN counts as a bad epoch, as in PyTorch")
        assertSequence(
            ReduceLROnPlateau(initialLR: 1, patience: 1),
            [1.0, -.infinity, -.infinity], [1, 1, 0.1],
            "−∞ is not a new best (PyTorch would take it)")
    }

    func testIsBetterTable() {
        let rows: [(MetricMode, ThresholdMode, Double, Double, Bool, String)] = [
            (.min, .rel, 0.98, 1.0, true, "2% below beats a 1% rel threshold"),
            (.min, .rel, 0.995, 1.0, false, "0.5% below does not"),
            (.min, .abs, 0.98, 1.0, true, "0.02 below beats 0.01 abs"),
            (.min, .abs, 0.995, 1.0, false, "0.005 below does not"),
            (.max, .rel, 1.02, 1.0, true, "2% above beats 1% rel"),
            (.max, .abs, 1.005, 1.0, false, "0.005 above does not beat 0.01 abs"),
            (.min, .rel, 5.0, .infinity, true, "anything finite beats the initial +∞"),
        ]
        for (mode, thresholdMode, metric, best, better, why) in rows {
            let plateau = ReduceLROnPlateau(
                initialLR: 1, mode: mode, threshold: 0.01, thresholdMode: thresholdMode)
            XCTAssertEqual(plateau.isBetter(metric, than: best), better, why)
        }
    }
}
