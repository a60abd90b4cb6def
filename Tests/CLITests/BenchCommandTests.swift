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
        // 6 × 15,000 counted; done: forward 15,000 + weight gradients 15,000 + input gradients 11,000, twice.
        XCTAssert(r.stdout.contains("mlp-40-100-100-10 90000 counted, 82000 done (9.8% more)"), r.output)
    }

    /// % of peak is best against best: the fastest epoch's GFLOP/s over the fastest of the
    /// 1024³ products timed between the epochs; the median epoch is never faster than the best.
    func testPercentOfPeakIsTheBestEpochOverTheBestNearbyProduct() throws {
        let r = try dlstudy(["bench", "--model", "cnn", "--batch-sizes", "64", "--epochs", "3", "--pytorch", "off", "--json"])
        XCTAssertEqual(r.exitCode, 0, r.output)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let row = try XCTUnwrap((json["results"] as? [[String: Any]])?.first, r.output)
        let best = try XCTUnwrap(row["bestGFLOPS"] as? Double), median = try XCTUnwrap(row["gflops"] as? Double)
        let peak = try XCTUnwrap(row["nearbyPeak"] as? Double), percent = try XCTUnwrap(row["percentOfPeak"] as? Double)
        XCTAssertGreaterThan(peak, 0)
        XCTAssertGreaterThanOrEqual(best, median)
        XCTAssertEqual(percent, 100 * best / peak, accuracy: 1e-9 * percent)
    }

    func testBadPyTorchModeIsAUsageError() throws {
        let r = try dlstudy(["bench", "--pytorch", "maybe"])
        XCTAssertEqual(r.exitCode, 2, r.output)
        XCTAssert(r.stderr.contains("--pytorch takes auto or off"), r.output)
    }
}
