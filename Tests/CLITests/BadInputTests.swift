import DLStudy
import Foundation
import Studies
import XCTest

/// What a new user gets wrong, through the real executable: each is exit 2 with a message that
/// names the field, file or folder and the fix, and nothing already computed is lost.
final class BadInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try CLIRunner.temporaryDirectory("bad-input") }
    override func tearDownWithError() throws { if let folder { try? FileManager.default.removeItem(at: folder) } }

    @discardableResult
    func write(_ text: String, _ name: String = "spec.json") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func spec(_ edit: (String) -> String = { $0 }) throws -> URL { try write(edit(TrainCommandTests.toySpec)) }

    func assertUsageError(_ r: CLIResult, _ words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.exitCode, 2, r.output, file: file, line: line)
        for w in words { XCTAssert(r.stderr.contains(w), "missing '\(w)' in: \(r.output)", file: file, line: line) }
        XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain") || r.stderr.contains("The operation could not be completed")
                       || r.stderr.contains("The given data was not valid JSON"), r.output, file: file, line: line)
    }

    /// Runs the executable under `ulimit -f blocks` (in a child shell, so the limit binds it alone).
    func dlstudyLimited(fileBlocks: Int, _ args: [String]) throws -> CLIResult {
        let binary = try CLIRunner.executable().path
        return try dlstudy(["-c", "ulimit -f \(fileBlocks) && exec \"$0\" \"$@\"", binary] + args, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    // MARK: JSON that JSON forbids, numbers out of range

    func testTrailingCommaAndDuplicateKeyAreRefusedWithTheirLine() throws {
        let comma = try dlstudy(["train", try spec { $0.replacingOccurrences(of: "\"seed\": 7", with: "\"seed\": 7,") }.path])
        assertUsageError(comma, ["spec.json", "trailing comma before '}'", "line 9, column 1"])
        let duplicate = try dlstudy(["train", try spec { $0.replacingOccurrences(of: "\"seed\": 7", with: "\"seed\": 7, \"batchSize\": 64") }.path])
        assertUsageError(duplicate, ["duplicate key 'batchSize' (also at line 6) at line 8", "keep one of the two"])
    }

    func testNumbersOutOfRangeNameTheField() throws {
        let cases: [(String, String, [String])] = [
            ("\"lr\": 0.01", "\"lr\": 1e400", ["optimizer.lr", "1e400 is out of range"]),
            ("\"seed\": 7", "\"seed\": -1", ["seed", "-1"]),
            ("\"batchSize\": 32", "\"batchSize\": 50.5", ["batchSize", "50.5", "whole number"]),
            ("\"batchSize\": 32", "\"batchSize\": 1e20", ["batchSize", "1e20"]),
        ]
        for (old, new, words) in cases {
            assertUsageError(try dlstudy(["train", try spec { $0.replacingOccurrences(of: old, with: new) }.path]), words)
        }
    }

    func testAHugeLayerIsRefusedBeforeAllocating() throws {
        let r = try dlstudy(["train", try spec { $0.replacingOccurrences(of: "\"out\": 16", with: "\"out\": 10000000000") }.path])
        assertUsageError(r, ["model.layers[0].out", "more than 1073741824 weights", "use a smaller \"out\""])
    }

    func testABaselineWithADuplicateKeyIsRefusedWithItsLine() throws {
        let baselines = folder.appendingPathComponent("baselines")
        try FileManager.default.createDirectory(at: baselines, withIntermediateDirectories: true)
        let committed = CLIRunner.repositoryRoot.appendingPathComponent("studies/baselines/demo.quick.json")
        var text = try String(contentsOf: committed, encoding: .utf8)
        let range = try XCTUnwrap(text.range(of: "\"study\""))
        text.insert(contentsOf: "\"profile\" : \"quick\",\n", at: range.lowerBound)
        try Data(text.utf8).write(to: baselines.appendingPathComponent("demo.quick.json"))
        let r = try dlstudy(["check", "demo", "--profile", "quick", "--baselines", baselines.path, "--output", folder.appendingPathComponent("out").path])
        assertUsageError(r, ["demo.quick.json is not a usable baseline", "duplicate key 'profile'"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/.cache").path), "nothing trained")
    }

    // MARK: options

    func testNegativeJobsIsRefusedAsAValue() throws {
        let r = try dlstudy(["run", "demo", "--profile", "quick", "--jobs", "-1", "--output", folder.path])
        assertUsageError(r, ["--jobs must be at least 1 (got -1)"])
        XCTAssertFalse(r.stderr.contains("Missing value"), r.output)
    }

    // MARK: output folders

    func testTrainOutThatIsAFileOrUnderAFileIsAClearError() throws {
        let file = try write("x", "taken")
        let s = try spec()
        assertUsageError(try dlstudy(["train", s.path, "--out", file.path]), ["--out", file.path, "is a file"])
        assertUsageError(try dlstudy(["train", s.path, "--out", file.appendingPathComponent("sub").path]), ["is a file, so no folder can be made under it"])
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "x", "the file is untouched")
    }

    func testRunOutputUnderAFileIsOneClearErrorBeforeTraining() throws {
        let file = try write("x", "taken")
        let r = try dlstudy(["run", "demo", "--profile", "quick", "--output", file.appendingPathComponent("out").path])
        assertUsageError(r, ["cannot use --output", "is a file"])
        XCTAssertEqual(r.stderr.components(separatedBy: "error:").count - 1, 1, "one error, not one per run: \(r.output)")
        XCTAssertFalse(r.stderr.contains("cached"), r.output)
    }

    func testUnwritableOutputIsAClearError() throws {
        guard getuid() != 0 else {
            // Root writes anywhere; a read-only file system stands in for a folder without permission.
            let r = try dlstudy(["run", "demo", "--profile", "quick", "--output", "/proc/dlstudy-output"])
            assertUsageError(r, ["cannot use --output", "/proc/dlstudy-output"])
            return
        }
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o555)
        defer { chmod(locked.path, 0o755) }
        assertUsageError(try dlstudy(["run", "demo", "--profile", "quick", "--output", locked.appendingPathComponent("out").path]),
                         ["cannot use --output", "not writable"])
        assertUsageError(try dlstudy(["train", try spec().path, "--out", locked.appendingPathComponent("run").path]), ["--out", "not writable"])
    }

    func testTrainOutNeverMixesTwoRuns() throws {
        let out = folder.appendingPathComponent("run")
        XCTAssertEqual(try dlstudy(["train", try spec().path, "--out", out.path, "--save-weights"]).exitCode, 0)
        XCTAssert(FileManager.default.fileExists(atPath: out.appendingPathComponent("weights.safetensors").path))
        let second = try dlstudy(["train", try spec { $0.replacingOccurrences(of: "\"seed\": 7", with: "\"seed\": 8") }.path, "--out", out.path])
        XCTAssertEqual(second.exitCode, 0, second.output)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)), ["metrics.csv", "metrics.json", "run.json"],
                       "the first run's weights must not sit beside the second run's record")
    }

    // MARK: file-size limit

    /// A write past `ulimit -f` is a clear error that leaves no temporary file; a study's cache
    /// keeps the runs written before it, and the next run cleans what a killed process left.
    func testFileSizeLimitIsAClearErrorAndLeavesNoTemporaryFiles() throws {
        let out = folder.appendingPathComponent("run")
        // 64 blocks (32 or 64 KiB, by the shell's block size) hold the metrics, not the weights
        // of a 4000-unit hidden layer (~80 KiB).
        let big = try spec { $0.replacingOccurrences(of: "\"out\": 16", with: "\"out\": 4000") }
        let r = try dlstudyLimited(fileBlocks: 64, ["train", big.path, "--out", out.path, "--save-weights"])
        assertUsageError(r, ["weights.safetensors", "file-size limit"])
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(left, [], "temporary files left behind")

        // A leftover of a process that is gone is removed by the next run over the same cache.
        let study = folder.appendingPathComponent("study")
        let runs = study.appendingPathComponent(".cache/runs/abc")
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        var dead = pid_t(999_999)
        while kill(dead, 0) == 0 || errno != ESRCH { dead += 1 }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count)
        let leftover = runs.appendingPathComponent(".record.json.dlstudy-\(String(cString: host))-\(dead)-0000ABCD.tmp")
        _ = FileManager.default.createFile(atPath: leftover.path, contents: Data("half".utf8))
        let run = try dlstudy(["run", "demo", "--profile", "quick", "--output", study.path])
        XCTAssertEqual(run.exitCode, 0, run.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover.path), "the dead process's temporary file is still there")
    }

    // MARK: concurrency

    /// Two `dlstudy run` processes on one output folder train every run exactly once between
    /// them, and both write the same report.
    func testTwoConcurrentRunsTrainEachRunOnce() throws {
        let out = folder.appendingPathComponent("shared")
        var results: [CLIResult?] = [nil, nil]
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let r = try? dlstudy(["run", "demo", "--profile", "quick", "--jobs", "1", "--output", out.path])
            lock.lock(); results[i] = r; lock.unlock()
        }
        let a = try XCTUnwrap(results[0]), b = try XCTUnwrap(results[1])
        XCTAssertEqual(a.exitCode, 0, a.output)
        XCTAssertEqual(b.exitCode, 0, b.output)
        func trained(_ r: CLIResult) -> Int? {
            guard let m = r.stdout.range(of: #"demo: (\d+) trained"#, options: .regularExpression) else { return nil }
            return Int(r.stdout[m].split(separator: " ")[1])
        }
        let ta = try XCTUnwrap(trained(a), a.output), tb = try XCTUnwrap(trained(b), b.output)
        XCTAssertEqual(ta + tb, DemoStudy.study.plan(profile: .quick).count, "each run trained exactly once: \(ta) + \(tb)\n\(a.output)\n\(b.output)")
    }
}
