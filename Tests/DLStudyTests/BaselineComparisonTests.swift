import DLCore
@testable import DLStudy
import XCTest

/// Comparisons of hand-made baselines: what passes, what fails, and how each failure is named.
final class BaselineComparisonTests: XCTestCase {
    /// A baseline of one experiment with levels "a" and "b", seeds 0–2, a train-loss curve over
    /// epochs 0–2, a final train loss, a probe and one claim.
    static func baseline(_ edit: (inout Baseline) -> Void = { _ in }) -> Baseline {
        func level(_ label: String, _ losses: [Double?]) -> Baseline.LevelValues {
            Baseline.LevelValues(
                label: label, runs: 3, diverged: 0,
                curves: ["trainLoss": Baseline.Curve(epochs: [0, 1, 2], mean: losses, sd: [0.25, 0.25, 0.25], n: [3, 3, 3])],
                final: ["trainLoss": Baseline.Stat(mean: losses.last!, sd: 0.25, n: 3)],
                probes: ["sharpness": Baseline.Stat(mean: 8, sd: 1, n: 3)], bits: [], lossDrivenSchedule: false)
        }
        var b = Baseline(
            format: 2, study: "s", title: "S", profile: "quick", dlstudyVersion: "0.1.0", engineVersion: "0.1.0",
            platform: "x86_64-v3", generated: "2025-01-01T00:00:00Z", gitCommit: nil,
            experiments: [.init(id: "main", factors: ["lr"], seeds: [0, 1, 2], levels: [level("a", [2, 1.5, 1]), level("b", [2, 1, 0.5])])],
            claims: [.init(text: "b beats a", formula: "train loss: b < a", verdict: "supported", meanDifference: -0.5, ciLow: -0.6,
                           ciHigh: -0.4, effectSize: -5, differences: [-0.4, -0.5, -0.6])])
        edit(&b)
        return b
    }

    func testIdenticalBaselinesPass() {
        let c = BaselineComparison(baseline: Self.baseline(), current: Self.baseline())
        XCTAssertTrue(c.passed)
        XCTAssertEqual(c.points.count, 2 * (3 + 1 + 1), "3 curve points, a final value and a probe per level")
        XCTAssertEqual(c.worst?.ratio, 0)
        XCTAssertEqual(c.summaryLine, "PASS s (quick) [exact on x86_64-v3]: 10 points within tolerance; every point equals the baseline")
    }

    func testAMovedPointFailsWithItsNumbers() {
        // Tolerance at b, epoch 2: max(3 · 0.25, 0.005, 0.02 · 0.5) = 0.75.
        let current = Self.baseline { $0.experiments[0].levels[1].curves["trainLoss"]!.mean[2] = 1.375 }
        let c = BaselineComparison(baseline: Self.baseline(), current: current)
        XCTAssertFalse(c.passed)
        XCTAssertEqual(c.failures.count, 1)
        let p = c.failures[0]
        XCTAssertEqual([p.level, p.name], ["b", "trainLoss"])
        XCTAssertEqual(p.epoch, 2)
        XCTAssertEqual(p.tolerance, 0.75)
        XCTAssertEqual(p.delta, 0.875)
        XCTAssertEqual(c.worst, p)
        XCTAssertEqual(c.summaryLine,
                       "FAIL s (quick) [exact on x86_64-v3]: 1 of 10 points out of tolerance; worst trainLoss at b, epoch 2: |Δ| 0.875 > tolerance 0.75")
        XCTAssertEqual(c.failureLines(), ["trainLoss at b, epoch 2: baseline 0.5, current 1.375, |Δ| 0.875 > tolerance 0.75"])
    }

    func testWithinTheBandPassesAndReportsTheWorstPoint() {
        let current = Self.baseline {
            $0.experiments[0].levels[0].curves["trainLoss"]!.mean[1] = 1.75  // |Δ| 0.25 of 0.75
            $0.experiments[0].levels[0].probes["sharpness"]!.mean = 10  // |Δ| 2 of 3 · 1 = 3
        }
        let c = BaselineComparison(baseline: Self.baseline(), current: current)
        XCTAssertTrue(c.passed)
        XCTAssertEqual(c.worst?.place, "probe sharpness at a")
        XCTAssertEqual(c.worst!.ratio, 2.0 / 3.0, accuracy: 1e-12)
    }

    func testStructuralDifferencesAreNamed() {
        let cases: [(edit: (inout Baseline) -> Void, message: String)] = [
            ({ $0.experiments[0].seeds = [0, 1] }, "structure: seeds: 3 (0, 1, 2) in the baseline, 2 (0, 1) now"),
            ({ $0.experiments[0].levels.removeLast() }, "structure: levels differ; only in the baseline: b"),
            ({ $0.experiments[0].levels[1].label = "c" }, "structure: levels differ; only in the baseline: b; only now: c"),
            ({ $0.experiments[0].factors = ["batch size"] }, "structure: varied factors: lr in the baseline, batch size now"),
            ({ $0.experiments[0].id = "other" }, "structure: experiments differ; only in the baseline: main; only now: other"),
            ({ $0.experiments[0].levels[0].curves["testLoss"] = $0.experiments[0].levels[0].curves["trainLoss"] },
             "structure: metrics at a differ; only now: testLoss"),
            ({ $0.experiments[0].levels[0].probes = [:] }, "structure: probes at a differ; only in the baseline: sharpness"),
            ({ $0.claims = [] }, "structure: claims differ; only in the baseline: b beats a"),
            ({ b in
                for i in 0..<2 {
                    var c = b.experiments[0].levels[i].curves["trainLoss"]!
                    c.epochs.append(3); c.mean.append(0.5); c.sd.append(0.25); c.n.append(3)
                    b.experiments[0].levels[i].curves["trainLoss"] = c
                }
            }, "structure: epochs: 0…2 in the baseline, 0…3 now (2 curves: trainLoss at a, trainLoss at b)"),
        ]
        for (edit, message) in cases {
            let c = BaselineComparison(baseline: Self.baseline(), current: Self.baseline(edit))
            XCTAssertFalse(c.passed, message)
            XCTAssertEqual(c.differences.map(\.description), [message])
        }
    }

    func testAChangedSeedCountIsStructuralNotAFloodOfPoints() {
        let current = Self.baseline { b in
            b.experiments[0].seeds = [0, 1]
            for i in 0..<2 {
                b.experiments[0].levels[i].runs = 2
                b.experiments[0].levels[i].curves["trainLoss"]!.n = [2, 2, 2]
            }
        }
        let c = BaselineComparison(baseline: Self.baseline(), current: current)
        XCTAssertEqual(c.differences.count, 1, "\(c.differences)")
        XCTAssertTrue(c.failures.isEmpty, "the means are still compared, with their own seed counts")
    }

    func testAVerdictFlipFails() {
        let c = BaselineComparison(baseline: Self.baseline(), current: Self.baseline { $0.claims[0].verdict = "inconclusive" })
        XCTAssertFalse(c.passed)
        XCTAssertEqual(c.differences, [.verdict(claim: "b beats a", baseline: "supported", current: "inconclusive")])
        XCTAssertEqual(c.differences[0].description, "claim \"b beats a\": supported in the baseline, inconclusive now")
        XCTAssertTrue(c.summaryLine.contains("1 verdict flip"), c.summaryLine)
    }

    func testDivergenceStillDivergedPassesAndAFlipFails() {
        // Every seed of b diverged at epoch 2 in the baseline: no finite value there.
        func diverged(_ b: inout Baseline) {
            b.experiments[0].levels[1].diverged = 3
            b.experiments[0].levels[1].curves["trainLoss"]!.mean[2] = nil
            b.experiments[0].levels[1].curves["trainLoss"]!.sd[2] = nil
            b.experiments[0].levels[1].curves["trainLoss"]!.n[2] = 0
            b.experiments[0].levels[1].final["trainLoss"] = Baseline.Stat(mean: nil, sd: nil, n: 0)
        }
        let both = BaselineComparison(baseline: Self.baseline(diverged), current: Self.baseline(diverged))
        XCTAssertTrue(both.passed, "diverged in the baseline and still diverged: \(both.failureLines())")

        let recovered = BaselineComparison(baseline: Self.baseline(diverged), current: Self.baseline())
        XCTAssertFalse(recovered.passed)
        XCTAssertEqual(recovered.differences, [.divergence(experiment: "main", level: "b", baseline: 3, current: 0, runs: 3)])
        XCTAssertEqual(recovered.differences[0].description, "divergence at b: 3 diverged runs in the baseline, 0 of 3 now")
        XCTAssertEqual(Set(recovered.failures.map(\.place)), ["trainLoss at b, epoch 2", "final trainLoss at b"])
        XCTAssertEqual(recovered.failures[0].problem, "no finite value in the baseline (its runs diverged), a value now")
        XCTAssertEqual(recovered.failures[0].ratio, .infinity)

        let nowDiverges = BaselineComparison(baseline: Self.baseline(), current: Self.baseline(diverged))
        XCTAssertEqual(nowDiverges.failures.first?.problem, "a value in the baseline, no finite value now (the runs diverged)")
    }

    func testFewerSeedsWithAValueFailsWhenTheSeedsAreTheSame() {
        // One of three seeds diverged before epoch 2: the mean there is over two seeds.
        let current = Self.baseline {
            $0.experiments[0].levels[0].diverged = 1
            $0.experiments[0].levels[0].curves["trainLoss"]!.n[2] = 2
        }
        let c = BaselineComparison(baseline: Self.baseline(), current: current)
        XCTAssertEqual(c.failures.map(\.problem), ["values from 3 seeds in the baseline, 2 now"])
    }

    func testFailureLinesNameEveryMovedQuantityFirstAndAreCapped() {
        let current = Self.baseline { b in
            b.experiments[0].levels[0].curves["trainLoss"]!.mean = [9, 9, 9]  // |Δ| 7, 7.5, 8
            b.experiments[0].levels[1].curves["trainLoss"]!.mean = [2, 1, 1.5]  // |Δ| 1 at epoch 2
            b.experiments[0].levels[1].probes["sharpness"]!.mean = 18  // |Δ| 10 > 3
        }
        let c = BaselineComparison(baseline: Self.baseline(), current: current)
        XCTAssertEqual(c.failuresByQuantity.map(\.place),
                       ["trainLoss at a, epoch 2", "probe sharpness at b", "trainLoss at b, epoch 2", "trainLoss at a, epoch 1",
                        "trainLoss at a, epoch 0"],
                       "the worst point of each quantity (by |Δ| / tolerance), then the next of each")
        let lines = c.failureLines(limit: 4)
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines.last, "… and 1 more (the HTML report lists them all)")
    }

    func testStudyTolerancesApply() {
        let current = Self.baseline { $0.experiments[0].levels[1].curves["trainLoss"]!.mean[2] = 1.375 }
        let loose = Tolerances([.metric(.trainLoss): Tolerance(sigmas: 0, absolute: 1)])
        XCTAssertTrue(BaselineComparison(baseline: Self.baseline(), current: current, tolerances: loose).passed)
    }

    func testEpochSpans() {
        XCTAssertEqual(BaselineComparison.span([0, 1, 2, 3]), "0…3")
        XCTAssertEqual(BaselineComparison.span([0, 2, 4, 5, 6]), "0, 2, 4…6")
        XCTAssertEqual(BaselineComparison.span([1, 2]), "1, 2")
        XCTAssertEqual(BaselineComparison.span([]), "none")
    }
}
