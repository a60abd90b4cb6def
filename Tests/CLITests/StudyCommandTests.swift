import DLStudy
import Foundation
import Studies
import XCTest

/// The study pipeline through the command line, on the seconds-long `demo` study: run →
/// records → report (parsed), caching, jobs, shards, a killed run resuming, and errors.
final class StudyCommandTests: XCTestCase {
    /// Runs of the demo study's quick profile.
    static let demoRuns = DemoStudy.study.plan(profile: .quick).count

    func output() throws -> URL { try CLIRunner.temporaryDirectory("study") }

    /// Every cached record, keyed by run, with wall-clock fields removed.
    func records(_ out: URL) throws -> [String: NSDictionary] {
        let runs = out.appendingPathComponent(".cache/runs")
        var result: [String: NSDictionary] = [:]
        for key in try FileManager.default.contentsOfDirectory(atPath: runs.path) {
            let url = runs.appendingPathComponent(key).appendingPathComponent("record.json")
            guard let data = try? Data(contentsOf: url) else { continue }
            let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            result[key] = Self.strippingTimes(json) as? NSDictionary
        }
        return result
    }

    static func strippingTimes(_ value: Any) -> Any {
        if let d = value as? [String: Any] {
            var out: [String: Any] = [:]
            // The checksum covers the times, so it goes with them.
            for (k, v) in d where !["elapsedSeconds", "wallSeconds", "evaluationSeconds", "probeSeconds", "seconds", "checksum"].contains(k) {
                out[k] = strippingTimes(v)
            }
            return out
        }
        if let a = value as? [Any] { return a.map(strippingTimes) }
        return value
    }

    func testRunWritesAReportAndASecondRunTrainsNothing() throws {
        let out = try output()
        let first = try dlstudy(["run", "demo", "--profile", "quick", "--output", out.path])
        XCTAssertEqual(first.exitCode, 0, first.output)
        XCTAssertTrue(first.stdout.contains("\(Self.demoRuns) trained, 0 cached"), first.output)

        let page = try String(contentsOf: out.appendingPathComponent("demo/index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("id=\"fig-loss\""), "the figure is on the page")
        XCTAssertTrue(page.contains("figures/loss.svg") && page.contains("figures/loss.pdf") && page.contains("figures/loss.png"))
        XCTAssertTrue(page.contains("Table 1."), "the table is on the page")
        XCTAssertTrue(page.contains("The larger rate ends with a lower training loss"))
        XCTAssertEqual(page.components(separatedBy: "<script").count, 2, "one script: the page's own (sorting, enlarging)")
        XCTAssertFalse(page.contains("<script src"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("demo/summary.json"))) as! [String: Any]
        let claim = (summary["claims"] as! [[String: Any]])[0]
        XCTAssertEqual(claim["verdict"] as? String, "supported", "lr 0.3 reaches a lower loss than 0.03 at every seed")
        for ext in ["png", "pdf", "svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("demo/figures/loss.\(ext)").path))
        }
        // A run spec from the report replays with `dlstudy train`.
        let replay = try dlstudy(["train", out.appendingPathComponent("demo/runs/main/0.3/seed-0.json").path,
                                  "--out", out.appendingPathComponent("replay").path])
        XCTAssertEqual(replay.exitCode, 0, replay.output)
        // A staged run's spec carries its start (the upstream run's key) and replays with the cache:
        // the same test accuracy as its record.
        let staged = out.appendingPathComponent("demo/runs/pruned/magnitude/seed-0.json")
        XCTAssertTrue(try String(contentsOf: staged, encoding: .utf8).contains("\"start\""), "the staged spec names its start")
        let stagedReplay = try dlstudy(["train", staged.path, "--cache", out.appendingPathComponent(".cache/runs").path,
                                        "--out", out.appendingPathComponent("replay-staged").path])
        XCTAssertEqual(stagedReplay.exitCode, 0, stagedReplay.output)

        let second = try dlstudy(["run", "demo", "--profile", "quick", "--output", out.path])
        XCTAssertEqual(second.exitCode, 0, second.output)
        XCTAssertTrue(second.stdout.contains("0 trained, \(Self.demoRuns) cached"), second.output)

        let list = try dlstudy(["list", "--profile", "quick", "--output", out.path])
        XCTAssertTrue(list.stdout.contains("demo") && list.stdout.contains("[\(Self.demoRuns)/\(Self.demoRuns) runs cached, quick]"), list.output)

        let publish = try dlstudy(["publish", "--profile", "quick", "--output", out.path])
        XCTAssertEqual(publish.exitCode, 0, publish.output)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("demo/index.html") && index.contains("demo/figures/loss.png"))
    }

    func testOneJobAndTwoJobsWriteIdenticalRecords() throws {
        let a = try output(), b = try output()
        XCTAssertEqual(try dlstudy(["run", "demo", "--profile", "quick", "--jobs", "1", "--output", a.path]).exitCode, 0)
        XCTAssertEqual(try dlstudy(["run", "demo", "--profile", "quick", "--jobs", "2", "--output", b.path]).exitCode, 0)
        let ra = try records(a), rb = try records(b)
        XCTAssertEqual(ra.count, Self.demoRuns)
        XCTAssertEqual(ra, rb)
        // Two processes, so two hash seeds: the figures must not depend on a dictionary's order
        // either. (The curve CSV differs: it carries each epoch's wall-clock time.)
        for file in ["figures/loss.svg", "figures/loss.png"] {
            let fa = try Data(contentsOf: a.appendingPathComponent("demo/\(file)"))
            let fb = try Data(contentsOf: b.appendingPathComponent("demo/\(file)"))
            XCTAssertEqual(fa, fb, "\(file) differs between two runs")
        }
    }

    /// Every gallery figure (contours included) comes out byte for byte the same from two processes.
    func testGalleryFiguresAreTheSameInTwoProcesses() throws {
        let a = try output(), b = try output()
        XCTAssertEqual(try dlstudy(["gallery", "--out", a.path]).exitCode, 0)
        XCTAssertEqual(try dlstudy(["gallery", "--out", b.path]).exitCode, 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: a.path).filter { !$0.hasSuffix(".pdf") }.sorted()
        XCTAssertGreaterThan(files.count, 10)
        for file in files {
            XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent(file)), try Data(contentsOf: b.appendingPathComponent(file)), file)
        }
    }

    func testTwoShardsThenReportEqualOneFullRun() throws {
        let full = try output(), sharded = try output()
        XCTAssertEqual(try dlstudy(["run", "demo", "--profile", "quick", "--output", full.path]).exitCode, 0)
        let s1 = try dlstudy(["run", "demo", "--profile", "quick", "--shard", "1/2", "--output", sharded.path])
        XCTAssertEqual(s1.exitCode, 0, s1.output)
        XCTAssertTrue(s1.stdout.contains("shard 1/2 done"), s1.output)
        let early = try dlstudy(["report", "demo", "--profile", "quick", "--output", sharded.path])
        XCTAssertTrue(early.stderr.contains("missing"), "a report before every shard is in says what is missing")
        XCTAssertEqual(try dlstudy(["run", "demo", "--profile", "quick", "--shard", "2/2", "--output", sharded.path]).exitCode, 0)
        let report = try dlstudy(["report", "demo", "--profile", "quick", "--output", sharded.path])
        XCTAssertEqual(report.exitCode, 0, report.output)
        XCTAssertFalse(report.stderr.contains("missing"), report.output)
        XCTAssertEqual(try records(full), try records(sharded))
        func claims(_ out: URL) throws -> NSArray {
            let s = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("demo/summary.json"))) as! [String: Any]
            return s["claims"] as! NSArray
        }
        XCTAssertEqual(try claims(full), try claims(sharded))
    }

    func testAKilledRunResumesWithoutRetrainingFinishedRuns() throws {
        let out = try output()
        let runs = out.appendingPathComponent(".cache/runs")
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["run", "demo", "--profile", "full", "--jobs", "1", "--output", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func finished() -> Int {
            let keys = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
            return keys.filter { FileManager.default.fileExists(atPath: runs.appendingPathComponent("\($0)/record.json").path) }.count
        }
        let deadline = Date().addingTimeInterval(120)
        while finished() < 1 && process.isRunning && Date() < deadline { usleep(2_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let done = finished()
        XCTAssertGreaterThanOrEqual(done, 1)
        // With jobs 1 and 2 ms polling the kill lands after the first record, long before the
        // last; should a machine ever be that fast, the rerun must still train nothing.
        let resumed = try dlstudy(["run", "demo", "--profile", "full", "--jobs", "1", "--output", out.path])
        XCTAssertEqual(resumed.exitCode, 0, resumed.output)
        XCTAssertTrue(resumed.stdout.contains("\(DemoStudy.study.plan(profile: .full).count - done) trained, \(done) cached"), resumed.output)
    }

    /// kill -9 between the stages of a chain (train → prune and retrain → prune again): the
    /// finished stages stay cached, the rerun trains only the rest, and every record equals an
    /// uninterrupted run's.
    func testAChainKilledBetweenStagesResumesWithTheSameRecords() throws {
        let out = try output()
        let cache = RunCache(output: out)
        let jobs = try DemoStudy.study.stagedPlan(profile: .quick)
        let middle = jobs.filter { $0.experiment == "pruned" }.map(\.key), last = jobs.filter { $0.experiment == "pruned-twice" }.map(\.key)
        XCTAssertFalse(middle.isEmpty || last.isEmpty)
        func stored(_ key: String) -> Bool { FileManager.default.fileExists(atPath: cache.recordURL(key).path) }
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["run", "demo", "--profile", "quick", "--jobs", "1", "--output", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !middle.contains(where: stored) && process.isRunning && Date() < deadline { usleep(1_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(middle.contains(where: stored), "the kill came after a run of the middle stage")
        XCTAssertFalse(last.allSatisfy(stored), "and before the last stage finished")
        let done = jobs.filter { stored($0.key) }.count

        let resumed = try dlstudy(["run", "demo", "--profile", "quick", "--jobs", "2", "--output", out.path])
        XCTAssertEqual(resumed.exitCode, 0, resumed.output)
        XCTAssertTrue(resumed.stdout.contains("\(jobs.count - done) trained, \(done) cached"), resumed.output)
        let straight = try output()
        XCTAssertEqual(try dlstudy(["run", "demo", "--profile", "quick", "--jobs", "1", "--output", straight.path]).exitCode, 0)
        XCTAssertEqual(try records(out), try records(straight))
    }

    func testUnknownStudySuggestsTheClosestName() throws {
        let r = try dlstudy(["run", "dmeo", "--output", try output().path])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("unknown study 'dmeo' — did you mean 'demo'?"), r.output)
        let bad = try dlstudy(["run", "demo", "--shard", "3/2"])
        XCTAssertNotEqual(bad.exitCode, 0)
        XCTAssertTrue(bad.stderr.contains("--shard takes i/n"), bad.output)
    }
}
