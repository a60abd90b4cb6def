import Foundation
import DLCore
import XCTest

/// The trainer's budget, stopping and schedule logic on small toy runs.
final class TrainerTests: XCTestCase {
    func spec(_ edit: (inout RunSpec) -> Void) -> RunSpec {
        var s = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig())), validationSamples: 200), model: .mlp(hidden: [16]),
                        optimizer: .sgd(lr: 0.05), batchSize: 50, budget: .epochs(6))
        edit(&s)
        return s
    }

    func run(_ s: RunSpec) throws -> (RunRecord, Trainer) {
        let t = try Trainer(spec: s)
        return (t.run(), t)
    }

    func testCompletedRunHasARowPerEpochPlusTheStart() throws {
        let (r, _) = try run(spec { _ in })
        XCTAssertEqual(r.status, .completed)
        XCTAssertEqual(r.epochs.map(\.epoch), Array(0...6))
        XCTAssertEqual(r.final?.epoch, 6)
        XCTAssertNotNil(r.final?.testAccuracy)
    }

    /// Row 0 (before any step) records the rate the first step takes: a warm-up's start, not
    /// the optimizer's base rate; later rows the rate of the epoch's last step.
    func testTheFirstRowRecordsTheScheduleStartingRate() throws {
        let (r, _) = try run(spec { $0.schedule = .warmup(.steps(30), then: .constant) })
        let perEpoch = 16  // 800 training samples (1000 less 200 for validation), batch 50
        XCTAssertEqual(r.steps.isEmpty, true)
        XCTAssertEqual(r.epochs[0].learningRate, Double(Float(0.05 / 3)), accuracy: 1e-9)
        let progress: Double = Double(perEpoch - 1) / 30  // the epoch's last step, 15 of the 30 warm-up steps
        let endOfFirst: Double = 0.05 * (1.0 / 3 + 2.0 / 3 * progress)
        XCTAssertEqual(r.epochs[1].learningRate, endOfFirst, accuracy: 1e-8)
        XCTAssertEqual(r.epochs[2].learningRate, 0.05, accuracy: 1e-9)
        let (plain, _) = try run(spec { _ in })
        XCTAssertEqual(plain.epochs[0].learningRate, 0.05, accuracy: 1e-9)
    }

    func testEarlyStoppingRestoresTheBestWeights() throws {
        // A rate so large that validation loss gets worse after the first epochs.
        let (r, t) = try run(spec {
            $0.optimizer = .sgd(lr: 3)
            $0.budget = .epochs(40)
            $0.earlyStopping = EarlyStoppingConfig(monitor: "val_loss", patience: 2, restoreBestWeights: true)
        })
        guard r.status == .stoppedEarly, let best = r.bestEpoch else { return XCTFail("expected an early stop, got \(r.status)") }
        let bestRow = r.epochs.first { $0.epoch == best }!
        XCTAssertEqual(r.final?.validationLoss, bestRow.validationLoss, "final metrics are those of the restored epoch")
        XCTAssertEqual(r.epochs.dropFirst().compactMap(\.validationLoss).min(), bestRow.validationLoss)
        // The model really holds the restored weights.
        XCTAssertEqual(Evaluation.of(t.model, on: t.data.validation!).loss, bestRow.validationLoss!, accuracy: 1e-6)
    }

    func testReduceOnPlateauLowersTheRateWhenNothingImproves() throws {
        // Watching the falling validation loss in "max" mode: no epoch ever improves, so after
        // each `patience` epoch the rate halves (PyTorch's rule).
        let (r, _) = try run(spec {
            $0.budget = .epochs(6)
            $0.schedule = .reduceOnPlateau(mode: .max, factor: 0.5, patience: 1)
        })
        let rates = r.epochs.dropFirst().map(\.learningRate)
        XCTAssertEqual(rates.first, 0.05)
        XCTAssertLessThan(rates.last!, 0.05 / 2, "the rate was reduced: \(rates)")
        XCTAssertEqual(rates, rates.sorted(by: >), "never increases: \(rates)")
    }

    func testTargetLossEndsTheRun() throws {
        let (r, _) = try run(spec { $0.budget = Budget(epochs: 200, targetTrainLoss: 0.3) })
        XCTAssertEqual(r.status, .reachedTarget)
        XCTAssertLessThan(r.final!.trainLoss!, 0.3)
        XCTAssertLessThan(r.final!.epoch, 200)
    }

    func testDivergenceIsRecordedNotThrown() throws {
        let (r, _) = try run(spec { $0.optimizer = .sgd(lr: 1e6) })
        XCTAssertEqual(r.status, .diverged)
        XCTAssertNotNil(r.divergedAtStep)
    }

    func testAugmentationIsSeededAndChangesTraining() throws {
        let plain = try run(spec { _ in }).0
        let a = try run(spec { $0.augmentation = [.gaussianNoise(std: 0.5)] }).0
        let b = try run(spec { $0.augmentation = [.gaussianNoise(std: 0.5)] }).0
        XCTAssertEqual(a.final?.trainLoss, b.final?.trainLoss)
        XCTAssertNotEqual(a.final?.trainLoss, plain.final?.trainLoss)
    }

    func testStepBudgetStopsMidEpoch() throws {
        let (r, _) = try run(spec { $0.budget = Budget(steps: 7) })
        XCTAssertEqual(r.totalSteps, 7)
    }

    /// A range test is an ordinary run: the ramp schedule, a step budget, every step recorded.
    /// The trainer must use exactly the ramp's rates, and replaying its losses must give what
    /// driving `LRRangeTest` by hand gives.
    func testRangeTestScheduleDrivesTheTrainerAlongTheRamp() throws {
        let config = LRRangeTestConfig(startLR: 1e-4, endLR: 10, steps: 40)
        let (r, _) = try run(spec {
            $0.schedule = LRRangeTest(config).schedule
            $0.budget = Budget(steps: config.steps)
            $0.record.everySteps = 1
        })
        XCTAssertEqual(r.steps.count, 40, "one recorded row per batch (or fewer if it diverged): \(r.status)")
        // A row's `step` counts the batches done, so its batch used the ramp's rate at step − 1.
        for row in r.steps {
            let expected = Float(1e-4 * pow(1e5, Double(row.step - 1) / 39))
            XCTAssertEqual(Float(row.learningRate), expected, accuracy: expected * 1e-6, "rate at step \(row.step)")
        }
        let replayed = LRRangeTest.replay(r.steps.map(\.loss), config: config)
        let manual = LRRangeTest(config)
        for row in r.steps { if !manual.record(loss: row.loss) { break } }
        XCTAssertEqual(replayed, manual.result)
        XCTAssertNotNil(replayed.steepestDescentLR)
    }
}
