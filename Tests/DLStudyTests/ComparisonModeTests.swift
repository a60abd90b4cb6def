import DLCore
@testable import DLStudy
import XCTest

/// Exact and statistical comparison: which platforms get which mode, what exact mode reports,
/// and each rule by which statistical mode tolerates platform noise but not a real change.
final class ComparisonModeTests: XCTestCase {
    typealias B = BaselineComparisonTests

    func testModeFollowsThePlatforms() {
        XCTAssertEqual(BaselineComparison.mode(baseline: "x86_64-v3", current: "x86_64-v3"), .exact)
        XCTAssertEqual(BaselineComparison.mode(baseline: "x86_64-v3", current: "arm64"), .statistical)
        XCTAssertEqual(BaselineComparison.mode(baseline: "x86_64-v3+openblas-Zen", current: "x86_64-v3+openblas-Zen"), .statistical,
                       "OpenBLAS's order depends on its version, not only on the kernel name")
        XCTAssertEqual(BaselineComparison.mode(baseline: "arm64 + x86_64-v3", current: "arm64 + x86_64-v3"), .statistical)
    }

    /// A baseline whose level "a" has fingerprints for seeds 0–2 over the three epoch rows.
    static func withBits(_ edit: (inout Baseline) -> Void = { _ in }) -> Baseline {
        B.baseline { b in
            b.experiments[0].levels[0].bits = (0..<3).map { seed in
                Baseline.RunBits(seed: UInt64(seed), digest: "d\(seed)", epochs: ["e0", "e1", "e2"].map { "\($0)-\(seed)" },
                                 epochNumbers: [0, 1, 2], steps: [0, 10, 20])
            }
            edit(&b)
        }
    }

    func testExactModePlacesTheFirstDifferingEpoch() {
        let current = Self.withBits {
            $0.experiments[0].levels[0].bits[2].digest = "other"
            $0.experiments[0].levels[0].bits[2].epochs[2] = "changed"
        }
        let c = BaselineComparison(baseline: Self.withBits(), current: current)
        XCTAssertEqual(c.mode, .exact)
        XCTAssertFalse(c.passed, "every point is equal, but the bits are not")
        XCTAssertEqual(c.failures.count, 0)
        XCTAssertEqual(c.bitDifferences.map(\.description), ["bits differ at a, seed 2: first at epoch 2 (steps 11–20)"])
        XCTAssertEqual(c.bitsFinding, "bits differ in 1 of 3 runs")
        XCTAssertTrue(c.summaryLine.hasPrefix("FAIL s (quick) [exact on x86_64-v3]: bits differ in 1 of 3 runs, 10 points within tolerance"),
                      c.summaryLine)

        let same = BaselineComparison(baseline: Self.withBits(), current: Self.withBits())
        XCTAssertTrue(same.passed)
        XCTAssertEqual(same.bitsFinding, "all 3 runs bit-identical")

        let statistical = BaselineComparison(baseline: Self.withBits(), current: current, mode: .statistical)
        XCTAssertTrue(statistical.passed, "statistical mode does not compare bits")
        XCTAssertNil(statistical.bitsFinding)
    }

    func testExactModeNamesAChangeBeforeTrainingAndInTheFinalValues() {
        let early = Self.withBits { $0.experiments[0].levels[0].bits[0].digest = "x"; $0.experiments[0].levels[0].bits[0].epochs[0] = "x" }
        XCTAssertEqual(BaselineComparison(baseline: Self.withBits(), current: early).bitDifferences.first?.description,
                       "bits differ at a, seed 0: first at epoch 0, before any step (the initial weights, the data, the evaluation or the starting learning rate)")
        let late = Self.withBits { $0.experiments[0].levels[0].bits[0].digest = "x" }
        XCTAssertEqual(BaselineComparison(baseline: Self.withBits(), current: late).bitDifferences.first?.description,
                       "bits differ at a, seed 0: every epoch matches; the final metrics, probes or status differ")
        let shorter = Self.withBits { $0.experiments[0].levels[0].bits[0].digest = "x"; $0.experiments[0].levels[0].bits[0].epochs.removeLast() }
        XCTAssertEqual(BaselineComparison(baseline: Self.withBits(), current: shorter).bitDifferences.first?.description,
                       "bits differ at a, seed 0: the first 2 epoch rows match, then the baseline has 3 rows and the run 2")
    }

    /// A run that stops at its loss target an epoch earlier: its curves end sooner. Exactly, a
    /// structural difference; statistically, the common epochs are compared and the changed
    /// seed counts skipped.
    func testCurvesOfRunsStoppingAtATargetCompareOverTheCommonEpochs() {
        let current = B.baseline {
            $0.experiments[0].levels[1].curves["trainLoss"] = Baseline.Curve(epochs: [0, 1, 2, 3], mean: [2, 1, 0.5, 0.4],
                                                                            sd: [0.25, 0.25, 0.25, 0], n: [3, 3, 3, 1])
        }
        let baseline = B.baseline {
            $0.experiments[0].levels[1].curves["trainLoss"] = Baseline.Curve(epochs: [0, 1, 2, 3, 4], mean: [2, 1, 0.5, 0.45, 0.4],
                                                                            sd: [0.25, 0.25, 0.25, 0.1, 0], n: [3, 3, 3, 2, 1])
        }
        let exact = BaselineComparison(baseline: baseline, current: current, mode: .exact)
        XCTAssertFalse(exact.passed)
        XCTAssertEqual(exact.differences.filter { $0.kind == "structure" }.count, 1)

        let statistical = BaselineComparison(baseline: baseline, current: current, mode: .statistical)
        XCTAssertTrue(statistical.passed, statistical.failureLines().joined(separator: "\n"))
        XCTAssertEqual(statistical.skippedPoints, 1, "epoch 3: 2 seeds in the baseline, 1 now")
        XCTAssertEqual(statistical.notes.count, 1)
        XCTAssertTrue(statistical.notes[0].hasPrefix("epochs: 0…4 in the baseline, 0…3 now"), statistical.notes[0])
    }

    /// Steps to a target: a relative floor of 10% on another platform, exact seeds elsewhere.
    func testStepsToATargetGetARelativeFloorOnAnotherPlatform() {
        func steps(_ mean: Double) -> Baseline {
            B.baseline { $0.experiments[0].levels[0].final["steps"] = Baseline.Stat(mean: mean, sd: 0, n: 3) }
        }
        XCTAssertFalse(BaselineComparison(baseline: steps(200), current: steps(210), mode: .exact).passed)
        XCTAssertTrue(BaselineComparison(baseline: steps(200), current: steps(210), mode: .statistical).passed)
        XCTAssertFalse(BaselineComparison(baseline: steps(200), current: steps(240), mode: .statistical).passed,
                       "a fifth more steps is not noise")
    }

    func testOneRunMoreOrLessDivergingOnTheStabilityEdge() {
        func diverged(_ n: Int) -> Baseline { B.baseline { $0.experiments[0].levels[0].diverged = n } }
        // 1 of 3 in the baseline, 2 now: on the edge.
        let edge = BaselineComparison(baseline: diverged(1), current: diverged(2), mode: .statistical)
        XCTAssertTrue(edge.passed)
        XCTAssertEqual(edge.notes, ["divergence at a: 1 diverged run in the baseline, 2 of 3 now (on the stability edge: tolerated on another platform)"])
        XCTAssertFalse(BaselineComparison(baseline: diverged(1), current: diverged(2), mode: .exact).passed)
        XCTAssertFalse(BaselineComparison(baseline: diverged(0), current: diverged(3), mode: .statistical).passed, "all runs now diverge")
        XCTAssertFalse(BaselineComparison(baseline: diverged(1), current: diverged(3), mode: .statistical).passed, "two more")
    }

    /// ReduceLROnPlateau drops an epoch later on another platform: for a level whose schedule
    /// follows the loss, the rate passes within the range of the baseline's rates two epochs
    /// either side.
    func testALossDrivenRateMayDropAnEpochOrTwoApart() {
        func rate(_ values: [Double], lossDriven: Bool = true) -> Baseline {
            B.baseline {
                $0.experiments[0].levels[0].lossDrivenSchedule = lossDriven
                $0.experiments[0].levels[0].curves["learningRate"] = Baseline.Curve(
                    epochs: Array(values.indices), mean: values, sd: values.map { _ in 0 }, n: values.map { _ in 3 })
            }
        }
        let tenfold = rate([1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 1e-4, 1e-4])
        let later = rate([1, 1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 1e-4])
        let moved = BaselineComparison(baseline: tenfold, current: later, mode: .statistical)
        XCTAssertTrue(moved.passed, moved.failureLines().joined(separator: "\n"))
        XCTAssertTrue(moved.points.contains { $0.tolerated?.hasPrefix("within the baseline's rates at epochs 0…4") == true })
        XCTAssertFalse(BaselineComparison(baseline: tenfold, current: later, mode: .exact).passed)
        XCTAssertFalse(BaselineComparison(baseline: rate([1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 1e-4, 1e-4], lossDriven: false),
                                          current: rate([1, 1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 1e-4], lossDriven: false),
                                          mode: .statistical).passed,
                       "a schedule that does not follow the loss is exact everywhere")
        XCTAssertFalse(BaselineComparison(baseline: tenfold, current: rate(Array(repeating: 1, count: 10)), mode: .statistical).passed,
                       "a rate that never drops is a change")
        XCTAssertFalse(BaselineComparison(baseline: tenfold, current: rate([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625]),
                                          mode: .statistical).passed, "another factor is a change")
    }

    /// Among thousands of points some cross a 3-sd band alone on another platform; a real change
    /// moves a curve for several epochs in a row.
    func testIsolatedExcursionsAreToleratedOnAnotherPlatform() {
        func losses(_ values: [Double]) -> Baseline {
            B.baseline {
                $0.experiments[0].levels[0].curves["trainLoss"] = Baseline.Curve(
                    epochs: Array(values.indices), mean: values, sd: values.map { _ in 0.1 }, n: values.map { _ in 3 })
            }
        }
        let base = losses([2, 1.5, 1.2, 1, 0.9, 0.8, 0.7, 0.6])
        let once = losses([2, 1.5, 1.7, 1.45, 0.9, 0.8, 0.7, 0.6])  // epochs 2 and 3 out (tolerance 0.3)
        let statistical = BaselineComparison(baseline: base, current: once, mode: .statistical)
        XCTAssertTrue(statistical.passed, statistical.failureLines().joined(separator: "\n"))
        XCTAssertEqual(statistical.notes, ["trainLoss at a: out of tolerance at epochs 2, 3 only, fewer than 3 in a row "
                                           + "(an isolated excursion: tolerated on another platform)"])
        XCTAssertFalse(BaselineComparison(baseline: base, current: once, mode: .exact).passed)
        let persistent = losses([2, 1.5, 1.7, 1.45, 1.3, 0.8, 0.7, 0.6])
        XCTAssertFalse(BaselineComparison(baseline: base, current: persistent, mode: .statistical).passed, "three epochs in a row")
    }

    /// Where some seeds diverged, a level's mean is over the survivors, which another platform
    /// picks differently: statistical mode compares only points with every seed present.
    func testMeansOverSurvivorsAreComparedOnlyExactly() {
        func survivors(_ loss: Double) -> Baseline {
            B.baseline {
                $0.experiments[0].levels[0].diverged = 2
                $0.experiments[0].levels[0].final["trainLoss"] = Baseline.Stat(mean: loss, sd: 0, n: 1)
            }
        }
        let statistical = BaselineComparison(baseline: survivors(575), current: survivors(6.5), mode: .statistical)
        XCTAssertTrue(statistical.passed, statistical.failureLines().joined(separator: "\n"))
        XCTAssertEqual(statistical.skippedPoints, 1)
        XCTAssertFalse(BaselineComparison(baseline: survivors(575), current: survivors(6.5), mode: .exact).passed)
    }

    /// A verdict whose interval touches the threshold may turn inconclusive on another platform;
    /// one that excluded it clearly may not, and supported never becomes contradicted.
    func testVerdictsNearTheirThreshold() {
        func claim(_ verdict: String, _ low: Double, _ high: Double) -> Baseline {
            B.baseline {
                $0.claims[0].verdict = verdict
                $0.claims[0].ciLow = low; $0.claims[0].ciHigh = high; $0.claims[0].meanDifference = (low + high) / 2
            }
        }
        // Interval (-0.6, -0.05): the end nearest 0 is 0.05 away, under half the half-width 0.275.
        let near = BaselineComparison(baseline: claim("supported", -0.6, -0.05), current: claim("inconclusive", -0.55, 0.02), mode: .statistical)
        XCTAssertTrue(near.passed)
        XCTAssertEqual(near.notes.count, 1)
        XCTAssertFalse(BaselineComparison(baseline: claim("supported", -0.6, -0.05), current: claim("inconclusive", -0.55, 0.02),
                                          mode: .exact).passed)
        XCTAssertFalse(BaselineComparison(baseline: claim("supported", -0.6, -0.4), current: claim("inconclusive", -0.9, 0.6),
                                          mode: .statistical).passed, "far from the threshold in the baseline, and the current interval is wide")
        XCTAssertFalse(BaselineComparison(baseline: claim("supported", -0.6, -0.05), current: claim("contradicted", 0.05, 0.6),
                                          mode: .statistical).passed)
    }
}
