import DLCore
import Foundation
import XCTest

/// `dlstudy train` on data files: IDX and CSV specs end to end (tiny files written here), and the
/// errors for bad data and weights that do not fit, each exit code 2 with the file and the fix.
final class DataFileSpecTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try CLIRunner.temporaryDirectory("data-spec-cli")
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func write(_ data: Data, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    func spec(data: String, model: String = #"[{"type": "flatten"}, {"type": "linear", "out": 8}, {"type": "relu"}, {"type": "linear"}]"#, extra: String = "") -> String {
        """
        {
          "data": \(data),
          "model": {"layers": \(model)},
          "optimizer": {"type": "adam", "lr": 0.01},
          "batchSize": 4,
          "budget": {"epochs": 3},
          "seed": 1\(extra)
        }
        """
    }

    /// Class c of sample i: `i % 2`; its values lean that way so a model can learn something.
    func value(_ i: Int, _ j: Int) -> Int { (i % 2 == 0 ? 40 : 200) + (i * 7 + j * 13) % 30 }

    /// An IDX image file of `n` 3×3 unsigned-byte images and its label file.
    func idxPair(_ n: Int, _ prefix: String) throws {
        var images: [UInt8] = [0, 0, 0x08, 3] + [0, 0, 0, UInt8(n), 0, 0, 0, 3, 0, 0, 0, 3]
        for i in 0..<n { for j in 0..<9 { images.append(UInt8(value(i, j))) } }
        var labels: [UInt8] = [0, 0, 0x08, 1, 0, 0, 0, UInt8(n)]
        for i in 0..<n { labels.append(UInt8(i % 2)) }
        _ = try write(Data(images), "files/\(prefix)-images-idx3-ubyte")
        _ = try write(Data(labels), "files/\(prefix)-labels-idx1-ubyte")
    }

    func testTrainsFromIDXFiles() throws {
        try idxPair(24, "train")
        try idxPair(8, "t10k")
        let s = try write(Data(spec(data: """
            {"idx": {"trainImages": "files/train-images-idx3-ubyte", "trainLabels": "files/train-labels-idx1-ubyte",
                     "testImages": "files/t10k-images-idx3-ubyte", "testLabels": "files/t10k-labels-idx1-ubyte"},
             "validationSamples": 4}
            """).utf8), "idx.json")
        let out = folder.appendingPathComponent("idx-run")
        // Run from another folder: the paths resolve against the spec's.
        let r = try dlstudy(["train", s.path, "--out", out.path], cwd: FileManager.default.temporaryDirectory)
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.contains("completed after 3 epochs"), r.output)
        let record = try JSONDecoder().decode(
            RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("metrics.json")))
        XCTAssertNotNil(record.final?.validationLoss)
        // 9 inputs → 8 → 2 classes.
        XCTAssertEqual(record.parameterCount, 9 * 8 + 8 + 8 * 2 + 2)
        let runJSON = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        XCTAssertTrue(runJSON.contains("\"trainImages\" : \"files/train-images-idx3-ubyte\""), runJSON)
    }

    func csvText(_ n: Int, header: Bool) -> String {
        var lines = header ? ["a,b,c,d,label"] : []
        for i in 0..<n { lines.append((0..<4).map { String(Double(value(i, $0)) / 255) }.joined(separator: ",") + ",\(i % 3)") }
        return lines.joined(separator: "\n") + "\n"
    }

    func testTrainsFromCSVFiles() throws {
        _ = try write(Data(csvText(30, header: true).utf8), "csv/train.csv")
        _ = try write(Data(csvText(9, header: true).utf8), "csv/test.csv")
        let s = try write(Data(spec(data: #"{"csv": {"train": "csv/train.csv", "test": "csv/test.csv", "label": "label"}}"#).utf8), "csv.json")
        let out = folder.appendingPathComponent("csv-run")
        let r = try dlstudy(["train", s.path, "--out", out.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.contains("completed after 3 epochs"), r.output)
        let record = try JSONDecoder().decode(
            RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("metrics.json")))
        XCTAssertEqual(record.parameterCount, 4 * 8 + 8 + 8 * 3 + 3)

        // The label column by index, from the end; no header.
        _ = try write(Data(csvText(30, header: false).utf8), "csv/plain.csv")
        let p = try write(Data(spec(data: #"{"csv": {"train": "csv/plain.csv", "test": "csv/plain.csv", "label": -1, "header": false}}"#).utf8), "plain.json")
        let r2 = try dlstudy(["train", p.path, "--out", folder.appendingPathComponent("plain-run").path])
        XCTAssertEqual(r2.exitCode, 0, r2.output)

        // A typo in the new form is caught like any other.
        let typo = try write(Data(spec(data: #"{"csv": {"train": "csv/plain.csv", "test": "csv/plain.csv", "label": -1, "haeder": false}}"#).utf8), "typo.json")
        let r3 = try dlstudy(["train", typo.path, "--out", folder.appendingPathComponent("typo-run").path])
        XCTAssertEqual(r3.exitCode, 2, r3.output)
        XCTAssertTrue(r3.stderr.contains("data.csv.haeder"), r3.output)
        XCTAssertTrue(r3.stderr.contains("did you mean 'header'?"), r3.output)
    }

    /// `examples/from-csv.json` trains on its committed CSV files (fewer epochs here);
    /// `examples/mnist-idx.json` is a valid spec whose files are the MNIST ones beside it.
    func testTheExamples() throws {
        let examples = CLIRunner.repositoryRoot.appendingPathComponent("examples")
        let work = folder.appendingPathComponent("examples")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: examples.appendingPathComponent("csv"), to: work.appendingPathComponent("csv"))
        var text = try String(contentsOf: examples.appendingPathComponent("from-csv.json"), encoding: .utf8)
        XCTAssertTrue(text.contains("\"epochs\": 30"))
        text = text.replacingOccurrences(of: "\"epochs\": 30", with: "\"epochs\": 3")
        let spec = try write(Data(text.utf8), "examples/from-csv.json")
        let out = folder.appendingPathComponent("from-csv")
        let r = try dlstudy(["train", spec.path, "--out", out.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssertTrue(r.stdout.contains("completed after 3 epochs"), r.output)
        let record = try JSONDecoder().decode(
            RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("metrics.json")))
        XCTAssertEqual(record.parameterCount, 2 * 16 + 16 + 16 * 3 + 3)
        XCTAssertGreaterThan(record.final?.testAccuracy ?? 0, 0.6)

        let mnist = try RunSpec.load(from: examples.appendingPathComponent("mnist-idx.json"))
        XCTAssertEqual(
            mnist.files(baseDirectory: examples).map(\.lastPathComponent),
            ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])
        XCTAssertTrue(mnist.files(baseDirectory: examples).allSatisfy { $0.path.hasPrefix(examples.path + "/mnist/") })
    }

    func expectInvalid(_ specURL: URL, _ needles: [String], absent: [String] = [], line: UInt = #line) throws {
        let out = folder.appendingPathComponent("bad-\(UUID().uuidString)")
        let r = try dlstudy(["train", specURL.path, "--out", out.path])
        XCTAssertEqual(r.exitCode, 2, r.output, line: line)
        for n in needles { XCTAssertTrue(r.stderr.contains(n), "stderr lacks '\(n)':\n\(r.output)", line: line) }
        for n in absent { XCTAssertFalse(r.stderr.contains(n), "stderr has '\(n)':\n\(r.output)", line: line) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written", line: line)
    }

    func splits(xTrain: NDArray? = nil, yTrain: NDArray? = nil, yTest: NDArray? = nil) -> [(name: String, array: NDArray)] {
        let x = NDArray(shape: [4, 2], values: .float32([0, 1, 1, 0, 0, 2, 2, 0]))
        let y = NDArray([0, 1, 0, 1] as [Int64])
        return [("x_train", xTrain ?? x), ("y_train", yTrain ?? y), ("x_test", x), ("y_test", yTest ?? y)]
    }

    func testNonFiniteInputsAreRefusedBeforeTraining() throws {
        let bad = NDArray(shape: [4, 2], values: .float32([0, 1, 1, 0, .nan, 2, 2, 0]))
        let url = folder.appendingPathComponent("nan.npz")
        try NPZ.write(splits(xTrain: bad), to: url)
        let s = try write(Data(spec(data: #"{"npz": "nan.npz"}"#, model: #"[{"type": "linear"}]"#).utf8), "nan.json")
        try expectInvalid(s, ["invalid data in", "nan.npz[x_train]", "value nan at index [2, 0]", "not a finite number", "nan_to_num"],
                          absent: ["diverged"])
    }

    func testANegativeLabelNamesTheLabelArray() throws {
        let url = folder.appendingPathComponent("neg.npz")
        try NPZ.write(splits(yTest: NDArray([0, 1, -1, 1] as [Int64])), to: url)
        let s = try write(Data(spec(data: #"{"npz": "neg.npz"}"#, model: #"[{"type": "linear"}]"#).utf8), "neg.json")
        try expectInvalid(s, ["neg.npz[y_test]", "label -1 at index 2", "0…K−1"], absent: ["[x_"])
    }

    func testWeightsOfAnotherArchitectureNameTheTensorAndBothShapes() throws {
        let data = folder.appendingPathComponent("d.npz")
        try NPZ.write(splits(), to: data)
        // Weights of a 2 → 3 → 2 MLP for a spec whose hidden layer has 5 units.
        let weights = folder.appendingPathComponent("w.safetensors")
        try Sequential([Linear(inputs: 2, outputs: 3), ReLU(), Linear(inputs: 3, outputs: 2)]).saveSafeTensors(to: weights)
        let s = try write(Data(spec(
            data: #"{"npz": "d.npz"}"#, model: #"[{"type": "linear", "out": 5}, {"type": "relu"}, {"type": "linear"}]"#,
            extra: #", "initialWeights": "w.safetensors""#).utf8), "w.json")
        try expectInvalid(s, [
            "initialWeights", "w.safetensors",
            "size mismatch for 0.weight: the checkpoint has shape [3, 2], the model [5, 2]",
            "the checkpoint holds 0.weight [3, 2], 0.bias [3], 2.weight [2, 3], 2.bias [2]",
            "the model 0.weight [5, 2]", "`model`",
        ], absent: ["strict"])
    }
}
