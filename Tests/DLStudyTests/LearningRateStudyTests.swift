import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The lr study's own analysis — the good region, failure, the range-test replay — on records
/// made up to the number, and claims with a threshold derived from the results.
final class LearningRateStudyTests: XCTestCase {
    /// A record that starts at `start` and ends at `end` (nil: diverged at step 7).
    func record(start: Double = 2.4, end: Double?, steps: [Double] = []) -> RunRecord {
        MadeUpRecords.record(losses: [(start, start)] + (end.map { [($0, $0)] } ?? []), diverged: end == nil, steps: steps)
    }

    /// A study result with one "sweep" experiment: rate → the final loss of each seed (nil: diverged).
    func sweep(_ levels: [(Float, [Double?])]) -> StudyResults {
        let experiment = Experiment("sweep", base: DemoFixtures.base,
                                    vary: Vary(\.optimizer.lr, levels.map(\.0), label: { Format.plain(Double($0)) }),
                                    seeds: Seeds(levels.first?.1.count ?? 0))
        let cells = zip(experiment.cells, levels).map { cell, level in
            CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: level.1.enumerated().map { (UInt64($0.offset), record(end: $0.element)) }))
        }
        return StudyResults(study: LearningRateStudy.study, profile: .quick,
                            experiments: ["sweep": ExperimentResults(experiment: experiment, cells: cells)])
    }

    func testGoodRegionHoldsTheRatesThatRemovedThreeQuartersOfTheLossWithEdgesHalfwayInLogLR() throws {
        // Initial loss 2.4, so good means a mean final loss ≤ 0.6 and no failed seed.
        let r = sweep([(0.01, [1.5, 1.4]), (0.1, [0.5, 0.7]), (1, [0.2, 0.3]), (10, [nil, 0.1])])
        let region = try XCTUnwrap(LearningRateAnalysis.goodRegion(r))
        XCTAssertEqual(region.threshold, 0.6, accuracy: 1e-12)
        XCTAssertEqual(region.rates.map { Float($0) }, [0.1, 1], "0.1's mean 0.6 is on the threshold; 10 lost a seed")
        XCTAssertEqual(region.low, (0.01 * Double(Float(0.1))).squareRoot(), accuracy: 1e-9, "halfway to 0.01 in log lr")
        XCTAssertEqual(region.high, 10.0.squareRoot(), accuracy: 1e-6, "halfway to 10 in log lr")
    }

    func testGoodRegionStopsAtTheSweepsEndAndIsNilWhenNothingTrains() throws {
        let r = sweep([(0.01, [2.3, 2.3]), (0.1, [0.1, 0.1])])
        XCTAssertEqual(try XCTUnwrap(LearningRateAnalysis.goodRegion(r)).high, Double(Float(0.1)), "no larger rate was tried")
        XCTAssertNil(LearningRateAnalysis.goodRegion(sweep([(0.01, [2.3, 2.2])])))
    }

    func testFailureMeansDivergedOrEndedAboveTheStart() {
        let failed = Quantity.failed
        XCTAssertEqual(failed.value(record(end: nil)), 1, "non-finite loss")
        XCTAssertEqual(failed.value(record(start: 2.3, end: 2.44)), 1, "a dead network ends above its start")
        XCTAssertEqual(failed.value(record(start: 2.3, end: 1.0)), 0)
        XCTAssertNil(Quantity.lossReduction.value(record(end: nil)))
        XCTAssertEqual(Quantity.lossReduction.value(record(start: 2.0, end: 0.5))!, 0.75, accuracy: 1e-12)
        XCTAssertEqual(Quantity.logFinal(.trainLoss).value(record(end: 0.01))!, -2, accuracy: 1e-12)
    }

    func testRangeTestReplayCountsTheNonFiniteStepAsItsLastPoint() {
        let losses = Array(repeating: 2.0, count: 30)
        let finished = LearningRateStudy.rangeTest.result(record(end: 1.0, steps: losses))
        XCTAssertFalse(finished.diverged)
        XCTAssertEqual(finished.losses.count, 30)
        let diverged = LearningRateStudy.rangeTest.result(record(end: nil, steps: losses))
        XCTAssertTrue(diverged.diverged, "a diverged run ends the test")
        XCTAssertEqual(diverged.losses.count, 31)
        XCTAssertEqual(diverged.losses.last, .infinity)
    }

    func testClaimAgainstADerivedValueMatchesTheSameConstant() {
        let r = sweep([(0.1, [0.5, 0.7, 0.6])])
        let derived = Claim("below", experiment: "sweep", .final(.trainLoss), "0.1",
                            lessThan: DerivedValue("a threshold") { _ in 1.0 }).evaluate(r)
        let constant = Claim("below", experiment: "sweep", .final(.trainLoss), "0.1", lessThan: 1.0).evaluate(r)
        XCTAssertEqual(derived.comparison, constant.comparison)
        XCTAssertEqual(derived.verdict, .supported)
        XCTAssertTrue(derived.claim.formula.hasSuffix("< a threshold"), derived.claim.formula)

        let missing = Claim("below", experiment: "sweep", .final(.trainLoss), "0.1",
                            lessThan: DerivedValue("the edge") { _ in nil }).evaluate(r)
        XCTAssertEqual(missing.verdict, .inconclusive)
        XCTAssertEqual(missing.problem, "the edge could not be computed from the results")
    }

    func testTheStudyValidatesInBothProfiles() throws {
        try LearningRateStudy.study.validate(profile: .quick)
        try LearningRateStudy.study.validate(profile: .full)
        XCTAssertEqual(LearningRateStudy.stepsPerEpoch(.full), 55, "3500 training samples in batches of 64, the last partial one kept")
        XCTAssertEqual(LearningRateStudy.stepsPerEpoch(.quick), 24)
    }

    /// Issue 13's acceptance: run the quick profile, write the report, and check that every
    /// number the prose quotes is summary.json's, and that each schedule's peak the prose names
    /// is the best on validation (recomputed from summary.json, a diverged seed scoring 0).
    func testProseQuotesAgreeWithSummary() throws {
        let study = LearningRateStudy.study
        let report = try QuickReport(study)
        let folder = report.folder
        let summary = report.summary
        let text = QuotedNumbers.visibleText(html: report.html)
        let chosenTest = LearningRateStudy.chosenTest.name, chosenValidation = LearningRateStudy.chosenValidation.name

        let rates = LearningRateStudy.rates(.quick).levels.map(\.label)
        var quotes = [QuotedNumber("sweep", rates.first!, .final("trainLoss"), as: .number),
                      QuotedNumber("sweep", rates.first!, .quantity(chosenTest), as: .percent)]
        let sweep = try XCTUnwrap(summary.experiments.first { $0.id == "sweep" })
        for level in sweep.levels where (level.probes["dead_units.count"]?.mean ?? 0) > 0 {
            quotes.append(QuotedNumber("sweep", level.label, .probe("dead_units.count"), as: .number))
        }
        XCTAssertTrue(sweep.levels.contains { $0.probes["dead_units.count"] != nil }, "dead units are measured")

        let schedules = try XCTUnwrap(summary.experiments.first { $0.id == "schedules" })
        for (name, _) in LearningRateStudy.schedules(.quick) {
            let cells = schedules.levels.filter { $0.label.hasPrefix(name + ", ") }
            XCTAssertEqual(cells.count, LearningRateStudy.peaks(.quick).count)
            // The tuning score: best validation accuracy, a diverged seed counting 0.
            func score(_ l: StudySummary.Level) -> Double {
                let v = l.quantities?[chosenValidation]
                return (v?.mean ?? 0) * Double(v?.perSeed.count ?? 0) / Double(l.runs)
            }
            let best = try XCTUnwrap(cells.max { score($0) < score($1) })
            let peak = String(best.label.dropFirst(name.count + 2))
            XCTAssertTrue(text.contains("\(name) η₀ = \(peak)"), "the prose names \(name)'s pick, η₀ = \(peak)")
            quotes += [QuotedNumber("schedules", best.label, .quantity(chosenTest), as: .percent),
                       QuotedNumber("schedules", best.label, .quantity(chosenValidation), as: .percent),
                       QuotedNumber("schedules", best.label, .final("trainLoss"), as: .number)]
        }
        XCTAssertEqual(try QuotedNumbers.problems(quotes, folder: folder), [])
        XCTAssertEqual(Set(summary.claims.map(\.family)), ["sweep", "range-test", "test-accuracy", "training-loss", "schedule-shape"])
        XCTAssertFalse(text.contains("ReLUs died"), "dead units are measured, not typed")
    }
}
