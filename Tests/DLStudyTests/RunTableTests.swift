import DLCore
import DLReport
import Foundation
import XCTest

@testable import DLStudy

/// The report's run table: one row per run, and each run's settings as a difference from its
/// experiment's base spec.
final class RunTableTests: XCTestCase {
    func testSettingsDifferenceNamesEachChangedFieldAndNotTheSeed() {
        var run = DemoFixtures.base
        run.seed = 7
        run.optimizer = .sgd(lr: 0.2)
        run.batchSize = 25
        let diff = ReportBuilder.settingsDifference(base: DemoFixtures.base, run: run)
        XCTAssertTrue(diff.contains("batchSize: 50 → 25"), "\(diff)")
        XCTAssertTrue(diff.contains { $0.hasPrefix("optimizer.lr: 0.05 → 0.2") }, "\(diff)")
        XCTAssertFalse(diff.contains { $0.hasPrefix("seed") }, "the seed has its own column")
        XCTAssertEqual(ReportBuilder.settingsDifference(base: DemoFixtures.base, run: DemoFixtures.base), [])
    }

    /// Inserting layers shifts every index after them: the list is shown whole instead.
    func testAListOfAnotherLengthIsShownWhole() {
        var run = DemoFixtures.base
        run.model = .mlp(hidden: [16], dropout: 0.5)
        let diff = ReportBuilder.settingsDifference(base: DemoFixtures.base, run: run)
        XCTAssertEqual(diff.count, 1, "\(diff)")
        XCTAssertTrue(diff[0].hasPrefix("model.layers: [linear"), diff[0])
        XCTAssertTrue(diff[0].contains("dropout 0.5"), diff[0])
    }

    func testTheReportHasOneRowPerRunWithItsSpecLinked() throws {
        let folder = DemoFixtures.tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = RunCache(output: folder)
        let runner = Runner(cache: cache, jobs: 2)
        _ = try runner.execute(DemoFixtures.study, profile: .quick)
        let (results, missing) = DemoFixtures.study.collect(profile: .quick, cache: cache)
        XCTAssertEqual(missing.count, 0)
        let builder = ReportBuilder(study: DemoFixtures.study, results: results, missing: [], folder: folder.appendingPathComponent("r"),
                                    environment: RunEnvironment(dlstudyVersion: "test", gitCommit: nil))
        let document = try builder.write()
        let tables = document.blocks.compactMap { block -> ReportRunTable? in if case .runTable(let t) = block { return t }; return nil }
        let table = try XCTUnwrap(tables.first)
        XCTAssertEqual(table.rows.count, 4, "2 levels × 2 seeds")
        XCTAssertEqual(table.columns.first?.title, "level", "one experiment: no experiment column")
        XCTAssertEqual(table.rows[0][1].href, "runs/main/0.01/seed-0.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/runs/main/0.01/seed-0.json").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/runs/main/base.json").path))
        XCTAssertEqual(table.rows[0].last?.code, ["optimizer.lr: 0.05 → 0.01"])
        // Every figure has its CSV beside it and sits in the page as SVG.
        let csv = try String(contentsOf: folder.appendingPathComponent("r/figures/loss.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("panel,x_label,y_label,series,x,y,lower,upper,value\n"), csv)
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + 2 * 4, "2 levels × epochs 0…3")
        let page = try String(contentsOf: folder.appendingPathComponent("r/index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<title>0.2 · epoch 3 · train loss"), "hover titles in the page")
    }
}
