@testable import DLStudy
import XCTest

/// The one set of formats prose, captions and axes use. One line per case.
final class FormatTests: XCTestCase {
    func testFormats() {
        let cases: [(String, String)] = [
            (Format.number(0.12345), "0.123"),
            (Format.number(16), "16"),  // whole numbers without decimals
            (Format.percent(0.8342), "83.4%"),
            (Format.percent(.nan), "n/a"),  // a missing result never crashes a sentence
            (Format.points(0.023), "2.3 points"),
            (Format.points(0.01), "1 point"),
            (Format.ratio(2.371), "2.4×"),
            (Format.count(78858), "78,858"),
            (Format.count(999), "999"),
            (Format.count(1_000_000), "1,000,000"),
            (Format.spelled(3), "three"),
            (Format.spelled(12), "12"),
            (Format.superscript(-5), "⁻⁵"),
            (Format.powerOfTen(-3), "10⁻³"),
            (Format.powerOfTen(0), "1"),
            (Format.decade(100), "10²"),
            (Format.constant(1e-5), "10⁻⁵"),  // as one writes a constant
            (Format.constant(0.98), "0.98"),
            (Format.constant(1e-3), "10⁻³"),
            (Format.constant(Double(Float(5e-4))), "5·10⁻⁴"),  // a Float constant as written
            (Format.constant(Double(Float(0.05))), "0.05"),
            (Format.constant(0.01), "0.01"),  // small exponents stay plain
            (Format.constant(Double(Float(0.01))), "0.01"),  // 0.0099999998 is 0.01 as written
            (Format.scientific(0.01), "10⁻²"),
            (Format.scientific(Double(Float(1e-4))), "10⁻⁴"),
            (Format.scientific(30_000), "3·10⁴"),
            (Format.plain(Double(Float(3e-4))), "0.0003"),  // a Float rate's label
            (Format.list(["a"]), "a"),
            (Format.list(["a", "b"]), "a and b"),
            (Format.list(["a", "b", "c"]), "a, b and c"),
            (Format.counted(1, "seed"), "1 seed"),
            (Format.counted(3, "seed"), "3 seeds"),
        ]
        for (got, want) in cases { XCTAssertEqual(got, want) }
    }

    func testInterpolation() {
        let acc = 0.8342, ratio = 2.371
        XCTAssertEqual("\(percent: acc) at \(ratio: ratio), \(points: 0.023) worse, \(count: 78858) parameters",
                       "83.4% at 2.4×, 2.3 points worse, 78,858 parameters")
        XCTAssertEqual("\(spelled: 3) seeds, lr \(constant: 1e-5), \(list: ["x", "y"]), \(0.12345, digits: 2), \(number: 1e-6)",
                       "three seeds, lr 10⁻⁵, x and y, 0.12, 1.00e-6")
    }
}
