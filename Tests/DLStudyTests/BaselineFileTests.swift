import DLCore
@testable import DLStudy
import XCTest

/// The baseline file: how it reads, that it round-trips, and the errors a broken one gives.
final class BaselineFileTests: XCTestCase {
    func store() -> BaselineStore { BaselineStore(folder: DemoFixtures.tempFolder().path) }

    func testRoundTripAndLayout() throws {
        let store = store()
        var b = BaselineComparisonTests.baseline()
        b.experiments[0].levels[1].curves["trainLoss"]!.mean[2] = nil  // diverged: null in the file
        let path = try store.write(b)
        XCTAssertEqual(path, store.folder + "/s.quick.json")
        XCTAssertEqual(try store.load(study: "s", profile: .quick), b)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(#""epochs" : [0, 1, 2],"#), "an array on one line:\n\(text)")
        XCTAssertTrue(text.contains(#""mean" : [2, 1, null],"#), "non-finite values are null:\n\(text)")
        XCTAssertTrue(text.contains(#""trainLoss" : { "mean" : 0.5, "n" : 3, "sd" : 0.25 }"#), "a small object on one line:\n\(text)")
        XCTAssertTrue(text.contains(#""factors" : ["lr"],"#))
        let keys = text.components(separatedBy: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(keys, keys.sorted(), "top-level keys sorted")
        XCTAssertTrue(text.hasSuffix("}\n"))
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)), "still JSON")
    }

    func testNumbersAreRoundedToSixSignificantDigits() {
        XCTAssertEqual(Baseline.rounded(0.123456789), 0.123457)
        XCTAssertEqual(Baseline.rounded(1234567.0), 1234570)
        XCTAssertEqual(Baseline.rounded(-2.5e-7), -2.5e-7)
        XCTAssertNil(Baseline.rounded(.nan))
        XCTAssertNil(Baseline.rounded(.infinity))
        let s = Baseline.Stat([1, 2, .nan, 4])
        XCTAssertEqual(s, Baseline.Stat(mean: 2.33333, sd: 1.52753, n: 3), "NaN left out, the rest summarized and rounded")
    }

    func testMissingBaselineSaysHowToMakeOne() {
        let store = BaselineStore(folder: "nowhere/baselines")
        XCTAssertThrowsError(try store.load(study: "demo", profile: .quick)) { error in
            XCTAssertEqual("\(error)", "no baseline for demo (quick) at nowhere/baselines/demo.quick.json; "
                           + "create it with `dlstudy bless demo --profile quick --baselines nowhere/baselines`")
        }
        XCTAssertEqual(BaselineStore().blessCommand(study: "demo", profile: .full), "dlstudy bless demo --profile full",
                       "the default folder needs no flag")
    }

    func testBrokenFilesNameTheProblem() throws {
        let good = try BaselineComparisonTests.baseline().fileText()
        let cases: [(text: String, problem: String)] = [
            ("{ \"format\": 1,\n  \"study\": ]", "it is not valid JSON: unexpected ']': expected a value (object, array, string, number, true, false or null) at line 2, column 12 (in 'study')"),
            ("", "it is not valid JSON: empty document: expected a JSON value at line 1, column 1"),
            (good.replacingOccurrences(of: #""runs" : 3"#, with: #""runs" : "three""#),
             "field experiments[0].levels[0].runs should be a whole number"),
            (good.replacingOccurrences(of: #""label" : "a","#, with: ""), "field experiments[0].levels[0].label is missing"),
            (good.replacingOccurrences(of: #""format" : 2"#, with: #""format" : 3"#),
             "its format is 3, but this dlstudy reads format 2"),
            (good.replacingOccurrences(of: #""study" : "s""#, with: #""study" : "other""#),
             "it is the baseline of study 'other', not 's'"),
            (good.replacingOccurrences(of: #""profile" : "quick""#, with: #""profile" : "full""#),
             "it is for profile 'full', not 'quick'"),
            (good.replacingOccurrences(of: #""verdict" : "supported""#, with: #""verdict" : "yes""#),
             "claims[0].verdict is 'yes'; it must be one of contradicted, inconclusive, supported"),
            (good.replacingOccurrences(of: #""n" : [3, 3, 3]"#, with: #""n" : [3, 3]"#),
             "experiments[0].levels[0].curves.trainLoss has 3 epochs but 3 means, 3 sds and 2 counts"),
            (good.replacingOccurrences(of: #""epochs" : [0, 1, 2]"#, with: #""epochs" : [0, 2, 1]"#),
             "experiments[0].levels[0].curves.trainLoss.epochs is not increasing"),
        ]
        for (text, problem) in cases {
            let store = store()
            let path = store.path(study: "s", profile: .quick)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try store.load(study: "s", profile: .quick), problem) { error in
                XCTAssertEqual("\(error)", "\(path) is not a usable baseline: \(problem); re-create it with "
                               + "`dlstudy bless s --profile quick --baselines \(store.folder)` and review the diff before committing it")
            }
        }
    }
}
