import DLCore
@testable import DLStudy
import Foundation

/// A made-up study for the authoring tests: one experiment "main" whose levels carry records
/// written to the number (no training).
enum AuthoringFixtures {
    static let main = ExperimentHandle("main")
    static let a = main.level("a"), b = main.level("b"), c = main.level("c")

    /// Train loss at epoch e of (level index i, seed s): 2 at epoch 0, then 1/(e+1) + i/10 + s/100;
    /// test loss 0.5 above it. Level "c" stops early at seed 2 (one epoch fewer).
    static func losses(_ i: Int, _ s: Int, epochs: Int) -> [(train: Double, test: Double)] {
        (0...epochs).map { e in
            let train = e == 0 ? 2.0 : 1 / Double(e + 1) + Double(i) / 10 + Double(s) / 100
            return (train, train + 0.5)
        }
    }

    /// The study over `levels` (value: the level's number on a numeric axis), seeds 0…2, with
    /// a probe "p" = level index + seed/10, and every recorded step's loss.
    static func results(values: [Double?] = [1, 10, 100], epochs: Int = 3, earlyStopLast: Bool = true) -> StudyResults {
        let handles = [a, b, c]
        let experiment = Experiment(main, base: DemoFixtures.base,
                                    vary: Vary("level", zip(handles, values).map { h, v in Level(h, value: v) { _ in } }),
                                    seeds: Seeds(3))
        let cells = experiment.cells.enumerated().map { i, cell in
            CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: (0..<3).map { s in
                let short = earlyStopLast && i == 2 && s == 2
                let record = MadeUpRecords.record(losses: losses(i, s, epochs: short ? epochs - 1 : epochs),
                                                  steps: [2.3, 2.0, 1.5, 1.2], probes: ["p": [Double(i) + Double(s) / 10, 9]])
                return (UInt64(s), record)
            }))
        }
        let study = Study("made-up", title: "Made up") { _ in
            Experiment(main, base: DemoFixtures.base, vary: Vary("level", handles.map { Level($0) { _ in } }), seeds: Seeds(3))
        }
        return StudyResults(study: study, profile: .quick, experiments: ["main": ExperimentResults(experiment: experiment, cells: cells)])
    }
}
