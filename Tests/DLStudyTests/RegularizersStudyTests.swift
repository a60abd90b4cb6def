import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The regularizers study's own analysis on records made up to the number.
final class RegularizersStudyTests: XCTestCase {
    typealias Losses = [(train: Double, test: Double)]
    let noneLosses: Losses = [(2.3, 2.3), (1.5, 1.6), (0.8, 1.4), (0.3, 1.5), (0.1, 1.9)]

    func results(none: [RunRecord], early: [RunRecord]) -> StudyResults {
        let experiment = RegularizersStudy.study.experiments(for: .quick).first { $0.id == "main" }!
        let cells = experiment.cells.compactMap { cell -> CellResults? in
            let runs = cell.label == RegularizersStudy.none ? none : cell.label == RegularizersStudy.earlyLabel ? early : []
            return runs.isEmpty ? nil : CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: runs.enumerated().map { (UInt64($0.offset), $0.element) }))
        }
        return StudyResults(study: RegularizersStudy.study, profile: .quick,
                            experiments: ["main": ExperimentResults(experiment: experiment, cells: cells)])
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
        let r = results(none: [MadeUpRecords.record(losses: noneLosses)], early: [early])
        let stop = try XCTUnwrap(RegularizersAnalysis.earlyStops(r).first)
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
    }
}
