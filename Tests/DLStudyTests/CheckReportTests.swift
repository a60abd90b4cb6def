import DLCore
@testable import DLStudy
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// The check's HTML page and JUnit XML, read back.
final class CheckReportTests: XCTestCase {
    /// A failing study whose names need escaping, and a passing one.
    func report() -> CheckReport {
        let nasty = "a <b> & \"c\" 'd'"
        let baseline = BaselineComparisonTests.baseline { b in
            b.study = "bad"
            b.experiments[0].levels[1].label = nasty
            b.claims[0].text = "claim <with> & markup"
        }
        let moved = BaselineComparisonTests.baseline { b in
            b.study = "bad"
            b.experiments[0].levels[1].label = nasty
            b.claims[0].text = "claim <with> & markup"
            b.claims[0].verdict = "contradicted"
            b.experiments[0].levels[1].curves["trainLoss"]!.mean[2] = 1.375
        }
        let good = BaselineComparisonTests.baseline { $0.study = "good" }
        return CheckReport(
            entries: [CheckReport.Entry(comparison: BaselineComparison(baseline: good, current: good), baselinePath: "b/good.quick.json",
                                        blessCommand: "dlstudy bless good --profile quick"),
                      CheckReport.Entry(comparison: BaselineComparison(baseline: baseline, current: moved), baselinePath: "b/bad.quick.json",
                                        blessCommand: "dlstudy bless bad --profile quick")],
            runs: [], environment: RunEnvironment(dlstudyVersion: "test", gitCommit: nil))
    }

    func testPageAndXML() throws {
        let folder = DemoFixtures.tempFolder()
        let report = report()
        XCTAssertFalse(report.passed)
        let (page, junit) = try report.write(to: folder)

        let html = try String(contentsOf: page, encoding: .utf8)
        let document = try XMLDocument(xmlString: html, options: [])
        XCTAssertLessThanOrEqual(html.components(separatedBy: "<script").count - 1, 1, "no script but the page's own")
        XCTAssertFalse(html.contains("<script src"))
        let headings = try document.nodes(forXPath: "//h2").map { $0.stringValue ?? "" }
        XCTAssertEqual(Array(headings.prefix(2)), ["FAIL bad (quick)", "PASS good (quick)"], "failing studies first")
        XCTAssertTrue(html.contains("Regression check: 1 of 2 studies failed"))
        XCTAssertTrue(html.contains("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;"), "level labels escaped")
        XCTAssertTrue(html.contains("claim \"claim &lt;with&gt; &amp; markup\": supported in the baseline, contradicted now")
                      || html.contains("claim &quot;claim &lt;with&gt; &amp; markup&quot;: supported in the baseline, contradicted now"),
                      "the verdict flip is named")
        XCTAssertTrue(html.contains("1 of 10 points out of tolerance, by level, quantity and epoch."))
        XCTAssertTrue(html.contains("max(3·sd, 0.005, 2% of |baseline|)"), "the tolerances used are listed")
        XCTAssertTrue(html.contains("dlstudy bless bad --profile quick"))
        for study in ["bad", "good"] {
            XCTAssertTrue(html.contains("src=\"figures/\(study)-quick-main.svg\""))
            for ext in ["png", "pdf", "svg"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/\(study)-quick-main.\(ext)").path))
            }
        }

        let xml = try String(contentsOf: junit, encoding: .utf8)
        let tree = try XMLDocument(xmlString: xml, options: [])
        let root = tree.rootElement()!
        XCTAssertEqual(root.name, "testsuites")
        let suites = try tree.nodes(forXPath: "//testsuite").compactMap { $0 as? XMLElement }
        XCTAssertEqual(suites.map { $0.attribute(forName: "name")?.stringValue }, ["good (quick)", "bad (quick)"])
        XCTAssertEqual(suites.map { $0.attribute(forName: "failures")?.stringValue }, ["0", "2"])
        let failures = try tree.nodes(forXPath: "//testcase[failure]").compactMap { $0 as? XMLElement }
        XCTAssertEqual(failures.map { $0.attribute(forName: "name")?.stringValue ?? "" },
                       ["a <b> & \"c\" 'd' · trainLoss curve", "claim: claim <with> & markup"],
                       "names escaped in the file, intact when parsed")
        let message = try tree.nodes(forXPath: "//failure/@message").first?.stringValue ?? ""
        XCTAssertTrue(message.hasPrefix("1 of 3 points out of tolerance; worst: trainLoss at a <b> & \"c\" 'd', epoch 2"), message)
        XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "\(try tree.nodes(forXPath: "//testcase").count)")
    }

    func testXMLEscaping() {
        XCTAssertEqual(JUnitXML.attribute("a<b>&\"'\n\t\u{0}z"), "\"a&lt;b&gt;&amp;&quot;&#39;&#10;&#9;z\"")
        XCTAssertEqual(JUnitXML.text("x < y\n& \u{1B}[1m"), "x &lt; y\n&amp; [1m")
    }
}
