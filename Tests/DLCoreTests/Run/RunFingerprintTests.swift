@testable import DLCore
import XCTest

/// A run's fingerprint changes with any number the run produced, not with its times, and its
/// per-epoch entries place a change.
final class RunFingerprintTests: XCTestCase {
    func record() -> RunRecord {
        let rows = (0...3).map { e in
            EpochMetrics(epoch: e, step: 10 * e, samplesSeen: 100 * e, learningRate: 0.1, runningLoss: e == 0 ? nil : 1 / Double(e),
                         trainLoss: 2 / Double(e + 1), trainAccuracy: 0.5, validationLoss: nil, validationAccuracy: nil,
                         testLoss: 2.5 / Double(e + 1), testAccuracy: 0.4, elapsedSeconds: Double(e))
        }
        return RunRecord(specHash: "h", engineVersion: Engine.version, status: .completed, epochs: rows, final: rows.last,
                         steps: (1...30).map { StepMetrics(step: $0, learningRate: 0.1, loss: 3 / Double($0)) },
                         parameterCount: 10, trainingFLOPsPerSample: 60, wallSeconds: 1, probes: ["sharpness": [0.5]])
    }

    func testTimesDoNotCountAndEveryNumberDoes() {
        let base = record().fingerprint
        XCTAssertEqual(base.epochs.count, 4)
        XCTAssertEqual(base.digest.count, 16)
        XCTAssertTrue(base.epochs.allSatisfy { $0.count == 8 })

        var timed = record()
        timed.wallSeconds = 99
        timed.epochs[2].elapsedSeconds = 42
        XCTAssertEqual(timed.fingerprint, base, "times are not numbers the run computed")

        var edits: [(String, (inout RunRecord) -> Void, Int?)] = [
            ("test loss at epoch 2, one ulp", { $0.epochs[2].testLoss = $0.epochs[2].testLoss!.nextUp }, 2),
            ("a step loss in epoch 3", { $0.steps[24].loss = $0.steps[24].loss.nextDown }, 3),
            ("the learning rate at epoch 0", { $0.epochs[0].learningRate = 0.2 }, 0),
            ("a probe", { $0.probes["sharpness"] = [0.6] }, nil),
            ("the status", { $0.status = .diverged }, nil),
        ]
        edits.append(("the final metrics", { $0.final?.testAccuracy = 0.41 }, nil))
        for (what, edit, row) in edits {
            var r = record()
            edit(&r)
            let f = r.fingerprint
            XCTAssertNotEqual(f.digest, base.digest, what)
            let firstDiffering = zip(f.epochs, base.epochs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            XCTAssertEqual(firstDiffering, row, what)
        }
    }
}
