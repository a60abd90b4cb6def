import DLCore
import Foundation
import XCTest

/// `dlstudy train` end to end: the real executable on small specs, and what it wrote.
final class TrainCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try CLIRunner.temporaryDirectory("train-cli")
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// A small run on toy data: 160 training samples, 40 held out for validation, 5 epochs.
    static let toySpec = """
        {
          "data": {"builtin": {"moons": {"trainCount": 200, "testCount": 100, "seed": 1}},
                   "validationSamples": 40},
          "model": {"layers": [{"type": "linear", "out": 16}, {"type": "relu"}, {"type": "linear"}]},
          "optimizer": {"type": "adam", "lr": 0.01},
          "batchSize": 32,
          "budget": {"epochs": 5},
          "seed": 7
        }
        """

    @discardableResult
    func write(_ json: String, _ name: String = "spec.json") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(json.utf8).write(to: url)
        return url
    }

    func metrics(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("metrics.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func record(_ dir: URL) throws -> RunRecord {
        try JSONDecoder().decode(
            RunRecord.self, from: Data(contentsOf: dir.appendingPathComponent("metrics.json")))
    }

    func testTrainWritesMetricsRunSpecAndWeights() throws {
        let spec = try write(Self.toySpec)
        let out = folder.appendingPathComponent("run")
        let r = try dlstudy(["train", spec.path, "--out", out.path, "--save-weights"])
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.contains("completed after 5 epochs"), r.output)
        for file in ["metrics.csv", "metrics.json", "run.json", "weights.safetensors"] {
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), file)
        }

        // metrics.csv: the documented columns, one row per epoch plus the untrained row 0.
        let csv = try String(contentsOf: out.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.first,
            "epoch,step,samples_seen,lr,running_loss,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,elapsed_s"
        )
        XCTAssertEqual(lines.count, 1 + 6)
        let rows = lines.dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        XCTAssertTrue(rows.allSatisfy { $0.count == 12 })
        XCTAssertEqual(rows.map { $0[0] }, ["0", "1", "2", "3", "4", "5"])
        // 160 training samples in batches of 32: 5 steps an epoch.
        XCTAssertEqual(rows.map { $0[1] }, ["0", "5", "10", "15", "20", "25"])
        XCTAssertEqual(rows.last?[2], "800")
        XCTAssertEqual(rows[0][4], "", "no running loss before training")
        for row in rows.dropFirst() {
            for column in 3...11 {
                XCTAssertNotNil(Double(row[column]), "column \(column) of \(row)")
            }
            XCTAssertEqual(Double(row[3]), 0.01)
        }

        // metrics.json: the run record with the same rows.
        let rec = try record(out)
        XCTAssertEqual(rec.status, .completed)
        XCTAssertNil(rec.divergedAtStep)
        XCTAssertEqual(rec.epochs.count, 6)
        XCTAssertEqual(rec.epochs.map(\.epoch), Array(0...5))
        XCTAssertEqual(rec.totalSteps, 25)
        XCTAssertEqual(rec.parameterCount, 2 * 16 + 16 + 16 * 2 + 2)
        let final = try XCTUnwrap(rec.final)
        XCTAssertEqual(final.epoch, 5)
        XCTAssertNotNil(final.validationAccuracy)
        XCTAssertEqual(Double(rows[5][10]), final.testAccuracy)

        // run.json is the spec as run, defaults spelled out.
        let runSpec = try RunSpec.load(from: out.appendingPathComponent("run.json"))
        let original = try RunSpec.load(from: spec)
        XCTAssertEqual(runSpec, original)
        XCTAssertEqual(rec.specHash, original.hash)

        // The weights load strictly into the spec's model and give the recorded test metrics.
        let splits = try original.data.load()
        let model = try original.model.build(
            sampleShape: splits.train.sampleShape, classes: splits.train.classes)
        let file = try SafeTensors.read(from: out.appendingPathComponent("weights.safetensors"))
        XCTAssertEqual(Set(file.tensors.keys), ["0.weight", "0.bias", "2.weight", "2.bias"])
        XCTAssertEqual(file.tensors["0.weight"]?.shape, Shape(16, 2), "PyTorch's [out, in]")
        try model.load(stateDict: file.tensors, strict: true)
        let test = Evaluation.of(model, on: splits.test)
        XCTAssertEqual(test.accuracy, final.testAccuracy)
        XCTAssertEqual(test.loss, try XCTUnwrap(final.testLoss), accuracy: 1e-12)
    }

    func testReplayOfRunJSONIsBitIdentical() throws {
        let spec = try write(
            Self.toySpec.replacingOccurrences(
                of: "\"seed\": 7", with: "\"seed\": 7, \"record\": {\"everySteps\": 3}"))
        let first = folder.appendingPathComponent("first")
        let second = folder.appendingPathComponent("second")
        let a = try dlstudy(["train", spec.path, "--out", first.path, "--seed", "11"])
        XCTAssertEqual(a.exitCode, 0, a.output)
        let b = try dlstudy([
            "train", first.appendingPathComponent("run.json").path, "--out", second.path,
        ])
        XCTAssertEqual(b.exitCode, 0, b.output)

        func withoutTimes(_ dir: URL) throws -> (csv: [String], json: [String: Any]) {
            let csv = try String(
                contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8
            )
            .split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(
                    separator: ",")
            }
            var json = try metrics(dir)
            json["wallSeconds"] = nil
            json["evaluationSeconds"] = nil
            func strip(_ row: Any?) -> Any? {
                guard var r = row as? [String: Any] else { return row }
                r["elapsedSeconds"] = nil
                return r
            }
            json["epochs"] = (json["epochs"] as? [Any])?.map { strip($0)! }
            json["final"] = strip(json["final"])
            return (csv, json)
        }
        let (csvA, jsonA) = try withoutTimes(first)
        let (csvB, jsonB) = try withoutTimes(second)
        XCTAssertEqual(csvA, csvB)
        XCTAssertEqual(csvA.count, 7)
        XCTAssertEqual(NSDictionary(dictionary: jsonA), NSDictionary(dictionary: jsonB))
        XCTAssertEqual((jsonA["steps"] as? [Any])?.count, 8, "steps 3, 6, …, 24 of 25")
        XCTAssertEqual(
            try record(first).epochs.map(\.testLoss), try record(second).epochs.map(\.testLoss))
        // --seed is part of the run as recorded.
        XCTAssertEqual(try RunSpec.load(from: second.appendingPathComponent("run.json")).seed, 11)
    }

    func testDivergingRunExitsZeroAndRecordsTheStep() throws {
        let spec = try write(
            Self.toySpec
                .replacingOccurrences(
                    of: "{\"type\": \"adam\", \"lr\": 0.01}",
                    with: "{\"type\": \"sgd\", \"lr\": 1e4}"
                )
                .replacingOccurrences(of: "\"epochs\": 5", with: "\"epochs\": 50"))
        let out = folder.appendingPathComponent("diverged")
        let r = try dlstudy(["train", spec.path, "--out", out.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        let rec = try record(out)
        XCTAssertEqual(rec.status, .diverged)
        let k = try XCTUnwrap(rec.divergedAtStep)
        XCTAssertGreaterThan(k, 0)
        XCTAssertLessThan(k, 250, "diverges well before the budget ends")
        XCTAssertTrue(r.stdout.contains("diverged at step \(k)"), r.output)
        let json = try metrics(out)
        XCTAssertEqual(json["status"] as? String, "diverged")
        XCTAssertEqual(json["divergedAtStep"] as? Int, k)
        // The epochs finished before the divergence are kept, and no later ones.
        let csv = try String(contentsOf: out.appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + rec.epochs.count)
        XCTAssertTrue(rec.epochs.allSatisfy { $0.step < k || $0.step == k })
    }

    /// Every invalid spec exits 2 before training, naming the field and how to fix it.
    func testInvalidSpecsExitTwoNamingFieldAndFix() throws {
        func expectInvalid(
            _ json: String, _ needles: [String], file: StaticString = #filePath, line: UInt = #line
        ) throws {
            let spec = try write(json, "bad-\(UUID().uuidString).json")
            let out = folder.appendingPathComponent("bad-out-\(UUID().uuidString)")
            let r = try dlstudy(["train", spec.path, "--out", out.path])
            XCTAssertEqual(r.exitCode, 2, r.output, file: file, line: line)
            for needle in needles {
                XCTAssertTrue(
                    r.stderr.contains(needle), "stderr lacks '\(needle)':\n\(r.output)", file: file,
                    line: line)
            }
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: out.path), "nothing written", file: file,
                line: line)
        }
        let spec = Self.toySpec
        try expectInvalid(
            spec.replacingOccurrences(of: "{\"type\": \"relu\"}", with: "{\"type\": \"dense\"}"),
            ["model.layers[1].type", "unknown layer type 'dense'", "known types: linear"])
        try expectInvalid(
            spec.replacingOccurrences(of: "\"batchSize\": 32", with: "\"batchSize\": 0"),
            ["batchSize", "batch size 0", "use at least 1"])
        try expectInvalid(
            spec.replacingOccurrences(of: "\"batchSize\": 32", with: "\"batchSize\": 500"),
            ["batchSize", "larger than the 160 training samples", "use at most 160"])
        try expectInvalid(
            spec.replacingOccurrences(of: "\"lr\": 0.01", with: "\"lr\": -0.01"),
            ["optimizer.lr", "negative", "use a positive rate"])
        // A 1-D convolution on 2-value samples: the kernel does not fit.
        try expectInvalid(
            spec.replacingOccurrences(
                of: "{\"type\": \"linear\", \"out\": 16}",
                with: "{\"type\": \"conv1d\", \"out\": 4, \"kernel\": 5}"),
            ["model.layers[0]", "change this layer"])
        // A 2-D convolution on 1-D signals.
        try expectInvalid(
            spec.replacingOccurrences(
                of: "{\"type\": \"linear\", \"out\": 16}",
                with: "{\"type\": \"conv2d\", \"out\": 4, \"kernel\": 3}"),
            ["model.layers[0]", "conv2d takes samples of rank 3", "image data"])
        try expectInvalid(
            spec.replacingOccurrences(
                of:
                    "{\"builtin\": {\"moons\": {\"trainCount\": 200, \"testCount\": 100, \"seed\": 1}},",
                with: "{\"npz\": \"no-such-data.npz\","),
            ["no-such-data.npz"])
        try expectInvalid(
            spec.replacingOccurrences(
                of: "\"batchSize\": 32",
                with: "\"batchSize\": 32, \"initialWeights\": \"no-such-weights.safetensors\""),
            [
                "initialWeights", "no-such-weights.safetensors",
                "give the path of a .safetensors file",
            ])
        try expectInvalid(
            spec.replacingOccurrences(of: "\"batchSize\": 32,", with: "\"batchSize\": 32"),
            ["not valid JSON", "line 7, column 3", "fix the JSON there"])
        try expectInvalid(
            spec.replacingOccurrences(of: "\"budget\": {\"epochs\": 5},", with: ""),
            ["missing field 'budget'"])
        try expectInvalid(
            spec.replacingOccurrences(
                of: "\"budget\": {\"epochs\": 5},",
                with: "\"budget\": {\"epochs\": 5}, \"schedule\": {\"kind\": \"cosine\", \"tMax\": 0},"),
            ["schedule.tMax", "must be at least 1 epoch"])
    }

    /// `examples/from-files.json` as the examples README says to use it: exported data and
    /// saved weights next to the spec. The run starts exactly where the saved one ended.
    func testFromFilesExampleStartsFromSavedWeights() throws {
        let examples = CLIRunner.repositoryRoot.appendingPathComponent("examples")
        let work = folder.appendingPathComponent("example")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let export = try dlstudy([
            "data", "export", "mnist1d", "--out", work.appendingPathComponent("mnist1d.npz").path,
        ])
        XCTAssertEqual(export.exitCode, 0, export.output)

        // A one-epoch version of examples/mnist1d-mlp.json makes the starting weights.
        var mlp = try String(
            contentsOf: examples.appendingPathComponent("mnist1d-mlp.json"), encoding: .utf8)
        XCTAssertTrue(mlp.contains("\"epochs\": 200"))
        mlp = mlp.replacingOccurrences(of: "\"epochs\": 200", with: "\"epochs\": 1")
        let mlpSpec = work.appendingPathComponent("mlp-short.json")
        try Data(mlp.utf8).write(to: mlpSpec)
        let trained = folder.appendingPathComponent("mlp-short")
        let t = try dlstudy(["train", mlpSpec.path, "--out", trained.path, "--save-weights"])
        XCTAssertEqual(t.exitCode, 0, t.output)
        try FileManager.default.copyItem(
            at: trained.appendingPathComponent("weights.safetensors"),
            to: work.appendingPathComponent("initial.safetensors"))

        var fromFiles = try String(
            contentsOf: examples.appendingPathComponent("from-files.json"), encoding: .utf8)
        XCTAssertTrue(fromFiles.contains("\"epochs\": 20"))
        fromFiles = fromFiles.replacingOccurrences(of: "\"epochs\": 20", with: "\"epochs\": 2")
        let spec = work.appendingPathComponent("from-files.json")
        try Data(fromFiles.utf8).write(to: spec)
        let out = folder.appendingPathComponent("from-files")
        // Relative paths resolve against the spec's folder, not the working directory.
        let r = try dlstudy(["train", spec.path, "--out", out.path], cwd: folder)
        XCTAssertEqual(r.exitCode, 0, r.output)
        let start = try XCTUnwrap(try record(out).epochs.first)
        let end = try XCTUnwrap(try record(trained).final)
        XCTAssertEqual(start.testAccuracy, end.testAccuracy)
        XCTAssertEqual(start.testLoss, end.testLoss)
        XCTAssertEqual(start.trainLoss, end.trainLoss)
        XCTAssertEqual(try record(out).epochs.count, 3)

        // Weights of another model are refused before training.
        let wrong = fromFiles.replacingOccurrences(
            of: "\"out\": 100}, {\"type\": \"relu\"},\n    {\"type\": \"linear\", \"out\": 100}",
            with: "\"out\": 50}, {\"type\": \"relu\"},\n    {\"type\": \"linear\", \"out\": 100}")
        XCTAssertNotEqual(wrong, fromFiles)
        let wrongSpec = work.appendingPathComponent("wrong.json")
        try Data(wrong.utf8).write(to: wrongSpec)
        let bad = try dlstudy([
            "train", wrongSpec.path, "--out", folder.appendingPathComponent("wrong").path,
        ])
        XCTAssertEqual(bad.exitCode, 2, bad.output)
        XCTAssertTrue(bad.stderr.contains("initial.safetensors"), bad.output)
    }
}
