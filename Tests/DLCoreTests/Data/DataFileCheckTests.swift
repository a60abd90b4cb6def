import Foundation
import XCTest

@testable import DLCore

/// What loading checks in a data file: finite inputs, labels named by their own array, one class
/// count over the splits of IDX and CSV files.
final class DataFileCheckTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dlstudy-datacheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func error(_ body: () throws -> Void, line: UInt = #line) -> DataError? {
        do {
            try body()
            XCTFail("no error", line: line)
        } catch let e as DataError {
            XCTAssertFalse(e.fix.isEmpty, "no fix in \(e)", line: line)
            return e
        } catch {
            XCTFail("not a DataError: \(error)", line: line)
        }
        return nil
    }

    func assertMentions(_ e: DataError?, _ words: [String], not absent: [String] = [], line: UInt = #line) {
        guard let e else { return }
        for w in words { XCTAssert(e.description.contains(w), "'\(w)' missing from: \(e)", line: line) }
        for w in absent { XCTAssertFalse(e.description.contains(w), "'\(w)' in: \(e)", line: line) }
    }

    let x = NDArray(shape: [3, 2], values: .float32([0, 1, 2, 3, 4, 5]))
    let y = NDArray([0, 1, 2] as [Int64])

    func npz(_ name: String, _ arrays: [String: NDArray]) throws -> URL {
        let url = dir.appendingPathComponent(name)
        let order = ["x_train", "y_train", "x_val", "y_val", "x_test", "y_test"]
        try NPZ.write(order.compactMap { k in arrays[k].map { (k, $0) } }, to: url)
        return url
    }

    func file(_ name: String, _ text: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    // MARK: Non-finite inputs

    func testNaNAndInfinityInAnNPZNameTheFileTheArrayAndTheFirstIndex() throws {
        var v: [Float] = [0, 1, 2, 3, 4, 5]
        v[3] = .nan
        v[5] = .infinity
        let url = try npz(
            "nan.npz",
            ["x_train": NDArray(shape: [3, 2], values: .float32(v)), "y_train": y, "x_test": x, "y_test": y])
        let e = error { _ = try Dataset.load(npz: url) }
        XCTAssertEqual(e?.kind, .nonFinite)
        assertMentions(e, ["\(url.path)[x_train]", "nan", "index [1, 1]", "and 1 more", "nan_to_num"])

        let inTest = try npz(
            "inf.npz",
            ["x_train": x, "y_train": y, "y_test": y,
             "x_test": NDArray(shape: [3, 1, 2], values: .float32([0, 0, 0, 0, -.infinity, 0]))])
        assertMentions(error { _ = try Dataset.load(npz: inTest) }, ["[x_test]", "-inf", "index [2, 0, 0]"])

        // A float64 too large for float32 would become infinite.
        let huge = try npz(
            "huge.npz",
            ["x_train": NDArray(shape: [3], values: .float64([0, 1e300, 0])), "y_train": y, "x_test": x, "y_test": y])
        let h = error { _ = try Dataset.load(npz: huge) }
        XCTAssertEqual(h?.kind, .nonFinite)
        assertMentions(h, ["[x_train]", "1e+300", "index [1, 0]", "float32"])
    }

    func testNaNInACSVNamesTheLineAndColumn() throws {
        let url = try file("nan.csv", "label,a,b\n0,1,2\n1,3,nan\n")
        let e = error { _ = try CSV.read(url, labelColumn: .name("label")) }
        XCTAssertEqual(e?.kind, .nonFinite)
        assertMentions(e, [url.path, "line 3, column 2", "nan"])
    }

    func testNaNInIDXImages() throws {
        // Two float images of 1×2 (0x0D, big-endian), the second value NaN.
        let nan = Float.nan.bitPattern.bigEndian
        var images: [UInt8] = [0, 0, 0x0D, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]
        images += [0, 0, 0, 0] + withUnsafeBytes(of: nan) { Array($0) } + [0, 0, 0, 0, 0, 0, 0, 0]
        let imagesURL = dir.appendingPathComponent("img-idx3")
        try Data(images).write(to: imagesURL)
        let labelsURL = dir.appendingPathComponent("lab-idx1")
        try Data([0, 0, 0x08, 1, 0, 0, 0, 2, 0, 1]).write(to: labelsURL)
        let e = error { _ = try Dataset.load(idxImages: imagesURL, labels: labelsURL) }
        XCTAssertEqual(e?.kind, .nonFinite)
        assertMentions(e, [imagesURL.path, "index [0, 0, 1]"])
    }

    // MARK: Declared sizes

    /// A header whose shape multiplies past `Int` is an error that says so, not an overflow.
    func testSizesTooLargeToAddress() throws {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 0), }"
        var npy: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count + 1), 0]
        npy += Array(header.utf8) + [0x0A]
        let e = error { _ = try NPY.decode(Data(npy), source: "big.npy") }
        XCTAssertEqual(e?.kind, .tooLarge)
        assertMentions(e, ["big.npy", "[4294967296, 4294967296, 0]", "<f4"])
        let idx: [UInt8] = [0, 0, 0x0E, 3] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x10, 0]
        XCTAssertEqual(error { _ = try IDX.decode(Data(idx), source: "big-idx") }?.kind, .tooLarge)
        // Shapes in a spec: rank, sign and size are checked when decoding.
        for (json, words) in [("[1, 1, 1, 1, 1]", ["rank 5"]), ("[2, -1]", ["negative"]),
                              ("[4294967296, 4294967296, 4294967296]", ["too many elements"])] {
            XCTAssertThrowsError(try JSONDecoder().decode(Shape.self, from: Data(json.utf8))) { e in
                for w in words { XCTAssert("\(e)".contains(w), "\(e)") }
            }
        }
    }

    // MARK: Labels

    func testANegativeLabelIsReportedAgainstItsOwnArray() throws {
        for split in ["train", "test", "val"] {
            var arrays = ["x_train": x, "y_train": y, "x_test": x, "y_test": y, "x_val": x, "y_val": y]
            arrays["y_" + split] = NDArray([0, -3, 1] as [Int64])
            let url = try npz("neg-\(split).npz", arrays)
            let e = error { _ = try Dataset.load(npz: url) }
            XCTAssertEqual(e?.kind, .labelOutOfRange)
            assertMentions(
                e, ["\(url.path)[y_\(split)]", "label -3 at index 1", "0…K−1"], not: ["[x_"])
        }
        // Too large for the classes given: the label array again, not the inputs.
        let url = try npz("seven.npz", ["x_train": x, "y_train": NDArray([0, 7, 1] as [Int64]), "x_test": x, "y_test": y])
        assertMentions(
            error { _ = try Dataset.load(npz: url, classes: 3) },
            ["[y_train]", "label 7 at index 1", "0..<3", "0…K−1"], not: ["[x_train]"])
        // A NaN among float labels.
        let nanLabels = try npz(
            "nanlabel.npz",
            ["x_train": x, "y_train": NDArray(shape: [3], values: .float32([0, 1, .nan])), "x_test": x, "y_test": y])
        assertMentions(error { _ = try Dataset.load(npz: nanLabels) }, ["[y_train]", "nan", "index 2"])
        // A label far beyond any plausible class count.
        let huge = try npz("hugelabel.npz", ["x_train": x, "y_train": NDArray([0, 1, 2_000_000_000] as [Int64]), "x_test": x, "y_test": y])
        assertMentions(error { _ = try Dataset.load(npz: huge) }, ["[y_train]", "2000000000", "0…K−1"])
    }

    func testCSVLabelsNameTheirLine() throws {
        let url = try file("neg.csv", "1,0.5\n-2,0.25\n")
        let e = error { _ = try CSV.read(url, labelColumn: .first) }
        XCTAssertEqual(e?.kind, .labelOutOfRange)
        assertMentions(e, [url.path, "label -2 at line 2", "0…K−1"])
        // −1 is the last column.
        let last = try file("last.csv", "0.5,1\n0.25,0\n")
        XCTAssertEqual(try CSV.read(last, labelColumn: .index(-1)).labels, [1, 0])
        assertMentions(error { _ = try CSV.read(last, labelColumn: .index(-3)) }, ["label column -3 does not exist"])
    }

    // MARK: Splits from IDX and CSV files

    func idx(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func testIDXSplitsShareTheClassCount() throws {
        let trainImages = try idx("tr-img", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 255, 0])
        let trainLabels = try idx("tr-lab", [0, 0, 8, 1, 0, 0, 0, 2, 0, 1])
        let testImages = try idx("te-img", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 51, 0])
        let testLabels = try idx("te-lab", [0, 0, 8, 1, 0, 0, 0, 1, 4])
        let s = try DataSplits.load(idxTrain: (trainImages, trainLabels), test: (testImages, testLabels))
        XCTAssertEqual(s.train.classes, 5)
        XCTAssertEqual(s.test.classes, 5)
        XCTAssertEqual(s.train.sampleShape, Shape(1, 1, 2))
        XCTAssertEqual(s.test.inputs, [0.2, 0])
        XCTAssertNil(s.validation)

        let wide = try idx("wide-img", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3])
        let e = error { _ = try DataSplits.load(idxTrain: (trainImages, trainLabels), test: (wide, testLabels)) }
        XCTAssertEqual(e?.kind, .shapeMismatch)
        assertMentions(e, [trainImages.path, wide.path, "[1, 1, 2]", "[1, 1, 3]"])
    }

    func testCSVSplits() throws {
        let train = try file("train.csv", "a,b,label\n0.5,1,0\n1,2,1\n")
        let test = try file("test.csv", "a,b,label\n3,4,2\n")
        let val = try file("val.csv", "a,b,label\n5,6,1\n")
        let s = try DataSplits.load(csvTrain: train, test: test, validation: val, labelColumn: .name("label"))
        XCTAssertEqual(s.train.classes, 3)
        XCTAssertEqual(s.validation?.labels, [1])
        XCTAssertEqual(s.validation?.classes, 3)
        XCTAssertEqual(s.test.inputs, [3, 4])
    }

    // MARK: The spec forms

    func decode(_ json: String) throws -> DataSpec {
        try JSONDecoder().decode(DataSpec.self, from: Data(json.utf8))
    }

    func canonical(_ spec: DataSpec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(spec), as: UTF8.self)
    }

    /// The canonical JSON of the older forms is hashed into cache keys: it must not change.
    func testBuiltinAndNPZEncodeAsBefore() throws {
        XCTAssertEqual(try canonical(decode(#"{"npz": "data/m.npz", "trainSamples": 100}"#)),
                       #"{"npz":"data/m.npz","trainSamples":100}"#)
        XCTAssertEqual(try canonical(decode(#"{"builtin": {"moons": {"seed": 3}}, "validationSamples": 5, "sampleShape": [1, 2]}"#)),
                       #"{"builtin":{"moons":{"noise":0.1,"seed":3,"testCount":1000,"trainCount":1000}},"sampleShape":[1,2],"validationSamples":5}"#)
    }

    func testIDXAndCSVForms() throws {
        let i = try decode(#"{"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c", "testLabels": "d"}}"#)
        XCTAssertEqual(i.source, .idx(.init(trainImages: "a", trainLabels: "b", testImages: "c", testLabels: "d")))
        XCTAssertEqual(try canonical(i), #"{"idx":{"testImages":"c","testLabels":"d","trainImages":"a","trainLabels":"b","validationImages":null,"validationLabels":null}}"#)

        let c = try decode(#"{"csv": {"train": "tr.csv", "test": "te.csv", "label": "y"}, "validationSamples": 2}"#)
        XCTAssertEqual(c.source, .csv(.init(train: "tr.csv", test: "te.csv", label: .name("y"))))
        XCTAssertEqual(try canonical(c), #"{"csv":{"delimiter":",","header":null,"label":"y","test":"te.csv","train":"tr.csv","validation":null},"validationSamples":2}"#)
        let t = try decode(#"{"csv": {"train": "tr", "test": "te", "validation": "v", "label": -1, "header": false, "delimiter": "\t"}}"#)
        XCTAssertEqual(t.source, .csv(.init(train: "tr", test: "te", validation: "v", label: .last, header: false, delimiter: "\t")))
        XCTAssertEqual(try decode(canonical(t)), t)

        for (json, words) in [
            (#"{"csv": {"train": "a", "test": "b"}}"#, ["label"]),
            (#"{"csv": {"train": "a", "test": "b", "label": 1.5}}"#, ["label", "index"]),
            (#"{"csv": {"train": "a", "test": "b", "label": 0, "delimiter": ";;"}}"#, ["delimiter", "one character"]),
            (#"{"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c"}}"#, ["testLabels"]),
            (#"{"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c", "testLabels": "d", "validationImages": "e"}}"#, ["validationLabels"]),
            (#"{"npz": "a.npz", "csv": {"train": "a", "test": "b", "label": 0}}"#, ["npz, csv", "exactly one"]),
            (#"{"trainSamples": 3}"#, ["idx", "csv"]),
        ] {
            XCTAssertThrowsError(try decode(json), json) { e in
                let text = RunSpec.describe(e as! DecodingError)
                for w in words { XCTAssert(text.contains(w), "'\(w)' missing from \(text)") }
            }
        }
    }

    func testUnknownKeysInTheNewForms() throws {
        func unknown(_ data: String) throws -> [String] {
            let json = #"{"data": \#(data), "model": {"layers": [{"type": "linear"}]}, "optimizer": {"type": "sgd", "lr": 0.1}, "batchSize": 1, "budget": {"epochs": 1}}"#
            let spec = try JSONDecoder().decode(RunSpec.self, from: Data(json.utf8))
            return spec.unknownKeys(in: Data(json.utf8)).map { "\($0.path) \($0.suggestion ?? "-")" }
        }
        XCTAssertEqual(try unknown(#"{"csv": {"train": "a", "test": "b", "label": 0, "lable": 1}}"#), ["data.csv.lable label"])
        // Optional fields left out are suggested too.
        XCTAssertEqual(try unknown(#"{"csv": {"train": "a", "test": "b", "label": 0, "haeder": true, "validaton": "v"}}"#),
                       ["data.csv.haeder header", "data.csv.validaton validation"])
        XCTAssertEqual(
            try unknown(#"{"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c", "testLabels": "d", "validationImage": "e"}}"#),
            ["data.idx.validationImage validationImages"])
        XCTAssertEqual(try unknown(#"{"csv": {"train": "a", "test": "b", "label": "y", "header": true, "delimiter": ";", "validation": "v"}}"#), [])
        XCTAssertEqual(try unknown(#"{"csv": {"train": "a", "test": "b", "label": "y", "header": null}}"#), [])
        XCTAssertEqual(
            try unknown(#"{"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c", "testLabels": "d", "testlabel": "e"}}"#),
            ["data.idx.testlabel testLabels"])
        XCTAssertEqual(
            try unknown(#"{"idx": {"trainImages": "a", "trainLabels": "b", "testImages": "c", "testLabels": "d", "validationImages": "e", "validationLabels": "f"}}"#),
            [])
    }

    func testFilesAreResolvedAgainstTheSpecFolder() throws {
        let base = URL(fileURLWithPath: "/data/specs", isDirectory: true)
        XCTAssertEqual(DataSpec.mnist1d.files(baseDirectory: base), [])
        XCTAssertEqual(
            DataSpec(.npz(path: "../m.npz")).files(baseDirectory: base).map(\.path), ["/data/m.npz"])
        XCTAssertEqual(
            DataSpec(.idx(.init(trainImages: "a", trainLabels: "/abs/b", testImages: "sub/c", testLabels: "d",
                                validationImages: "e", validationLabels: "f")))
                .files(baseDirectory: base).map(\.path),
            ["/data/specs/a", "/abs/b", "/data/specs/sub/c", "/data/specs/d", "/data/specs/e", "/data/specs/f"])
        // The base is a folder even when its URL does not say so.
        XCTAssertEqual(
            DataSpec(.npz(path: "m.npz")).files(baseDirectory: URL(fileURLWithPath: "/data/specs", isDirectory: false)).map(\.path),
            ["/data/specs/m.npz"])
        let csv = DataSpec(.csv(.init(train: "tr.csv", test: "te.csv", validation: "va.csv", label: .index(0))))
        XCTAssertEqual(csv.files(baseDirectory: base).map(\.path), ["/data/specs/tr.csv", "/data/specs/te.csv", "/data/specs/va.csv"])
        let spec = RunSpec(
            data: csv, model: ModelSpec(layers: [LayerSpec(.linear)]), initialWeights: "w/init.safetensors",
            optimizer: .sgd(lr: 0.1), batchSize: 1, budget: Budget(epochs: 1))
        XCTAssertEqual(spec.files(baseDirectory: base).map(\.path).last, "/data/specs/w/init.safetensors")
        XCTAssertEqual(spec.files(baseDirectory: base).count, 4)
        // Without a base, relative paths start at the current folder, as loading does.
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertEqual(DataSpec(.npz(path: "m.npz")).files().map(\.path), [URL(fileURLWithPath: cwd).appendingPathComponent("m.npz").standardizedFileURL.path])
    }

    func testSpecsLoadIDXAndCSVFilesRelativeToTheirFolder() throws {
        _ = try idx("tr-img", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 255, 0])
        _ = try idx("tr-lab", [0, 0, 8, 1, 0, 0, 0, 2, 0, 1])
        let i = DataSpec(.idx(.init(trainImages: "tr-img", trainLabels: "tr-lab", testImages: "tr-img", testLabels: "tr-lab")),
                         validationSamples: 1)
        let s = try i.load(baseDirectory: dir)
        XCTAssertEqual(s.train.count, 1)
        XCTAssertEqual(s.validation?.count, 1)
        XCTAssertEqual(s.test.count, 2)

        _ = try file("t.tsv", "0.5\t1\n1\t0\n")
        let c = DataSpec(.csv(.init(train: "t.tsv", test: "t.tsv", label: .index(-1), header: false, delimiter: "\t")))
        XCTAssertEqual(try c.load(baseDirectory: dir).train.labels, [1, 0])
    }
}
