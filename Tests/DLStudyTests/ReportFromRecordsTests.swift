import DLCore
import DLStudy
import Foundation
import Studies
import XCTest

/// A report is a function of records and derived values: writing it loads no data set, builds
/// no model and trains nothing — for every registered study.
final class ReportFromRecordsTests: XCTestCase {
    func testReportsOfEveryStudyLoadNoDataAndBuildNoModel() throws {
        let out = DemoFixtures.tempFolder()
        let cache = RunCache(output: out)
        for study in StudyRegistry.all {
            let summary = try Runner(cache: cache, jobs: 2).execute(study, profile: .quick)
            XCTAssertTrue(summary.failures.isEmpty, "\(study.name): \(summary.failures)")
            XCTAssertGreaterThan(summary.derivedComputed, 0, "\(study.name) has at least its model summaries to measure")

            let before = EngineUsage.current
            try study.validate(profile: .quick, checkingSpecs: false)
            let (results, missing) = study.collect(profile: .quick, cache: cache)
            XCTAssertTrue(missing.isEmpty && results.missingDerived.isEmpty, study.name)
            let folder = out.appendingPathComponent(study.name)
            try ReportBuilder(study: study, results: results, missing: [], folder: folder,
                              environment: RunEnvironment(dlstudyVersion: "test")).write()
            XCTAssertEqual(EngineUsage.current, before, "\(study.name): writing the report entered the engine")

            let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
            XCTAssertTrue(html.contains("parameters"), "\(study.name): the setup table gives the parameter count")
            XCTAssertFalse(html.contains("not measured yet"), study.name)
            XCTAssertFalse(html.contains("was computed"), "\(study.name): no figure lacks its derived values")
            XCTAssertFalse(html.contains("{&quot;"), "\(study.name): the setup table describes its data in words, not as JSON")
        }
    }

    /// Without the derived values the report still renders, says what is missing, and still
    /// enters the engine nowhere.
    func testMissingDerivedValuesAreSaidNotComputed() throws {
        let out = DemoFixtures.tempFolder()
        let cache = RunCache(output: out)
        let study = StudyRegistry.named("batchsize")!
        _ = Runner(cache: cache, jobs: 2).execute(study.plan(profile: .quick))  // runs only
        let before = EngineUsage.current
        let (results, missing) = study.collect(profile: .quick, cache: cache)
        XCTAssertTrue(missing.isEmpty)
        XCTAssertFalse(results.missingDerived.isEmpty)
        let doc = try ReportBuilder(study: study, results: results, missing: [], folder: out.appendingPathComponent("batchsize"),
                                    environment: RunEnvironment(dlstudyVersion: "test")).write()
        XCTAssertEqual(EngineUsage.current, before)
        guard case .note(let text) = doc.blocks.first else { return XCTFail("the report should say what is not computed") }
        XCTAssertTrue(text.contains("not computed yet"), text)
    }
}
