import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The regularizers study's own analysis on records made up to the number, and (issue 13's
/// acceptance) the numbers its quick report quotes against summary.json.
final class RegularizersStudyTests: XCTestCase {
    typealias S = RegularizersStudy
    typealias Losses = [(train: Double, test: Double)]
    let noneLosses: Losses = [(2.3, 2.3), (1.5, 1.6), (0.8, 1.4), (0.3, 1.5), (0.1, 1.9)]

    /// Results with the given records per level label (seeds 0, 1, …); other levels empty.
    func results(_ runs: [String: [RunRecord]]) -> StudyResults {
        let experiment = S.study.experiments(for: .quick).first { $0.id == "main" }!
        let cells = experiment.cells.compactMap { cell -> CellResults? in
            guard let records = runs[cell.label] else { return nil }
            return CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: records.enumerated().map { (UInt64($0.offset), $0.element) }))
        }
        return StudyResults(study: S.study, profile: .quick, experiments: ["main": ExperimentResults(experiment: experiment, cells: cells)])
    }

    /// A record whose best validation accuracy is `validation`.
    func record(validation: Double) -> RunRecord {
        var r = MadeUpRecords.record(losses: noneLosses)
        r.epochs[1].validationAccuracy = validation
        return r
    }

    func testEpochOfMinimumSkipsNonFiniteRows() throws {
        let m = try XCTUnwrap(RegularizersAnalysis.epochOfMinimum(MadeUpRecords.record(losses: noneLosses)))
        XCTAssertEqual(m.epoch, 2)
        XCTAssertEqual(m.value, 1.4)
        var withNaN = MadeUpRecords.record(losses: [(2.3, 2.3), (1, 0.5), (0.9, 1.8)])
        withNaN.epochs[1].testLoss = .infinity
        XCTAssertEqual(RegularizersAnalysis.epochOfMinimum(withNaN)?.epoch, 2)
    }

    func testEarlyStopsAreSetAgainstTheSameSeedsUnregularizedRun() throws {
        // Early stopping restored epoch 1 (test loss 1.6); the unregularized run bottoms at epoch 2 (1.4).
        let early = MadeUpRecords.record(losses: [(2.3, 2.3), (1.5, 1.6), (0.8, 1.7), (0.5, 1.8)], bestEpoch: 1)
        let level = S.tuning.cells(S.early)[0]
        let r = results([S.none: [MadeUpRecords.record(losses: noneLosses)], level.label: [early]])
        let stop = try XCTUnwrap(RegularizersAnalysis.earlyStops(r, level).first)
        XCTAssertEqual(stop.restored, 1)
        XCTAssertEqual(stop.stopped, 3)
        XCTAssertEqual(stop.restoredTestLoss, 1.6)
        XCTAssertEqual(stop.noneMinimumEpoch, 2)
        XCTAssertEqual(stop.noneFinalTestLoss, 1.9)
        XCTAssertEqual(stop.excess, 1.6 / 1.4 - 1, accuracy: 1e-12)
    }

    func testWeightQuantitiesReadTheTotalEntry() {
        // The probe lists each weight matrix, then the total.
        let record = MadeUpRecords.record(losses: noneLosses, probes: ["weights.near_zero": [0.1, 0.2, 0.15], "weights.l2": [3, 4, 5]])
        XCTAssertEqual(RegularizersAnalysis.nearZeroTotal.value(record), 0.15)
        XCTAssertEqual(RegularizersAnalysis.normTotal.value(record), 5)
        XCTAssertEqual(RegularizersAnalysis.weightsAbove.value(record)!, 0.85, accuracy: 1e-12)
    }

    /// L1 and L2 are matched on validation: the most accurate pair within the margin, not the
    /// closest pair, and the closest when no pair is within it.
    func testL1AndL2AreMatchedOnValidationAccuracy() throws {
        let (l1, l2) = (S.tuning.cells(S.l1), S.tuning.cells(S.l2))
        // L1: 0.60, 0.70, 0.65, 0.30; L2: 0.651, 0.695, 0.72, 0.40. The closest pair is (0.65, 0.651), but
        // (0.70, 0.695), 0.005 apart, is within the 0.01 margin and more accurate: it is chosen.
        let s1 = [0.60, 0.70, 0.65, 0.30], s2 = [0.651, 0.695, 0.72, 0.40]
        var runs: [String: [RunRecord]] = [:]
        for (c, v) in zip(l1, s1) { runs[c.label] = [record(validation: v)] }
        for (c, v) in zip(l2, s2) { runs[c.label] = [record(validation: v)] }
        let pair = try XCTUnwrap(RegularizersAnalysis.matchedPair(results(runs)))
        XCTAssertEqual(pair.l1, l1[1])
        XCTAssertEqual(pair.l2, l2[1])
        XCTAssertEqual(pair.difference, 0.005, accuracy: 1e-12)
        // Nothing within the margin: the closest pair (L1 0.70 against L2 0.72).
        runs[l2[1].label] = [record(validation: 0.1)]
        runs[l2[0].label] = [record(validation: 0.1)]
        let loose = try XCTUnwrap(RegularizersAnalysis.matchedPair(results(runs)))
        XCTAssertEqual([loose.l1, loose.l2], [l1[1], l2[2]])
        XCTAssertEqual(RegularizersAnalysis.matched(S.l1).choose(results(runs)), l1[1])
    }

    /// The stored histogram keeps what the figure and prose need: exact counts per 1/8 decade,
    /// the exact near-zero fraction, and bin centres that fall back into their own bins.
    func testWeightHistogramIsExactInTheFiguresBins() throws {
        let magnitudes: [Double] = [0, 1e-9, 2e-4, 9.99e-4, 1e-3, 0.05, 0.05, 0.3]
        let v = RegularizersAnalysis.histogram(magnitudes)
        let counts = try XCTUnwrap(v[numbers: "counts"])
        XCTAssertEqual(counts.reduce(0, +), 8)
        XCTAssertEqual(counts[0], 2, "0 and 1e-9 are below the first edge, 1e-7")
        XCTAssertEqual(counts[RegularizersAnalysis.bin(1e-3)], 1)
        XCTAssertEqual(RegularizersAnalysis.bin(1e-3), 32, "1e-3 is 4 decades above 1e-7 at 8 bins a decade")
        XCTAssertEqual(RegularizersAnalysis.bin(9.99e-4), 31)
        XCTAssertEqual(v[numbers: "nearZero"]?.first, 4.0 / 8)
        XCTAssertEqual(v[numbers: "medianSmall"]?.first, 2e-4, "the upper median of 0, 1e-9, 2e-4, 9.99e-4")
        XCTAssertEqual(v[numbers: "medianBig"]?.first, 0.05)
        for i in counts.indices where counts[i] > 0 {
            let edges = RegularizersAnalysis.binEdges
            XCTAssertEqual(RegularizersAnalysis.bin((edges[i] * edges[i + 1]).squareRoot()), i)
        }
    }

    /// Issue 13's acceptance: run the quick profile, write the report, and check the numbers
    /// the prose quotes against summary.json, and the chosen strengths against the validation
    /// scores summary.json holds.
    func testProseQuotesAgreeWithSummary() throws {
        let study = S.study
        let report = try QuickReport(study)
        let (out, folder, results) = (report.output, report.folder, report.results)
        let summary = report.summary
        let main = try XCTUnwrap(summary.experiments.first { $0.id == "main" })
        let text = QuotedNumbers.visibleText(html: report.html)
        let score = "val. acc. (chooses)", test = S.testChosen.name

        var quotes: [QuotedNumber] = [QuotedNumber("main", S.none, .quantity(test), as: .percent)]
        for group in S.tuning.groups {
            // The choice recomputed from summary.json: the highest mean validation score, the first on a tie.
            let cells = S.tuning.cells(group).map(\.label)
            let means = cells.map { label in main.levels.first { $0.label == label }?.quantities?[score]?.mean ?? -1 }
            let best = means.indices.max { means[$0] < means[$1] || (means[$0] == means[$1] && $0 > $1) }!
            XCTAssertEqual(S.tuning.chosen(group, in: results)?.label, cells[best])
            XCTAssertTrue(text.contains(cells[best].replacingOccurrences(of: ", ", with: " ")), "the prose names \(cells[best])")
            quotes += [QuotedNumber("main", cells[best], .quantity(test), as: .percent), QuotedNumber("main", cells[best], .quantity(score), as: .percent)]
        }
        for n in [250, 500, 2000] { quotes.append(QuotedNumber("main", "n = \(n)", .quantity(test), as: .percent)) }
        let pair = try XCTUnwrap(RegularizersAnalysis.matchedPair(results))
        for level in [pair.l1.label, pair.l2.label, S.none] {
            quotes += [QuotedNumber("main", level, .quantity(RegularizersAnalysis.nearZeroTotal.name), as: .percent),
                       QuotedNumber("main", level, .quantity(RegularizersAnalysis.normTotal.name), as: .number)]
        }
        quotes.append(QuotedNumber("main", S.none, .quantity(S.finalGap.name), as: .number))
        XCTAssertEqual(try QuotedNumbers.problems(quotes, folder: folder), [])
        XCTAssertEqual(Set(summary.claims.map(\.family)), ["accuracy", "early-stopping", "dropout-best", "gap", "weights", "more-data"])
        // The stored weights are histograms, not every weight: no derived value file reaches 20 kB
        // (every |w| of one network took about 1.5 MB).
        let derived = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.contains("derived/") && $0.hasSuffix(".json") }
        XCTAssertGreaterThanOrEqual(derived.count, 1 + S.l1Grid.count + S.l2Grid.count)
        for path in derived {
            let size = (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[.size] as? Int) ?? 0
            XCTAssertLessThan(size, 20_000, path)
        }
    }
}
