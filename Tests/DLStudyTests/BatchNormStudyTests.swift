import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The batchnorm study's own helpers and its claim families, on records made up to the number.
final class BatchNormStudyTests: XCTestCase {
    func record(validation: Double, diverged: Bool = false) -> RunRecord {
        var r = MadeUpRecords.record(losses: [(2.3, 2.3), (1.5, 1.6)], diverged: diverged)
        r.final?.validationAccuracy = validation
        return r
    }

    func testDivergedRunsCountAtChance() {
        XCTAssertEqual(BatchNormStudy.accuracyOrChance.value(record(validation: 0.7, diverged: true)), 0.1)
        XCTAssertEqual(BatchNormStudy.validationOrChance.value(record(validation: 0.7, diverged: true)), 0.1)
        XCTAssertEqual(BatchNormStudy.validationOrChance.value(record(validation: 0.7)), 0.7)
    }

    func testUsableRatesAreWithinFivePointsOfTheBestOnValidation() {
        let sweep = Sweep(BatchNormStudy.plain, \.optimizer.lr, BatchNormStudy.rates, name: "learning rate") { Format.plain(Double($0)) }
        let experiment = BatchNormStudy.study.experiments(for: .quick).first { $0.id == "plain" }!
        // Rates 0.01 … 3: the best is 0.6 at 0.1; 0.56 at 0.3 is within 5 points, 0.54 at 0.03 is not;
        // rate 3 diverged (counted at 0.1).
        let validation: [String: Double] = ["0.01": 0.2, "0.03": 0.54, "0.1": 0.6, "0.3": 0.56, "1": 0.3, "3": 0.9]
        let cells = experiment.cells.map { cell in
            CellResults(cell: cell, runs: [0: record(validation: validation[cell.label]!, diverged: cell.label == "3")])
        }
        let r = StudyResults(study: BatchNormStudy.study, profile: .quick,
                             experiments: ["plain": ExperimentResults(experiment: experiment, cells: cells)])
        XCTAssertEqual(BatchNormStudy.usable(r, sweep), [0.1, 0.3])
    }

    func testEveryClaimIsInAFamilyAndTheFamiliesValidate() throws {
        for profile in [Profile.quick, .full] {
            let claims = BatchNormStudy.study.claims(for: profile)
            XCTAssertEqual(claims.filter { $0.family == "bn-helps" }.count, 6)
            XCTAssertEqual(claims.filter { $0.family == "bn-replaces" }.map(\.test), [.nonInferiority(margin: 0.01), .nonInferiority(margin: 0.01)])
            XCTAssertTrue(claims.allSatisfy { $0.family != nil })
            try BatchNormStudy.study.validate(profile: profile, checkingSpecs: false)
        }
        XCTAssertGreaterThanOrEqual(BatchNormStudy.study.experiments(for: .full).map(\.seeds.count).min()!, 5)
    }
}
