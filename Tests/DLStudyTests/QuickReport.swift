import DLStudy
import Foundation
import XCTest

/// A study's quick profile run in a fresh folder and its report written, as the tests that
/// check the prose against summary.json (issue 13's acceptance) read it.
struct QuickReport {
    /// The run cache's folder (runs and derived jobs under it).
    let output: URL
    /// The report's folder: index.html, summary.json, figures.
    let folder: URL
    let results: StudyResults
    let summary: StudySummary
    let html: String

    init(_ study: Study, file: StaticString = #filePath, line: UInt = #line) throws {
        output = DemoFixtures.tempFolder()
        let cache = RunCache(output: output)
        let run = try Runner(cache: cache, jobs: 2).execute(study, profile: .quick)
        XCTAssertTrue(run.failures.isEmpty, "\(run.failures)", file: file, line: line)
        let (results, missing) = study.collect(profile: .quick, cache: cache)
        XCTAssertTrue(missing.isEmpty, "missing runs: \(missing)", file: file, line: line)
        self.results = results
        folder = output.appendingPathComponent(study.name)
        try ReportBuilder(study: study, results: results, missing: [], folder: folder, environment: RunEnvironment(dlstudyVersion: "test")).write()
        summary = try JSONDecoder().decode(StudySummary.self, from: Data(contentsOf: folder.appendingPathComponent("summary.json")))
        html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
    }
}
