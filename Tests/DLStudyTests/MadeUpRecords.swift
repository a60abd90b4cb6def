import DLCore
import Foundation

/// Run records written to the number, for testing a study's analysis without training.
enum MadeUpRecords {
    /// One row per entry of `losses` (epoch 0 first): train and test loss (finite: JSON has no
    /// infinity; set a row's field afterwards for that). `diverged` ends the run at step 7 with
    /// no final metrics; `bestEpoch` restores that row, as early stopping does.
    static func record(losses: [(train: Double, test: Double)], diverged: Bool = false, bestEpoch: Int? = nil,
                       steps: [Double] = [], probes: [String: [Double]] = [:]) -> RunRecord {
        func row(_ epoch: Int, _ l: (train: Double, test: Double)) -> [String: Any] {
            ["epoch": epoch, "step": epoch * 10, "samplesSeen": epoch * 640, "learningRate": 0.1,
             "trainLoss": l.train, "testLoss": l.test, "testAccuracy": 0.5, "elapsedSeconds": 0]
        }
        let rows = losses.enumerated().map { row($0.offset, $0.element) }
        var json: [String: Any] = [
            "specHash": "x", "engineVersion": "t", "status": diverged ? "diverged" : (bestEpoch == nil ? "completed" : "stoppedEarly"),
            "epochs": rows,
            "steps": steps.enumerated().map { ["step": $0.offset + 1, "learningRate": 0.1, "loss": $0.element] },
            "parameterCount": 1, "trainingFLOPsPerSample": 1, "wallSeconds": 0, "probes": probes,
        ]
        if diverged {
            json["divergedAtStep"] = 7
        } else if let bestEpoch {
            json["bestEpoch"] = bestEpoch
            json["final"] = rows[bestEpoch]
        } else {
            json["final"] = rows.last
        }
        return try! JSONDecoder().decode(RunRecord.self, from: JSONSerialization.data(withJSONObject: json))
    }
}
