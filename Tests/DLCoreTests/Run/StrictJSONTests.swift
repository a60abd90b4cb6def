import DLCore
import XCTest

/// Specs and baselines are JSON as RFC 8259 defines it: what JSON forbids is an error with its
/// line, column and key path.
final class StrictJSONTests: XCTestCase {
    func problem(_ text: String) -> StrictJSON.Problem? {
        do { try StrictJSON.validate(Array(text.utf8)); return nil } catch { return error as? StrictJSON.Problem }
    }

    func testValidJSONPasses() {
        for text in ["{}", "[]", "0", "-0.5e-3", "\"a\\u00e9\\n\"", "{\"a\": [1, 2, {\"b\": null}], \"c\": true}", " \n{\"x\":false}\r\n",
                     "1.7976931348623157e308", "1e-400"] {
            XCTAssertNil(problem(text), text)
        }
    }

    func testTrailingCommasAreRefused() {
        let p = problem("{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}")
        XCTAssertEqual(p?.line, 3)
        XCTAssertEqual(p?.path, "b")
        XCTAssert(p?.message.contains("trailing comma before ']'") == true, "\(String(describing: p))")
        XCTAssert(problem("{\"a\": 1,}")?.message.contains("trailing comma before '}'") == true)
    }

    func testDuplicateKeysAreNamedWithBothLines() {
        let p = problem("{\n \"optimizer\": {\"lr\": 0.1,\n   \"lr\": 0.2}\n}")
        XCTAssertEqual(p?.line, 3)
        XCTAssertEqual(p?.column, 4)
        XCTAssertEqual(p?.path, "optimizer")
        XCTAssertEqual(p?.message, "duplicate key 'lr' (also at line 2)")
        // Same key in different objects is fine.
        XCTAssertNil(problem("[{\"a\": 1}, {\"a\": 2}]"))
    }

    func testNumbersOutOfRangeAreNamed() {
        let p = problem("{\"optimizer\": {\"lr\": 1e400}}")
        XCTAssertEqual(p?.path, "optimizer.lr")
        XCTAssert(p?.message.contains("1e400 is out of range") == true, "\(String(describing: p))")
    }

    func testWhatJSONForbidsIsRefused() {
        for text in ["", "{a: 1}", "{'a': 1}", "[01]", "[1.]", "[.5]", "[+1]", "[NaN]", "[Infinity]", "{\"a\" 1}", "[1 2]",
                     "\"tab\there\"", "\"\\x\"", "[1] [2]", "[1] //c", "{\"a\": tru}", "[", "{\"a\": 1", "\"open"] {
            XCTAssertNotNil(problem(text), "accepted: \(text)")
        }
    }

    /// Found by FuzzRunSpec: a backslash as the last byte looped forever.
    func testABackslashAtTheEndIsAnErrorNotAHang() {
        XCTAssert(problem("{\"a\": \"x\\")?.message.contains("a string is not closed") == true)
    }

    /// Positions come from a table of line starts: a document with 100,000 keys is checked in
    /// linear time (each duplicate-key check asks for its line).
    func testManyKeysAreLinear() {
        let text = "{\n" + (0..<100_000).map { "\"k\($0)\": \($0)" }.joined(separator: ",\n") + "\n}"
        XCTAssertNil(problem(text))
        let duplicate = text.replacingOccurrences(of: "\"k99999\"", with: "\"k5\"")
        XCTAssertEqual(problem(duplicate)?.line, 100_001)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssert(problem(deep)?.message.contains("nested deeper") == true)
    }
}

/// Run specs: strict JSON and numbers out of range, each error naming the field.
final class RunSpecInputTests: XCTestCase {
    let valid = """
        {
          "model": {"layers": [{"type": "linear", "out": 8}, {"type": "relu"}, {"type": "linear"}]},
          "optimizer": {"type": "sgd", "lr": 0.1},
          "batchSize": 32,
          "budget": {"epochs": 2},
          "seed": 1
        }
        """

    func error(_ text: String) -> String {
        do { _ = try RunSpec.decode(Data(text.utf8), fileName: "spec.json"); return "(no error)" } catch { return "\(error)" }
    }

    func testValidSpecDecodes() throws {
        XCTAssertEqual(try RunSpec.decode(Data(valid.utf8), fileName: "spec.json").seed, 1)
    }

    func testTrailingCommaIsAnErrorWithItsLine() {
        let e = error(valid.replacingOccurrences(of: "\"seed\": 1\n", with: "\"seed\": 1,\n"))
        XCTAssert(e.contains("trailing comma before '}'") && e.contains("line 7"), e)
    }

    func testDuplicateKeyIsAnErrorWithBothLines() {
        let e = error(valid.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 1,\n  \"batchSize\": 64"))
        XCTAssert(e.contains("duplicate key 'batchSize' (also at line 4) at line 7"), e)
    }

    func testOutOfRangeNumbersNameTheField() {
        let cases: [(String, String, [String])] = [
            ("\"lr\": 0.1", "\"lr\": 1e400", ["optimizer.lr", "out of range"]),
            ("\"seed\": 1", "\"seed\": -1", ["seed", "-1", "0 … 2⁶⁴−1"]),
            ("\"batchSize\": 32", "\"batchSize\": 50.5", ["batchSize", "50.5", "whole number"]),
            ("\"batchSize\": 32", "\"batchSize\": 1e20", ["batchSize", "1e20"]),
            ("\"epochs\": 2", "\"epochs\": 2.5", ["budget.epochs", "whole number"]),
        ]
        for (old, new, words) in cases {
            let e = error(valid.replacingOccurrences(of: old, with: new))
            for w in words { XCTAssert(e.contains(w), "\(new): \(e)") }
            XCTAssertFalse(e.contains("The given data was not valid JSON"), e)
        }
    }
}
