import Foundation
import XCTest

/// A report opened in headless Chromium by `scripts/check-report.sh`: no network request in the
/// browser's own log, the page script ran under the page's CSP, hover titles on the points.
/// Skipped where Chromium is not installed (`scripts/screenshot.sh` installs it).
final class ReportBrowserTests: XCTestCase {
    func testTheDemoReportIsExplorableAndOfflineInChromium() throws {
        let hasChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .contains { FileManager.default.isExecutableFile(atPath: $0) }
        try XCTSkipUnless(hasChromium, "no Chromium on this machine")
        let out = try CLIRunner.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try dlstudy(["run", "demo", "--profile", "quick", "--output", out.path])
        XCTAssertEqual(run.exitCode, 0, run.output)
        let page = out.appendingPathComponent("demo/index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing from the network")
        XCTAssertGreaterThan(html.components(separatedBy: "<title>").count - 2, 50, "hover titles on the points")

        let script = CLIRunner.repositoryRoot.appendingPathComponent("scripts/check-report.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, page.path]
        let log = out.appendingPathComponent("check.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: log, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, text)
        for check in ["no network request", "the page script ran under its CSP", "hover titles", "inline SVG", "sorts the run table", "enlarges it"] {
            XCTAssertTrue(text.contains("ok   \(check)") || text.range(of: "ok   [^\n]*\(check)", options: .regularExpression) != nil, text)
        }
    }
}
