import DLCore
import Foundation
import XCTest

/// `dlstudy train` on specs with hooks: they are part of the spec, so the command trains them,
/// writes what they produced, and replays them from `run.json`.
final class TrainHooksCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try CLIRunner.temporaryDirectory("train-hooks-cli") }
    override func tearDownWithError() throws { if let folder { try? FileManager.default.removeItem(at: folder) } }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DLCoreTests/Fixtures/hooks")

    func record(_ dir: URL) throws -> RunRecord {
        try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: dir.appendingPathComponent("metrics.json")))
    }

    /// The SWA fixture (PyTorch's numbers are in HookParityTests): trained, then replayed from
    /// the run.json it wrote with its data beside it, bit for bit.
    func testSWASpecTrainsAndReplays() throws {
        for file in ["swa.json", "data.npz", "init.safetensors"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let first = folder.appendingPathComponent("first")
        let a = try dlstudy(["train", folder.appendingPathComponent("swa.json").path, "--out", first.path, "--save-weights"])
        XCTAssertEqual(a.exitCode, 0, a.output)
        XCTAssert(a.stdout.contains("final metrics are of the SWA average (3 epochs, batch-norm statistics recomputed)"), a.output)
        let runJSON = try String(contentsOf: first.appendingPathComponent("run.json"), encoding: .utf8)
        XCTAssert(runJSON.contains("\"kind\" : \"swa\""), runJSON)
        let r1 = try record(first)
        XCTAssertEqual(r1.averagedWeights, AveragedWeights(method: "swa", updates: 3, batchNormRecomputed: true))

        // run.json names data.npz and init.safetensors relative to itself: put them beside it.
        for file in ["data.npz", "init.safetensors"] {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(file), to: first.appendingPathComponent(file))
        }
        let second = folder.appendingPathComponent("second")
        let b = try dlstudy(["train", first.appendingPathComponent("run.json").path, "--out", second.path])
        XCTAssertEqual(b.exitCode, 0, b.output)
        let r2 = try record(second)
        XCTAssertEqual(r1.fingerprint, r2.fingerprint)
        XCTAssertEqual(r1.specHash, r2.specHash)
    }

    func testSnapshotsAreWrittenAsSafetensors() throws {
        let spec = folder.appendingPathComponent("snap.json")
        try Data("""
            {"data": {"builtin": {"moons": {"trainCount": 200, "testCount": 100, "seed": 1}}},
             "model": {"layers": [{"type": "linear", "out": 8}, {"type": "relu"}, {"type": "linear"}]},
             "optimizer": {"type": "sgd", "lr": 0.1}, "batchSize": 40, "budget": {"epochs": 3},
             "hooks": [{"kind": "snapshots", "initial": true, "steps": [2], "epochs": [3]},
                       {"kind": "clipGradNorm", "maxNorm": 0.5}]}
            """.utf8).write(to: spec)
        let out = folder.appendingPathComponent("out")
        let r = try dlstudy(["train", spec.path, "--out", out.path, "--save-weights"])
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssert(r.stdout.contains("snapshots/ (init, step-2, epoch-3)"), r.output)
        let final = try SafeTensors.read(from: out.appendingPathComponent("weights.safetensors")).tensors
        for name in ["init", "step-2", "epoch-3"] {
            let file = try SafeTensors.read(from: out.appendingPathComponent("snapshots/\(name).safetensors"))
            XCTAssertEqual(Set(file.tensors.keys), ["0.weight", "0.bias", "2.weight", "2.bias"], name)
            XCTAssertEqual(file.metadata["snapshot"], name)
        }
        let last = try SafeTensors.read(from: out.appendingPathComponent("snapshots/epoch-3.safetensors")).tensors
        XCTAssertEqual(last["0.weight"]?.values, final["0.weight"]?.values, "the last epoch's snapshot is the final weights")
        let rec = try record(out)
        XCTAssertEqual(rec.snapshots, ["init", "step-2", "epoch-3"])
        XCTAssertNotNil(rec.clippedSteps)

        // A second run into the same folder without snapshots leaves none of the first's.
        try Data(String(decoding: try Data(contentsOf: spec), as: UTF8.self)
            .replacingOccurrences(of: "{\"kind\": \"snapshots\", \"initial\": true, \"steps\": [2], \"epochs\": [3]},", with: "").utf8)
            .write(to: spec)
        let again = try dlstudy(["train", spec.path, "--out", out.path])
        XCTAssertEqual(again.exitCode, 0, again.output)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("snapshots").path)) ?? []
        XCTAssertEqual(left, [])
    }

    func testABadHookExitsTwoNamingTheField() throws {
        let spec = folder.appendingPathComponent("bad.json")
        try Data("""
            {"data": {"builtin": "moons"}, "model": {"layers": [{"type": "linear"}]},
             "optimizer": {"type": "sgd"}, "batchSize": 10, "budget": {"epochs": 2},
             "hooks": [{"kind": "swa", "startEpoch": 5}]}
            """.utf8).write(to: spec)
        let r = try dlstudy(["train", spec.path, "--out", folder.appendingPathComponent("o").path])
        XCTAssertEqual(r.exitCode, 2, r.output)
        XCTAssert(r.stderr.contains("hooks[0].startEpoch: start epoch 5 is after the run's last epoch 2 — use 1 … 2, or train longer"), r.output)
    }
}
