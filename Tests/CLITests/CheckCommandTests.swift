import DLCore
import DLStudy
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Studies
import XCTest

/// `dlstudy check` and `dlstudy bless` through the built binary, on the seconds-long demo study:
/// the committed baseline passes; baselines blessed from a perturbed demo study (through the
/// library) fail with the right message and exit code; bless then passes; broken or missing
/// baselines are usage errors.
final class CheckCommandTests: XCTestCase {
    func folder(_ name: String) throws -> URL {
        let url = try CLIRunner.temporaryDirectory(name)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Trains `study` (quick) into `output` and writes its baseline into `baselines`, the way
    /// `dlstudy bless` would, but for a study the binary does not have.
    func bless(_ study: Study, baselines: URL, output: URL) throws {
        let cache = RunCache(output: output)
        XCTAssertTrue(Runner(cache: cache, jobs: 2).execute(study.plan(profile: .quick)).failures.isEmpty)
        let results = study.collect(profile: .quick, cache: cache).results
        try BaselineStore(folder: baselines.path).write(Baseline(study: study, results: results,
                                                                 environment: RunEnvironment(dlstudyVersion: "test")))
    }

    func check(_ baselines: URL, _ output: URL, _ extra: [String] = []) throws -> CLIResult {
        try dlstudy(["check", "demo", "--profile", "quick", "--baselines", baselines.path, "--output", output.path] + extra)
    }

    func junit(_ output: URL) throws -> XMLDocument {
        try XMLDocument(contentsOf: output.appendingPathComponent("check/junit.xml"), options: [])
    }

    func page(_ output: URL) throws -> String {
        try String(contentsOf: output.appendingPathComponent("check/index.html"), encoding: .utf8)
    }

    func testCommittedDemoBaselinePasses() throws {
        let out = try folder("check-committed")
        let r = try dlstudy(["check", "demo", "--profile", "quick", "--output", out.path], cwd: CLIRunner.repositoryRoot)
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("PASS demo (quick) ["), r.output)
        if NumericPlatform.current == NumericPlatform.reference {
            XCTAssertTrue(r.stdout.hasPrefix("PASS demo (quick) [exact on \(NumericPlatform.reference)]: all "), r.output)
            XCTAssertTrue(r.stdout.contains(" runs bit-identical, "), "same engine, same platform, same bits: \(r.output)")
            XCTAssertTrue(r.stdout.contains("every point equals the baseline"), r.output)
        }
        XCTAssertEqual(try junit(out).rootElement()?.attribute(forName: "failures")?.stringValue, "0")
        XCTAssertTrue(try page(out).contains("Regression check: all 1 study within tolerance"))
    }

    func testBlessThenCheckPassesAndBlessingAgainChangesNothing() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        let first = try dlstudy(["bless", "demo", "--profile", "quick", "--baselines", baselines.path, "--output", out.path])
        XCTAssertEqual(first.exitCode, 0, first.output)
        let path = baselines.appendingPathComponent("demo.quick.json").path
        XCTAssertEqual(first.stdout, "demo (quick): new baseline \(path): 10 levels, 3 seeds, 6 metric curves, 3 claims\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(#""study" : "demo""#) && text.contains(#""engineVersion" : "\#(Engine.version)""#))

        let r = try check(baselines, out)
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("PASS demo (quick)"), r.output)

        let again = try dlstudy(["bless", "demo", "--profile", "quick", "--baselines", baselines.path, "--output", out.path])
        XCTAssertEqual(again.exitCode, 0, again.output)
        XCTAssertEqual(again.stdout, "demo (quick): unchanged; \(path) kept as it is\n")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text, "not even the date is rewritten")
    }

    func testAChangedLearningRateFailsAndBlessAcceptsIt() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        // The baseline's runs had half the rate at every level (labels unchanged).
        try bless(DemoStudy.make(rateScale: 0.5), baselines: baselines, output: out)
        let r = try check(baselines, out, ["--max-failures", "1000"])
        XCTAssertEqual(r.exitCode, 1, r.output)
        let lines = r.stdout.components(separatedBy: "\n")
        XCTAssertTrue(lines[0].hasPrefix("FAIL demo (quick) [exact on \(NumericPlatform.current)]: bits differ in 30 of 30 runs, "), r.output)
        XCTAssertTrue(lines[0].contains("points out of tolerance; worst "), r.output)
        let points = lines.filter { $0.hasPrefix("  demo: ") }
        XCTAssertFalse(points.isEmpty, r.output)
        XCTAssertTrue(points.contains { $0.hasPrefix("  demo: trainLoss at 0.3, epoch ") && $0.contains(": baseline ") && $0.contains(", current ")
                                        && $0.contains(" > tolerance ") }, r.output)
        XCTAssertFalse(r.stdout.contains("structure:"), "same levels, seeds and epochs: \(r.output)")
        XCTAssertTrue(r.stderr.contains("error: 1 of 1 study moved beyond tolerance (demo)"), r.output)
        XCTAssertTrue(r.stderr.contains("`dlstudy bless demo --profile quick --baselines \(baselines.path)`"), r.output)

        let html = try page(out)
        XCTAssertTrue(html.contains("<h2 id=\"fail-demo-quick\">FAIL demo (quick)</h2>") || html.contains(">FAIL demo (quick)</h2>"), "heading")
        XCTAssertTrue(html.contains("points out of tolerance, by level, quantity and epoch."))
        XCTAssertTrue(html.contains("<td>trainLoss</td>"), "failing points listed")
        XCTAssertTrue(html.contains("src=\"figures/demo-quick-main.svg\""))
        let xml = try junit(out)
        let failures = try xml.nodes(forXPath: "//testcase[failure]/@name").map { $0.stringValue ?? "" }
        XCTAssertTrue(failures.contains("0.3 · trainLoss curve"), "\(failures)")
        XCTAssertFalse(failures.contains { $0.hasPrefix("structure") })

        let accept = try dlstudy(["bless", "demo", "--profile", "quick", "--baselines", baselines.path, "--output", out.path])
        XCTAssertEqual(accept.exitCode, 0, accept.output)
        XCTAssertTrue(accept.stdout.hasPrefix("demo (quick): updated \(baselines.path)/demo.quick.json\n"), accept.output)
        XCTAssertTrue(accept.stdout.contains("points moved beyond tolerance; largest shift "), accept.output)
        let after = try check(baselines, out)
        XCTAssertEqual(after.exitCode, 0, after.output)
        XCTAssertTrue(after.stdout.hasPrefix("PASS demo (quick)"), after.output)
    }

    func testAChangedSeedCountIsAStructuralDifference() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        try bless(DemoStudy.make(seeds: 2), baselines: baselines, output: out)
        let r = try check(baselines, out)
        XCTAssertEqual(r.exitCode, 1, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("FAIL demo (quick) [exact on \(NumericPlatform.current)]: "), r.output)
        XCTAssertTrue(r.stdout.contains("5 structural differences"), "one per experiment: \(r.output)")
        XCTAssertTrue(r.stdout.contains("  demo: structure: seeds: 2 (0, 1) in the baseline, 3 (0, 1, 2) now\n"), r.output)
        let failing = try junit(out).nodes(forXPath: "//testcase[failure]/@name").map { $0.stringValue ?? "" }
        XCTAssertTrue(failing.contains { $0.hasPrefix("structure") }, "\(failing)")
    }

    func testAFlippedVerdictFails() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        try bless(DemoStudy.study, baselines: baselines, output: out)
        let store = BaselineStore(folder: baselines.path)
        var b = try store.load(study: "demo", profile: .quick)
        b.claims[0].verdict = "contradicted"
        try store.write(b)
        let r = try check(baselines, out)
        XCTAssertEqual(r.exitCode, 1, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("FAIL demo (quick) [exact on \(NumericPlatform.current)]: all 30 runs bit-identical, 590 points within tolerance, 1 verdict flip;"),
                      "no point moved: \(r.output)")
        XCTAssertTrue(r.stdout.contains("  demo: claim \"The larger rate ends with a lower training loss\": contradicted in the baseline, supported now"),
                      r.output)
    }

    /// On the baseline's platform a run whose bits differ fails even when nothing moves beyond
    /// tolerance, and the report says where it parts: the run and the epoch. Statistical mode
    /// lets the same records pass.
    func testDifferentBitsFailExactlyAndNameTheEpoch() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        try bless(DemoStudy.study, baselines: baselines, output: out)
        let store = BaselineStore(folder: baselines.path)
        var b = try store.load(study: "demo", profile: .quick)
        let main = b.experiments.firstIndex { $0.id == "main" }!
        let level = b.experiments[main].levels.firstIndex { $0.label == "0.3" }!
        b.experiments[main].levels[level].bits[1].digest = "0123456789abcdef"
        b.experiments[main].levels[level].bits[1].epochs[3] = "00000000"
        try store.write(b)

        let r = try check(baselines, out)
        XCTAssertEqual(r.exitCode, 1, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("FAIL demo (quick) [exact on \(NumericPlatform.current)]: bits differ in 1 of "), r.output)
        XCTAssertTrue(r.stdout.contains("every point equals the baseline"), r.output)
        // Seed 1 of level 0.3; the demo takes 32 steps an epoch (1000 samples, batch 32, the last one partial).
        XCTAssertTrue(r.stdout.contains("  demo: bits differ at 0.3, seed 1: first at epoch 3 (steps 65–96)\n"), r.output)
        XCTAssertTrue(try page(out).contains("bits differ at 0.3, seed 1: first at epoch 3 (steps 65–96)"))
        let failing = try junit(out).nodes(forXPath: "//testcase[failure]/@name").map { $0.stringValue ?? "" }
        XCTAssertFalse(failing.isEmpty, "the JUnit XML fails too")

        let statistical = try check(baselines, out, ["--mode", "statistical"])
        XCTAssertEqual(statistical.exitCode, 0, statistical.output)
        XCTAssertTrue(statistical.stdout.hasPrefix("PASS demo (quick) [statistical on \(NumericPlatform.current)]: "), statistical.output)
    }

    func testCorruptBaselineIsAUsageErrorNamingTheFile() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        let path = baselines.appendingPathComponent("demo.quick.json").path
        try Data("{ \"format\": 1,\n  \"study\": \"demo\",\n  oops }".utf8).write(to: URL(fileURLWithPath: path))
        let r = try check(baselines, out)
        XCTAssertEqual(r.exitCode, 2, r.output)
        XCTAssertEqual(r.stderr, "error: \(path) is not a usable baseline: it is not valid JSON: expected a key in double quotes at line 3, column 3; "
                       + "re-create it with `dlstudy bless demo --profile quick --baselines \(baselines.path)` and review the diff before committing it\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(".cache").path), "nothing trained")

        try Data(#"{"format": 1, "study": "demo", "profile": "quick"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let old = try check(baselines, out)
        XCTAssertEqual(old.exitCode, 2, old.output)
        XCTAssertTrue(old.stderr.contains("is not a usable baseline: its format is 1, but this dlstudy reads format \(Baseline.currentFormat); re-create it with"),
                      old.output)

        try Data(#"{"format": 2, "study": "demo", "profile": "quick"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let partial = try check(baselines, out)
        XCTAssertEqual(partial.exitCode, 2, partial.output)
        XCTAssertTrue(partial.stderr.contains("is not a usable baseline: field "), partial.output)
        XCTAssertTrue(partial.stderr.contains(" is missing; re-create it with"), partial.output)
    }

    func testMissingBaselineSaysHowToMakeOne() throws {
        let out = try folder("check-out")
        let r = try dlstudy(["check", "demo", "--profile", "quick", "--output", out.path], cwd: out)
        XCTAssertEqual(r.exitCode, 2, r.output)
        XCTAssertEqual(r.stderr, "error: no baseline for demo (quick) at studies/baselines/demo.quick.json; "
                       + "create it with `dlstudy bless demo --profile quick`\n")
    }

    func testAllNeedsABaselineForEveryStudy() throws {
        let baselines = try folder("check-bl"), out = try folder("check-out")
        try FileManager.default.copyItem(at: CLIRunner.repositoryRoot.appendingPathComponent("studies/baselines/demo.quick.json"),
                                         to: baselines.appendingPathComponent("demo.quick.json"))
        let r = try dlstudy(["check", "--all", "--profile", "quick", "--baselines", baselines.path, "--output", out.path])
        XCTAssertEqual(r.exitCode, 2, r.output)
        for study in StudyRegistry.all.map(\.name) where study != "demo" {
            XCTAssertTrue(r.stderr.contains("no baseline for \(study) (quick) at \(baselines.path)/\(study).quick.json; "
                                            + "create it with `dlstudy bless \(study) --profile quick --baselines \(baselines.path)`"), r.output)
        }
        XCTAssertFalse(r.stderr.contains("no baseline for demo"), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(".cache").path), "nothing trained")
    }

    func testUsageErrorsExitTwo() throws {
        let none = try dlstudy(["check"])
        XCTAssertEqual(none.exitCode, 2, none.output)
        XCTAssertTrue(none.stderr.contains("name at least one study"), none.output)
        let typo = try dlstudy(["check", "dmeo", "--profile", "quick"])
        XCTAssertEqual(typo.exitCode, 2, typo.output)
        XCTAssertTrue(typo.stderr.contains("unknown study 'dmeo' — did you mean 'demo'?"), typo.output)
        let help = try dlstudy(["check", "--help"])
        XCTAssertEqual(help.exitCode, 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(words.contains("|current − baseline| ≤ max(k·s, absolute, relative·|baseline|)"), help.output)
    }
}
