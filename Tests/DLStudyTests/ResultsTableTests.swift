import DLCore
@testable import DLStudy
import XCTest

/// The long-form results table: its rows, group-by and aggregates, to the bit.
final class ResultsTableTests: XCTestCase {
    let r = AuthoringFixtures.results()

    func testCurveRowsAreInExperimentLevelSeedEpochOrder() {
        let t = ResultsTable.curves(r, metrics: [.trainLoss])
        // 3 levels × 3 seeds × 4 epochs, but c's seed 2 stopped an epoch early.
        XCTAssertEqual(t.rows.count, 3 * 3 * 4 - 1)
        XCTAssertEqual(t.rows.prefix(5).map { "\($0.level) \($0.seed) \($0.epoch!)" }, ["a 0 0", "a 0 1", "a 0 2", "a 0 3", "a 1 0"])
        XCTAssertEqual(t.rows[1].value, 0.5)  // 1/2 + 0 + 0
        XCTAssertEqual(t.rows[1].step, 10)
        XCTAssertEqual(t.rows[1].levelValue, 1)
        XCTAssertEqual(t.rows.last?.level, "c")
    }

    func testAggregateByLevelAndEpochSumsInSeedOrder() throws {
        let rows = ResultsTable.curves(r, metrics: [.trainLoss]).aggregate(by: [.level, .epoch])
        XCTAssertEqual(rows.count, 12, "every (level, epoch) that has a value")
        let b1 = try XCTUnwrap(rows.first { $0.key.level == "b" && $0.key.epoch == 1 })
        let v = [0.5 + 0.1, 0.5 + 0.1 + 0.01, 0.5 + 0.1 + 0.02]
        XCTAssertEqual(b1.summary.n, 3)
        XCTAssertEqual(b1.summary.mean, (v[0] + v[1] + v[2]) / 3, "exactly the seed-order sum")
        XCTAssertEqual(b1.summary.sd, Summary(v)!.sd)
        XCTAssertEqual(b1.summary.ci95, Summary(v)!.ci95)
        XCTAssertNil(b1.key.seed, "not grouped by seed")
        let c3 = try XCTUnwrap(rows.first { $0.key.level == "c" && $0.key.epoch == 3 })
        XCTAssertEqual(c3.summary.n, 2, "c's seed 2 never reached epoch 3")
    }

    func testTheSameRowsInAnyOrderGiveTheSameBits() {
        let t = ResultsTable.curves(r, metrics: [.trainLoss, .testLoss])
        var shuffled = t
        var rng = SystemRandomNumberGenerator()
        shuffled.rows.shuffle(using: &rng)
        let sortKey = { (a: AggregateRow) in "\(a.key.level!)|\(a.key.metric!)|\(a.key.epoch!)" }
        let one = t.aggregate(by: [.level, .metric, .epoch]).sorted { sortKey($0) < sortKey($1) }
        let two = shuffled.aggregate(by: [.level, .metric, .epoch]).sorted { sortKey($0) < sortKey($1) }
        XCTAssertEqual(one.map(\.summary), two.map(\.summary))
    }

    func testCompleteKeepsOnlyTheEpochsEverySeedReached() {
        let t = ResultsTable.curves(r, metrics: [.trainLoss])
        XCTAssertEqual(t.level(AuthoringFixtures.c).aggregate(by: [.epoch], complete: true).map(\.key.epoch), [0, 1, 2])
        XCTAssertEqual(t.curve(AuthoringFixtures.a, .trainLoss).map(\.x), [0, 1, 2, 3])
        XCTAssertEqual(t.curve(AuthoringFixtures.a, .trainLoss, x: .step).map(\.x), [0, 10, 20, 30])
        // The same numbers as CellResults.curve, which the older figures use.
        let old = r[AuthoringFixtures.c]!.curve(.trainLoss)
        XCTAssertEqual(t.curve(AuthoringFixtures.c, .trainLoss).map(\.summary), old.summaries)
    }

    func testQuantitiesOnePerRunAndGroupBySeed() throws {
        let t = ResultsTable.quantities(r, [.final(.trainLoss), .probe("p")])
        XCTAssertEqual(t.rows.count, 18)
        XCTAssertEqual(t.metric("p").values, [0, 0.1, 0.2, 1, 1.1, 1.2, 2, 2.1, 2.2])
        let bySeed = t.metric("p").aggregate(by: [.seed])
        XCTAssertEqual(bySeed.map(\.key.seed), [0, 1, 2])
        XCTAssertEqual(bySeed[1].summary.mean, (0.1 + 1.1 + 2.1) / 3)
        let byLevel = t.metric(Quantity.final(.trainLoss).name).aggregate(by: [.level])
        // Final train loss: the last epoch's; c's seed 2 ends at epoch 2.
        XCTAssertEqual(byLevel[2].summary.mean, ((0.25 + 0.2 + 0) + (0.25 + 0.2 + 0.01) + (1.0 / 3 + 0.2 + 0.02)) / 3)
    }

    func testStepRowsAndFilters() {
        let t = ResultsTable.steps(r)
        XCTAssertEqual(t.metric(ResultsTable.stepLoss).rows.count, 9 * 4)
        XCTAssertEqual(t.metric(ResultsTable.stepLoss).level(AuthoringFixtures.b).aggregate(by: [.step]).map(\.summary.mean),
                       [2.3, 2.0, 1.5, 1.2])
        XCTAssertTrue(t.experiment(ExperimentHandle("other")).rows.isEmpty)
    }
}
