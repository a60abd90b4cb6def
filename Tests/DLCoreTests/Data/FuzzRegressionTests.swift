import Foundation
import XCTest

@testable import DLCore

/// Every input the fuzzers (`fuzz/`, `scripts/fuzz.sh`) found to crash a parser, kept in
/// `Fixtures/fuzz/<parser>/`: each must now make its parser throw an error, not trap. The
/// folder name says which parser reads the files in it; a folder no test knows fails.
final class FuzzRegressionTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    static let parsers = ["npy", "npz", "idx", "csv", "safetensors", "runspec"]

    func inputs(_ parser: String) throws -> [URL] {
        let dir = Self.folder.appendingPathComponent(parser)
        guard FileManager.default.fileExists(atPath: dir.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.path < $1.path }
    }

    /// Asserts that `body` throws an error of type `E` (a message for the user, not a trap).
    func assertThrows<E: Error>(_: E.Type, _ input: URL, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), input.lastPathComponent, line: line) { error in
            XCTAssert(error is E, "\(input.lastPathComponent): \(type(of: error)) \(error)", line: line)
        }
    }

    func testEveryFolderHasAParser() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(folders).subtracting(Self.parsers), [], "folders without a test")
    }

    func testNPY() throws {
        for input in try inputs("npy") {
            let data = try Data(contentsOf: input)
            assertThrows(DataError.self, input) { _ = try NPY.decode(data, source: input.path) }
        }
    }

    func testNPZ() throws {
        for input in try inputs("npz") {
            assertThrows(DataError.self, input) { _ = try Dataset.load(npz: input) }
            // Reading every member may work (what it finds is not a data set): it must not trap.
            _ = try? NPZ.read(input)
        }
    }

    func testIDX() throws {
        for input in try inputs("idx") {
            let data = try Data(contentsOf: input)
            assertThrows(DataError.self, input) { _ = try IDX.decode(data, source: input.path) }
        }
    }

    /// As `fuzz/Sources/FuzzCSV`: the first byte picks the options, the rest is the text.
    func testCSV() throws {
        for input in try inputs("csv") {
            let bytes = [UInt8](try Data(contentsOf: input))
            guard let options = bytes.first else { continue }
            let columns: [CSVColumn] = [.first, .last, .index(1), .index(-2), .name("label"), .index(Int(options >> 5) - 4)]
            let headers: [Bool?] = [nil, true, false]
            let delimiters: [Character] = [",", ";", "\t"]
            assertThrows(DataError.self, input) {
                _ = try CSV.parse(
                    String(decoding: bytes.dropFirst(), as: UTF8.self), source: input.path,
                    labelColumn: columns[Int(options) % columns.count], header: headers[Int(options >> 3) % 3],
                    delimiter: delimiters[Int(options >> 5) % 3])
            }
        }
    }

    func testSafeTensors() throws {
        for input in try inputs("safetensors") {
            let data = try Data(contentsOf: input)
            assertThrows(CheckpointError.self, input) { _ = try SafeTensors.decode(data, source: input.path) }
        }
    }

    func testRunSpec() throws {
        for input in try inputs("runspec") {
            let data = try Data(contentsOf: input)
            assertThrows(SpecError.self, input) { _ = try RunSpec.decode(data, fileName: input.lastPathComponent) }
        }
    }
}
