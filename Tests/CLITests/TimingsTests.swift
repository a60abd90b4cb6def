import DLCore
@testable import DLCommands
@testable import DLStudy
import Foundation
import XCTest

/// `dlstudy run --timings`: the breakdown adds up to the training phase's core-seconds.
final class TimingsTests: XCTestCase {
    func testTimingsAddUpToTheTrainingPhase() throws {
        let out = try CLIRunner.temporaryDirectory("timings")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try dlstudy(["run", "demo", "--profile", "quick", "--jobs", "2", "--output", out.path, "--timings"])
        XCTAssertEqual(r.exitCode, 0, r.output)
        func value(_ label: String) throws -> Double {
            let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ") },
                                     "no '\(label)' line in \(r.stdout)")
            let number = line.split(separator: " ").first { Double($0) != nil }
            return try XCTUnwrap(number.flatMap { Double($0) })
        }
        XCTAssert(r.stdout.contains("demo timings: "), r.output)
        XCTAssert(r.stdout.contains("training phase on 2 cores: "), r.output)
        let capacity = try XCTUnwrap(r.stdout.range(of: #"2 cores: ([0-9.]+) core-s"#, options: .regularExpression)
            .map { Double(r.stdout[$0].split(separator: " ")[2])! })
        let parts = try ["steps", "evaluation", "probes", "other", "idle"].map(value)
        XCTAssert(parts.allSatisfy { $0 >= 0 })
        XCTAssertEqual(parts.reduce(0, +), capacity, accuracy: 0.1 * 5 + 0.05 * capacity, r.stdout)
        XCTAssertGreaterThan(parts[0], 0, "steps take time: \(r.stdout)")
        XCTAssert(r.stdout.contains("  costliest levels of "), r.output)
        XCTAssert(r.stdout.contains("  floor: their products ("), r.output)
        XCTAssert(r.stdout.contains("at this core's sgemm peak ("), r.output)
    }

    /// The levels whose runs took longest come first, ties by name, with their share of the
    /// runs' core-seconds; one level alone says nothing and prints nothing.
    func testTheCostliestLevelsComeFirst() {
        var t = Runner.Timings()
        t.runSeconds = 200
        t.byLevel = ["fixed/16": 10, "fixed/1024": 120, "tuned/B 16, η 0.1": 30, "linear/1024": 30, "linear/16": 10]
        XCTAssertEqual(t.costliestLevels(3).map(\.level), ["fixed/1024", "linear/1024", "tuned/B 16, η 0.1"])
        XCTAssertEqual(TimingsText.costliest(t, count: 2),
                       "\n  costliest levels of 5: fixed/1024 120.0 core-s (60%), linear/1024 30.0 core-s (15%)")
        t.byLevel = ["fixed/16": 10]
        XCTAssertEqual(TimingsText.costliest(t), "")
    }

    /// The floor: the runs' product FLOPs over the sgemm peak, spread over the cores, beside
    /// the core-seconds the steps and evaluation took.
    func testTheFloorIsTheProductWorkAtThePeak() {
        var t = Runner.Timings()
        t.cores = 2
        t.stepSeconds = 150
        t.evaluationSeconds = 50
        t.products = ProductWork(stepFLOPs: 6e12, evaluationFLOPs: 4e12)
        XCTAssertEqual(TimingsText.floor(t, peak: 100),
                       "  floor: their products (10.00 TFLOP: steps 6.00, evaluation 4.00) at this core's sgemm peak (100.0 GFLOP/s, "
                       + "the best of ten 1024³ OpenBLAS products) take 100.0 core-s (50.0 s on 2 cores); steps and evaluation took "
                       + "200.0 core-s, so they ran at 50% of the peak")
        XCTAssert(TimingsText.lines(study: "s", t, reportSeconds: 1, totalSeconds: 2).split(separator: "\n").allSatisfy { !$0.contains("floor") },
                  "no peak measured, no floor line")
    }
}
