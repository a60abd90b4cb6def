@testable import DLCore
@testable import DLStudy
import Foundation
import XCTest

/// A baseline made from results: what it keeps, how diverged runs enter it, and that the same
/// records give the same baseline.
final class BaselineFromResultsTests: XCTestCase {
    let environment = RunEnvironment(dlstudyVersion: "test", gitCommit: "abc", date: Date(timeIntervalSince1970: 0))

    func testTrainedFixtureStudy() throws {
        let study = DemoFixtures.study
        let cache = RunCache(output: DemoFixtures.tempFolder())
        _ = Runner(cache: cache, jobs: 2).execute(study.plan(profile: .quick))
        let results = study.collect(profile: .quick, cache: cache).results
        let b = Baseline(study: study, results: results, environment: environment)
        XCTAssertEqual([b.study, b.profile, b.dlstudyVersion, b.engineVersion, b.generated, b.gitCommit],
                       ["fixture", "quick", "test", Engine.version, "1970-01-01T00:00:00Z", "abc"])
        XCTAssertEqual(b.experiments.map(\.id), ["main"])
        XCTAssertEqual(b.experiments[0].seeds, [0, 1])
        XCTAssertEqual(b.experiments[0].levels.map(\.label), ["0.01", "0.2"])
        let level = b.experiments[0].levels[1]
        XCTAssertEqual(level.runs, 2)
        XCTAssertEqual(level.diverged, 0)
        XCTAssertEqual(Set(level.curves.keys), ["trainLoss", "trainAccuracy", "testLoss", "testAccuracy", "runningLoss", "learningRate"])
        let loss = level.curves["trainLoss"]!
        XCTAssertEqual(loss.epochs, [0, 1, 2, 3], "epoch 0 (before training) included")
        XCTAssertEqual(loss.n, [2, 2, 2, 2])
        // The curve's mean is the mean over seeds of the records, rounded.
        let cell = results.main["0.2"]!
        let expected = Summary(cell.seeds.map { cell.runs[$0]!.epochs[3].trainLoss! })!
        XCTAssertEqual(loss.mean[3], Baseline.rounded(expected.mean))
        XCTAssertEqual(loss.sd[3], Baseline.rounded(expected.sd))
        XCTAssertEqual(level.final["trainLoss"]?.mean, loss.mean[3])
        XCTAssertNotNil(level.final["steps"])
        XCTAssertEqual(b.claims.map(\.text), ["Larger rate, lower loss"])
        XCTAssertEqual(b.claims[0].verdict, StudySummary(study: study, results: results,
                                                         outcomes: study.claims(for: .quick).map { $0.evaluate(results) },
                                                         environment: environment).claims[0].verdict)
        // Same records, same baseline; and it passes against itself.
        XCTAssertEqual(Baseline(study: study, results: study.collect(profile: .quick, cache: cache).results, environment: environment), b)
        XCTAssertTrue(BaselineComparison(baseline: b, current: b).passed)
    }

    /// A run's record: train loss per epoch from epoch 0; `nil` ends it (diverged) before that
    /// epoch; a NaN is a diverged evaluation recorded as a row.
    static func record(_ losses: [Double?]) -> RunRecord {
        var rows: [EpochMetrics] = []
        var status = RunStatus.completed
        for (epoch, loss) in losses.enumerated() {
            guard let loss else { status = .diverged; break }
            rows.append(EpochMetrics(epoch: epoch, step: 10 * epoch, samplesSeen: 100 * epoch, learningRate: 0.1, runningLoss: nil,
                                     trainLoss: loss, trainAccuracy: nil, validationLoss: nil, validationAccuracy: nil,
                                     testLoss: nil, testAccuracy: nil, elapsedSeconds: 0))
            if !loss.isFinite { status = .diverged; break }
        }
        return RunRecord(specHash: "x", engineVersion: Engine.version, status: status, divergedAtStep: status == .diverged ? 10 * rows.count : nil,
                         bestEpoch: nil, epochs: rows, final: status == .diverged ? nil : rows.last, steps: [], parameterCount: 1,
                         trainingFLOPsPerSample: 1, wallSeconds: 0, probes: [:])
    }

    func testDivergedRunsEnterAsCountsAndNulls() throws {
        let study = DemoFixtures.study
        let exp = study.experiments(for: .quick)[0]
        let cells = [
            CellResults(cell: exp.cells[0], runs: [0: Self.record([1, 0.5, 0.25]), 1: Self.record([1, 0.75, 0.5])]),
            // Seed 0 stops before epoch 2; seed 1's evaluation at epoch 2 is NaN.
            CellResults(cell: exp.cells[1], runs: [0: Self.record([1, 4, nil]), 1: Self.record([1, 8, .nan])]),
        ]
        let results = StudyResults(study: study, profile: .quick, experiments: ["main": ExperimentResults(experiment: exp, cells: cells)])
        let b = Baseline(study: study, results: results, environment: environment)
        let stable = b.experiments[0].levels[0], unstable = b.experiments[0].levels[1]
        XCTAssertEqual(stable.diverged, 0)
        XCTAssertEqual(stable.curves["trainLoss"], Baseline.Curve(epochs: [0, 1, 2], mean: [1, 0.625, 0.375],
                                                                  sd: [0, Baseline.rounded(0.125.squareRoot() / 2), Baseline.rounded(0.125.squareRoot() / 2)],
                                                                  n: [2, 2, 2]))
        XCTAssertEqual(unstable.diverged, 2)
        XCTAssertEqual(unstable.curves["trainLoss"]?.epochs, [0, 1, 2], "epochs some run reached")
        XCTAssertEqual(unstable.curves["trainLoss"]?.mean, [1, 6, nil], "no seed has a finite value at epoch 2")
        XCTAssertEqual(unstable.curves["trainLoss"]?.n, [2, 2, 0])
        XCTAssertEqual(unstable.final["trainLoss"], Baseline.Stat(mean: nil, sd: nil, n: 0))
        XCTAssertEqual(b.claims[0].verdict, "inconclusive", "no seed has a final value at 0.2")

        // Written and read back, the nulls survive; against itself it passes.
        let store = BaselineStore(folder: DemoFixtures.tempFolder().path)
        try store.write(b)
        let read = try store.load(study: "fixture", profile: .quick)
        XCTAssertEqual(read, b)
        XCTAssertTrue(BaselineComparison(baseline: read, current: b).passed)
    }
}
