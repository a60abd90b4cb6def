import DLCore
@testable import DLStudy
import XCTest

/// The early-stopping quantities (a metric at the epoch of another's best, the step of that
/// epoch) and the per-cell upstream of a stage.
final class LotteryQuantityTests: XCTestCase {
    /// Validation losses 1.0, 0.6, 0.4, 0.4, 0.7 at steps 0, 10, …, 40; test accuracies 0.1 … 0.5.
    func record(diverged: Bool = false) -> RunRecord {
        var r = MadeUpRecords.record(losses: Array(repeating: (1, 1), count: 5), diverged: diverged)
        for (i, v) in [1.0, 0.6, 0.4, 0.4, 0.7].enumerated() {
            r.epochs[i].validationLoss = v
            r.epochs[i].validationAccuracy = [0.2, 0.5, 0.6, 0.7, 0.6][i]
            r.epochs[i].testAccuracy = Double(i + 1) / 10
        }
        return r
    }

    func testTheEarliestBestEpochIsRead() {
        let r = record()
        // Lowest validation loss first at epoch 2 (step 20), tied at epoch 3: the earliest wins.
        XCTAssertEqual(Quantity.atBestEpoch(of: .validationLoss, .testAccuracy).value(r), 0.3)
        XCTAssertEqual(Quantity.stepOfBest(.validationLoss).value(r), 20)
        // Best validation accuracy (highest) at epoch 3.
        XCTAssertEqual(Quantity.atBestEpoch(of: .validationAccuracy, .testAccuracy).value(r), 0.4)
        XCTAssertEqual(Quantity.stepOfBest(.validationAccuracy).value(r), 30)
        XCTAssertEqual(Quantity.atBestEpoch(of: .validationLoss, .testAccuracy).name, "test accuracy at lowest validation loss")
        XCTAssertEqual(Quantity.stepOfBest(.validationLoss).name, "step of lowest validation loss")
        XCTAssertTrue(Quantity.atBestEpoch(of: .validationLoss, .testAccuracy).isAccuracy)
        XCTAssertFalse(Quantity.atBestEpoch(of: .validationLoss, .testAccuracy).lowerIsBetter)
    }

    func testNonFiniteRowsAreSkippedAndDivergedRunsHaveNoValue() {
        var r = record()
        r.epochs[1].validationLoss = .nan
        r.epochs[2].validationLoss = .infinity
        XCTAssertEqual(Quantity.stepOfBest(.validationLoss).value(r), 30)
        XCTAssertNil(Quantity.stepOfBest(.validationLoss).value(record(diverged: true)))
        XCTAssertNil(Quantity.atBestEpoch(of: .validationLoss, .testAccuracy).value(record(diverged: true)))
        var none = record()
        for i in none.epochs.indices { none.epochs[i].validationLoss = nil }
        XCTAssertNil(Quantity.stepOfBest(.validationLoss).value(none))
    }

    /// A cell named in `starting(_:from:)` takes another upstream cell; the rest follow the label.
    func testAStageCanStartACellFromAnotherUpstreamCell() throws {
        let levels = { (e: String) in Vary("variant", [Level("a") { _ in }, Level("b") { $0.start?.mask?.random = true }]) }
        let study = Study("cells", title: "Cells") { _ in
            Experiment("first", base: DemoFixtures.base, vary: Vary(\.optimizer.lr, [0.05], name: "lr"), seeds: Seeds(2), keepWeights: true)
            Experiment("second", base: DemoFixtures.base, vary: levels("second"), seeds: Seeds(2), keepWeights: true,
                       from: .prune("first", amount: 0.5))
            Experiment("third", base: DemoFixtures.base, vary: levels("third"), seeds: Seeds(2),
                       from: Stage.prune("second", amount: 0.5).starting("b", from: "a"))
        }
        let jobs = try study.stagedPlan(profile: .quick)
        for job in jobs where job.experiment == "third" {
            let up = jobs.first { $0.experiment == "second" && $0.cellLabel == "a" && $0.seed == job.seed }!
            XCTAssertEqual(job.spec.start?.mask?.weights.run, up.key, "\(job.cellLabel) starts from cell a")
            let other = jobs.first { $0.experiment == "second" && $0.cellLabel == "b" && $0.seed == job.seed }!
            XCTAssertTrue(job.dependencies.contains(up.key))
            XCTAssertFalse(job.dependencies.contains(other.key), "\(job.cellLabel) does not read cell b")
        }
        // Without the mapping, cell b follows its own label.
        for job in jobs where job.experiment == "second" {
            XCTAssertEqual(job.dependencies, [jobs.first { $0.experiment == "first" && $0.seed == job.seed }!.key], "one upstream cell")
        }
        XCTAssertEqual(Stage.prune("x", amount: 0.2).starting("b", from: "a").upstreamLabel(forCell: "b", upstreamCells: ["only"]), "only",
                       "an upstream with one cell is every cell's upstream")
    }
}
