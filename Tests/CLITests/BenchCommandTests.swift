import Foundation
import XCTest

/// `dlstudy bench` compares like with like: without a side-by-side PyTorch measurement it prints
/// no ratio, and shows the reference figure from another machine in parentheses.
final class BenchCommandTests: XCTestCase {
    func testWithoutPyTorchThereIsNoRatio() throws {
        let r = try dlstudy(["bench", "--model", "mlp", "--batch-sizes", "256", "--epochs", "1", "--pytorch", "off"])
        XCTAssertEqual(r.exitCode, 0, r.output)
        XCTAssert(r.stdout.contains("PyTorch not measured (--pytorch off)"), r.output)
        XCTAssert(r.stdout.contains("measured on another machine"), r.output)
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("mlp-40-100-100-10") }, r.output)
        let fields = row.split(separator: " ")
        XCTAssert(fields.contains { $0.hasPrefix("(") && $0.hasSuffix(")") }, "the reference in parentheses: \(row)")
        XCTAssertFalse(fields.contains { $0.hasSuffix("×") }, "no ratio to a figure from another machine: \(row)")
    }

    func testBadPyTorchModeIsAUsageError() throws {
        let r = try dlstudy(["bench", "--pytorch", "maybe"])
        XCTAssertEqual(r.exitCode, 2, r.output)
        XCTAssert(r.stderr.contains("--pytorch takes auto or off"), r.output)
    }
}
