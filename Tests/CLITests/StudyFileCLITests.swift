import DLStudy
import Foundation
import XCTest

/// `dlstudy run|report|check|bless|plan PATH.yaml`: a study file goes through the same commands
/// as a registered study.
final class StudyFileCLITests: XCTestCase {
    static let example = "examples/studies/momentum.yaml"
    let root = CLIRunner.repositoryRoot

    func output() throws -> URL {
        let out = try CLIRunner.temporaryDirectory("studyfile")
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        return out
    }

    /// Runs the example's quick profile into a temporary folder, reads the report and the
    /// summary.json it wrote, and checks the runs against the baseline blessed beside the file.
    func testTheExampleRunsReportsAndChecksAgainstItsBlessedBaseline() throws {
        let out = try output()
        let run = try dlstudy(["run", Self.example, "--profile", "quick", "--output", out.path], cwd: root)
        XCTAssertEqual(run.exitCode, 0, run.output)
        XCTAssertTrue(run.stdout.contains("sgd-momentum: 6 trained, 0 cached"), run.output)

        let page = try String(contentsOf: out.appendingPathComponent("sgd-momentum/index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("SGD with momentum 0.9 trains faster than plain SGD on two moons"))
        XCTAssertTrue(page.contains("id=\"fig-loss\"") && page.contains("id=\"fig-final\""), "both figures are on the page")
        XCTAssertTrue(page.contains("Momentum 0.9 ends with a lower training loss than plain SGD"))
        XCTAssertFalse(page.contains("{{"), "every placeholder is filled")

        // The prose quotes the numbers summary.json holds.
        let summary = try JSONDecoder().decode(StudySummary.self, from: Data(contentsOf: out.appendingPathComponent("sgd-momentum/summary.json")))
        XCTAssertEqual(summary.study, "sgd-momentum")
        let levels = try XCTUnwrap(summary.experiments.first?.levels)
        XCTAssertEqual(levels.map(\.label), ["0", "0.9"])
        XCTAssertEqual(levels.map(\.runs), [3, 3])
        let momentumLoss = try XCTUnwrap(levels[1].final["trainLoss"]?.mean)
        XCTAssertTrue(page.contains("final training loss was \(Format.number(momentumLoss))"), page)
        for level in levels {
            let loss = try XCTUnwrap(level.final["trainLoss"]?.mean)
            let accuracy = try XCTUnwrap(level.final["testAccuracy"]?.mean)
            XCTAssertTrue(page.contains(Format.number(loss)) && page.contains(Format.percent(accuracy)), "level \(level.label)'s numbers are in the prose")
        }
        let verdict = try XCTUnwrap(summary.claims.first?.verdict)
        XCTAssertTrue(page.contains("leave the claim\n\(verdict)") || page.contains("leave the claim \(verdict)"), "the verdict placeholder reads the claim")

        // Checked against the committed baseline beside the file (examples/studies/baselines).
        let check = try dlstudy(["check", Self.example, "--profile", "quick", "--output", out.path], cwd: root)
        XCTAssertEqual(check.exitCode, 0, check.output)
        XCTAssertTrue(check.stdout.contains("PASS"), check.output)
        XCTAssertTrue(check.stdout.contains("0 trained") || !check.stdout.contains("trained"), "check reuses the cached runs")

        // report and plan take the file too.
        let report = try dlstudy(["report", Self.example, "--profile", "quick", "--output", out.path], cwd: root)
        XCTAssertEqual(report.exitCode, 0, report.output)
        let plan = try dlstudy(["plan", Self.example, "--profile", "quick"], cwd: root)
        XCTAssertEqual(plan.exitCode, 0, plan.output)
        XCTAssertEqual(try JSONDecoder().decode(PlanManifest.self, from: Data(plan.stdout.utf8)).runs.count, 6)

        // publish lists the file study's report beside the registered ones.
        let publish = try dlstudy(["publish", "--output", out.path], cwd: root)
        XCTAssertEqual(publish.exitCode, 0, publish.output)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("sgd-momentum/index.html"), index)
    }

    func testBlessWritesBesideTheFileAndCheckNamesTheFileInItsBlessCommand() throws {
        let out = try output()
        let folder = out.appendingPathComponent("studies", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("m.yaml")
        try String(contentsOf: root.appendingPathComponent(Self.example), encoding: .utf8)
            .replacingOccurrences(of: "seeds: {quick: 3, full: 5}", with: "seeds: {quick: 1, full: 5}")
            .write(to: file, atomically: true, encoding: .utf8)
        let missing = try dlstudy(["check", file.path, "--profile", "quick", "--output", out.path])
        XCTAssertEqual(missing.exitCode, 2, missing.output)
        XCTAssertTrue(missing.stderr.contains("\(folder.path)/baselines/sgd-momentum.quick.json; create it with `dlstudy bless \(file.path) --profile quick`"),
                      missing.output)
        let bless = try dlstudy(["bless", file.path, "--profile", "quick", "--output", out.path])
        XCTAssertEqual(bless.exitCode, 0, bless.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("baselines/sgd-momentum.quick.json").path))
        let check = try dlstudy(["check", file.path, "--profile", "quick", "--output", out.path])
        XCTAssertEqual(check.exitCode, 0, check.output)
    }

    func testAMalformedFileNamesItsLineAndExits2() throws {
        let out = try output()
        let file = out.appendingPathComponent("bad.yaml")
        try String(contentsOf: root.appendingPathComponent(Self.example), encoding: .utf8)
            .replacingOccurrences(of: "curves: [train_loss, test_loss]", with: "curves: [train_loss, test_acc]")
            .write(to: file, atomically: true, encoding: .utf8)
        let line = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("test_acc]") }! + 1
        for command in ["run", "report", "check", "bless", "plan"] {
            let r = try dlstudy([command, file.path, "--profile", "quick"] + (command == "plan" ? [] : ["--output", out.path]))
            XCTAssertEqual(r.exitCode, 2, "\(command): \(r.output)")
            XCTAssertTrue(r.stderr.contains("error: \(file.path), line \(line), column 26: unknown metric 'test_acc'; did you mean 'test_accuracy'?"),
                          "\(command): \(r.output)")
        }
        let clash = out.appendingPathComponent("demo.yaml")
        try String(contentsOf: root.appendingPathComponent(Self.example), encoding: .utf8)
            .replacingOccurrences(of: "name: sgd-momentum", with: "name: demo").write(to: clash, atomically: true, encoding: .utf8)
        let named = try dlstudy(["plan", clash.path])
        XCTAssertEqual(named.exitCode, 2)
        XCTAssertTrue(named.stderr.contains("is named 'demo', like a study `dlstudy list` shows; give it a name of its own"), named.output)
        let typo = try dlstudy(["run", out.appendingPathComponent("nothere.yaml").path, "--output", out.path])
        XCTAssertEqual(typo.exitCode, 2)
        XCTAssertTrue(typo.stderr.contains("nothere.yaml: no such file"), typo.output)
    }
}
