import Foundation
import XCTest
import Yams

/// Scale-out through the command line: `plan`, `export slurm|k8s`, shards run as separate
/// processes into separate folders (no shared file system), `merge`, `report` — and the records
/// bit-identical to one process's.
final class ScaleOutTests: XCTestCase {
    func folder() throws -> URL { try CLIRunner.temporaryDirectory("scaleout") }

    /// Every file under a cache folder (`runs/<key>/…`, `derived/<key>.json`), records with
    /// their wall-clock fields (and the checksum that covers them) removed.
    func cacheContents(_ out: URL) throws -> [String: NSObject] {
        let root = out.appendingPathComponent(".cache")
        var result: [String: NSObject] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let name = url.lastPathComponent
            if name.hasPrefix(".") { continue }  // locks
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
            let data = try Data(contentsOf: url)
            if name == "record.json" || relative.hasPrefix("/derived/") {
                // Records and derived values carry their compute time (and a checksum over it).
                let json = try JSONSerialization.jsonObject(with: data)
                result[relative] = StudyCommandTests.strippingTimes(json) as? NSDictionary
            } else {
                result[relative] = data as NSData
            }
        }
        return result
    }

    func testThreeShardsFromTheSlurmScriptMergeIntoTheRecordsOfOneProcess() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let one = work.appendingPathComponent("one"), results = work.appendingPathComponent("results")
        let whole = try dlstudy(["run", "demo", "--profile", "quick", "--output", one.path])
        XCTAssertEqual(whole.exitCode, 0, whole.output)

        // The job file, checked by bash, then run as Slurm would: one process per array task.
        let script = work.appendingPathComponent("demo.slurm.sh")
        let export = try dlstudy(["export", "slurm", "demo", "--profile", "quick", "--shards", "3", "--cpus", "1",
                                  "--results", results.path, "--out", script.path])
        XCTAssertEqual(export.exitCode, 0, export.output)
        let text = try String(contentsOf: script, encoding: .utf8)
        XCTAssertTrue(text.contains("#SBATCH --array=1-3"), text)
        XCTAssertEqual(try shell("bash", ["-n", script.path]).status, 0, "bash -n accepts the script")
        let binary = try CLIRunner.executable().path
        let plan = try manifest(shards: 3, in: work)
        for task in 1...3 {
            let r = try shell("bash", [script.path], environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "DLSTUDY": binary])
            XCTAssertEqual(r.status, 0, r.output)
            XCTAssertTrue(r.output.contains("shard \(task)/3 done"), r.output)
            // Each task trained exactly the runs the plan gives its shard, in its own folder.
            let keys = try FileManager.default.contentsOfDirectory(atPath: results.appendingPathComponent("shard-\(task)/.cache/runs").path)
                .filter { !$0.hasPrefix(".") }
            XCTAssertEqual(Set(keys), Set(plan.runs.filter { $0.shard == task }.map(\.key)), "shard \(task)")
        }

        let merged = results.appendingPathComponent("merged")
        let merge = try dlstudy(["merge"] + (1...3).map { results.appendingPathComponent("shard-\($0)").path } + ["--output", merged.path])
        XCTAssertEqual(merge.exitCode, 0, merge.output)
        XCTAssertTrue(merge.stdout.contains("\(StudyCommandTests.demoRuns) runs copied"), merge.output)
        let report = try dlstudy(["report", "demo", "--profile", "quick", "--output", merged.path])
        XCTAssertEqual(report.exitCode, 0, report.output)
        XCTAssertFalse(report.stderr.contains("missing"), report.output)

        let a = try cacheContents(one), b = try cacheContents(merged)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for key in a.keys.sorted() where a[key] != b[key] { XCTFail("\(key) differs between one process and three merged shards") }
        XCTAssertGreaterThan(a.keys.filter { $0.hasSuffix("record.json") }.count, 14)
        func claims(_ out: URL) throws -> NSArray {
            let s = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("demo/summary.json"))) as! [String: Any]
            return s["claims"] as! NSArray
        }
        XCTAssertEqual(try claims(one), try claims(merged))

        // Merging again copies nothing and replaces nothing.
        let again = try dlstudy(["merge", results.appendingPathComponent("shard-2").path, "--output", merged.path])
        XCTAssertEqual(again.exitCode, 0, again.output)
        XCTAssertTrue(again.stdout.contains("0 runs copied"), again.output)
    }

    func testMergeNamesACorruptRecordSkipsItAndExitsOne() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let shard = work.appendingPathComponent("shard")
        XCTAssertEqual(try dlstudy(["run", "demo", "--profile", "quick", "--shard", "1/2", "--output", shard.path]).exitCode, 0)
        let runs = shard.appendingPathComponent(".cache/runs")
        let key = try FileManager.default.contentsOfDirectory(atPath: runs.path).filter { !$0.hasPrefix(".") }.sorted()[0]
        let record = runs.appendingPathComponent("\(key)/record.json")
        var text = try String(contentsOf: record, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"trainLoss\":0.", with: "\"trainLoss\":0.1")
        try text.write(to: record, atomically: true, encoding: .utf8)
        let merged = work.appendingPathComponent("merged")
        let r = try dlstudy(["merge", shard.path, "--output", merged.path])
        XCTAssertEqual(r.exitCode, 1, r.output)
        XCTAssertTrue(r.stderr.contains("merge: skipped \(record.path) was changed after it was written"), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: merged.appendingPathComponent(".cache/runs/\(key)/record.json").path))
        XCTAssertTrue(r.stdout.contains("runs copied"), r.output)
        let missing = try dlstudy(["merge", work.appendingPathComponent("nowhere").path, "--output", merged.path])
        XCTAssertEqual(missing.exitCode, 2, missing.output)
        XCTAssertTrue(missing.stderr.contains("has no run cache"), missing.output)
    }

    func testPlanIsDeterministicAndGivesEveryRunOneShard() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let a = work.appendingPathComponent("a.json"), b = work.appendingPathComponent("b.json")
        for url in [a, b] {
            let r = try dlstudy(["plan", "demo", "--profile", "quick", "--shards", "4", "--out", url.path])
            XCTAssertEqual(r.exitCode, 0, r.output)
        }
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b), "the same plan twice gives the same bytes")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: a)) as! [String: Any]
        XCTAssertEqual(json["format"] as? String, "dlstudy-plan/1")
        XCTAssertEqual(json["shards"] as? Int, 4)
        let runs = json["runs"] as! [[String: Any]]
        XCTAssertEqual(runs.count, StudyCommandTests.demoRuns)
        XCTAssertEqual(Set(runs.map { $0["key"] as! String }).count, StudyCommandTests.demoRuns)
        for run in runs {
            XCTAssertTrue((1...4).contains(run["shard"] as! Int))
            XCTAssertTrue((run["name"] as! String).hasPrefix("demo/"))
            XCTAssertNotNil((run["spec"] as? [String: Any])?["optimizer"], "the full spec is there")
        }
        let derived = json["derived"] as! [[String: Any]]
        XCTAssertFalse(derived.isEmpty, "model summaries are derived jobs")
        XCTAssertTrue(derived.allSatisfy { (1...4).contains($0["shard"] as! Int) })
        // On standard output without --out.
        let printed = try dlstudy(["plan", "demo", "--profile", "quick", "--shards", "4"])
        XCTAssertEqual(Data(printed.stdout.utf8), try Data(contentsOf: a))
    }

    func testKubernetesIndexedJobParsesAndItsIndexReachesShard() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("demo.k8s.yaml")
        let results = work.appendingPathComponent("results").path
        let r = try dlstudy(["export", "k8s", "demo", "--profile", "quick", "--shards", "3", "--cpus", "2", "--memory", "2Gi",
                             "--image", "registry.example/dlstudy:0.1", "--results", results, "--out", file.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        let yaml = try String(contentsOf: file, encoding: .utf8)
        let job = try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any])
        XCTAssertEqual(job["apiVersion"] as? String, "batch/v1")
        XCTAssertEqual(job["kind"] as? String, "Job")
        let spec = try XCTUnwrap(job["spec"] as? [String: Any])
        XCTAssertEqual(spec["completionMode"] as? String, "Indexed")
        XCTAssertEqual(spec["completions"] as? Int, 3)
        XCTAssertEqual(spec["parallelism"] as? Int, 3)
        let pod = try XCTUnwrap((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        XCTAssertEqual(pod["restartPolicy"] as? String, "Never")
        let container = try XCTUnwrap((pod["containers"] as? [[String: Any]])?.first)
        XCTAssertEqual(container["image"] as? String, "registry.example/dlstudy:0.1")
        XCTAssertEqual(container["command"] as? [String], ["/bin/sh", "-c"])
        let command = try XCTUnwrap((container["args"] as? [String])?.first)
        let mount = try XCTUnwrap((container["volumeMounts"] as? [[String: Any]])?.first)
        XCTAssertEqual(mount["mountPath"] as? String, results)

        // The pod's command under sh, with a stand-in dlstudy that prints its arguments: index k
        // (0-based) must reach --shard k+1/3 and its own output folder.
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let stub = bin.appendingPathComponent("dlstudy")
        try "#!/bin/sh\necho \"$@\"\n".write(to: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        for index in 0..<3 {
            let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let run = try shell("/bin/sh", ["-c", command], environment: ["JOB_COMPLETION_INDEX": "\(index)", "PATH": path])
            XCTAssertEqual(run.status, 0, run.output)
            XCTAssertEqual(run.output.trimmingCharacters(in: .whitespacesAndNewlines),
                           "run demo --profile quick --shard \(index + 1)/3 --jobs 2 --output \(results)/shard-\(index + 1)")
        }
    }

    /// The exported Kubernetes pods' command, run for indices 0, 1, 2 with the real binary on
    /// PATH, on a study that keeps weights and computes derived values from them (batchsize's
    /// interpolations): merged, the caches equal one process's, weights and derived values
    /// byte for byte.
    func testThreeKubernetesPodsOnAStudyWithWeightsMergeIntoTheCacheOfOneProcess() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let one = work.appendingPathComponent("one"), results = work.appendingPathComponent("results")
        let whole = try dlstudy(["run", "batchsize", "--profile", "quick", "--output", one.path])
        XCTAssertEqual(whole.exitCode, 0, whole.output)
        let file = work.appendingPathComponent("job.yaml")
        let export = try dlstudy(["export", "k8s", "batchsize", "--profile", "quick", "--shards", "3", "--cpus", "1",
                                  "--results", results.path, "--out", file.path])
        XCTAssertEqual(export.exitCode, 0, export.output)
        let job = try XCTUnwrap(try Yams.load(yaml: String(contentsOf: file, encoding: .utf8)) as? [String: Any])
        let pod = try XCTUnwrap(((job["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let command = try XCTUnwrap(((pod["containers"] as? [[String: Any]])?.first?["args"] as? [String])?.first)
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("dlstudy"), withDestinationURL: try CLIRunner.executable())
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for index in 0..<3 {
            let r = try shell("/bin/sh", ["-c", command], environment: ["JOB_COMPLETION_INDEX": "\(index)", "PATH": path])
            XCTAssertEqual(r.status, 0, r.output)
            XCTAssertTrue(r.output.contains("shard \(index + 1)/3 done"), r.output)
        }
        let merged = work.appendingPathComponent("merged")
        let merge = try dlstudy(["merge"] + (1...3).map { results.appendingPathComponent("shard-\($0)").path } + ["--output", merged.path])
        XCTAssertEqual(merge.exitCode, 0, merge.output)
        let report = try dlstudy(["report", "batchsize", "--profile", "quick", "--output", merged.path])
        XCTAssertEqual(report.exitCode, 0, report.output)
        XCTAssertFalse(report.stderr.contains("missing"), report.output)
        XCTAssertFalse(try String(contentsOf: merged.appendingPathComponent("batchsize/index.html"), encoding: .utf8).contains("not computed yet"))
        let a = try cacheContents(one), b = try cacheContents(merged)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for key in a.keys.sorted() where a[key] != b[key] { XCTFail("\(key) differs between one process and three merged pods") }
        XCTAssertGreaterThan(a.keys.filter { $0.hasSuffix("weights.safetensors") }.count, 0, "weights went through the merge")
        XCTAssertGreaterThan(a.keys.filter { $0.hasPrefix("/derived/") }.count, 0, "derived values went through the merge")
    }

    func testExportRefusesNonsense() throws {
        let zero = try dlstudy(["export", "slurm", "demo", "--shards", "0"])
        XCTAssertEqual(zero.exitCode, 2, zero.output)
        XCTAssertTrue(zero.stderr.contains("--shards must be at least 1"), zero.output)
        let unknown = try dlstudy(["export", "pbs", "demo", "--shards", "2"])
        XCTAssertEqual(unknown.exitCode, 2, unknown.output)
        let relative = try dlstudy(["export", "k8s", "demo", "--shards", "2", "--results", "results"])
        XCTAssertEqual(relative.exitCode, 2, relative.output)
        XCTAssertTrue(relative.stderr.contains("absolute path"), relative.output)
        let typo = try dlstudy(["export", "slurm", "dmeo", "--shards", "2"])
        XCTAssertEqual(typo.exitCode, 2, typo.output)
        XCTAssertTrue(typo.stderr.contains("did you mean 'demo'"), typo.output)
    }

    // MARK: Helpers

    struct Manifest: Decodable {
        struct Run: Decodable { var key: String; var shard: Int }
        var runs: [Run]
    }

    func manifest(shards: Int, in work: URL) throws -> Manifest {
        let url = work.appendingPathComponent("plan-\(shards).json")
        let r = try dlstudy(["plan", "demo", "--profile", "quick", "--shards", "\(shards)", "--out", url.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
    }

    /// Runs a program (found on PATH) and returns its exit status and combined output.
    func shell(_ program: String, _ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + args
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }
}
