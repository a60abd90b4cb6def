import DLCore
import Foundation
import XCTest

/// Malformed run specs are reported with a line and column a person can find.
final class JSONSyntaxErrorTests: XCTestCase {
    func testDoubleCommaIsLocatedOnItsLine() throws {
        let text = "{\n  \"data\": {\"builtin\": \"moons\"},\n  \"batchSize\": 32,,\n}\n"
        let e = try XCTUnwrap(JSONSyntaxError.locate(in: Data(text.utf8)))
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.column, 19, "the second comma")
        XCTAssertEqual(e.lineText, "  \"batchSize\": 32,,")
        XCTAssertTrue(e.description.hasPrefix("invalid value at line 3, column 19"), e.description)
    }

    func testValidJSONHasNoSyntaxError() {
        XCTAssertNil(JSONSyntaxError.locate(in: Data(#"{"a": [1, 2]}"#.utf8)))
    }

    func testLoadingAMalformedSpecNamesThePosition() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data("{\n  \"batchSize\": 32\n  \"seed\": 1\n}".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try RunSpec.load(from: url)) { error in
            XCTAssertTrue("\(error)".contains("line 3"), "\(error)")
        }
    }
}
