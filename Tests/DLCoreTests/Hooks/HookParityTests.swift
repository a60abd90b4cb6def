@testable import DLCore
import Foundation
import XCTest

/// The hooks against PyTorch, from the fixture `scripts/make_hooks_fixture.py` wrote: each case
/// is a run spec trained here by the real `Trainer` (data, initial weights and batch order are
/// PyTorch's; `"shuffle": false`), compared with what the same loop computed in PyTorch with
/// `AveragedModel`, `SWALR`, `update_bn`, `get_ema_multi_avg_fn`, `clip_grad_norm_` and
/// `torch.nn.utils.prune`.
///
/// Tolerances: the two engines' matrix products round differently in the last bit, and a few
/// dozen steps carry that to a few 1e-7 of the weights (Tanh keeps it smooth, see the script).
/// A wrong rule (SWA averaging one epoch too many, EMA from the wrong side, clipping before the
/// penalty, buffers averaged or not, a mask applied one step late) moves them by 1e-3 or more.
final class HookParityTests: XCTestCase {
    static let weightTolerance = 5e-6
    static let lossTolerance = 5e-6

    var fixture: HookFixture!

    override func setUpWithError() throws { fixture = try HookFixture() }

    /// Trains a case and checks its per-step losses and per-epoch rates against PyTorch's.
    func train(_ name: String, mask: ParameterMask? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> (RunRecord, Trainer, HookFixture.Case) {
        let expected = try fixture.case(name)
        let trainer = try fixture.trainer(name)
        try trainer.setMask(mask)
        let record = trainer.run()
        XCTAssertEqual(record.status, .completed, name, file: file, line: line)
        let losses = record.steps.map(\.loss)
        XCTAssertEqual(losses.count, expected.losses.count, "\(name): steps", file: file, line: line)
        let worst = zip(losses, expected.losses).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThan(worst, Self.lossTolerance, "\(name): per-step losses differ from PyTorch's", file: file, line: line)
        let rates = record.epochs.dropFirst().map(\.learningRate)
        XCTAssertEqual(rates.map { Float($0) }, expected.rates.map { Float($0) }, "\(name): each epoch's rate", file: file, line: line)
        print(String(format: "%@ vs torch %@: per-step losses within %.1e", name, fixture.torchVersion, worst))
        return (record, trainer, expected)
    }

    /// The model's state dict against PyTorch's, every tensor but `ignoring`.
    ///
    /// `0.bias` with Adam: the bias of a Linear followed by batch norm changes nothing (the
    /// norm subtracts the batch mean), so its gradient is rounding noise, which Adam's
    /// normalized step turns into moves of size lr in a direction each engine's rounding picks
    /// (PyTorch's own would differ with another summation order). The losses show it is inert.
    func assertWeights(_ trainer: Trainer, match prefix: String, ignoring: Set<String> = [],
                       file: StaticString = #filePath, line: UInt = #line) {
        let expected = fixture.group(prefix)
        XCTAssertEqual(Set(expected.keys), Set(trainer.model.stateDict().keys), "\(prefix): the same tensors", file: file, line: line)
        let (difference, name) = HookFixture.maxDifference(expected, trainer.model.stateDict(), only: Set(expected.keys).subtracting(ignoring))
        print(String(format: "  %@: the model's state dict within %.1e of PyTorch's (worst: %@)", prefix, difference, name))
        XCTAssertLessThan(difference, Self.weightTolerance, "\(prefix): \(name) differs by \(difference)", file: file, line: line)
    }

    func assertFinalLosses(_ record: RunRecord, _ expected: HookFixture.Case, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(record.final?.trainLoss ?? .nan, expected.train_loss, accuracy: Self.lossTolerance, "final train loss", file: file, line: line)
        XCTAssertEqual(record.final?.testLoss ?? .nan, expected.test_loss, accuracy: Self.lossTolerance, "final test loss", file: file, line: line)
    }

    /// SWA from epoch 3 of 5 at a constant 0.02 (SWALR, anneal_epochs=0), then update_bn:
    /// averaged weights, recomputed running statistics, and the averaged model's losses.
    func testSWAMatchesAveragedModelAndUpdateBN() throws {
        let (record, trainer, expected) = try train("swa")
        XCTAssertEqual(record.averagedWeights, AveragedWeights(method: "swa", updates: 3, batchNormRecomputed: true))
        XCTAssertEqual(expected.averaged, 3)
        assertWeights(trainer, match: "swa.final")  // parameters and 1.running_mean, 1.running_var, 1.num_batches_tracked
        XCTAssertEqual(trainer.model.stateDict()["1.num_batches_tracked"]?[0], 8, "update_bn counted its 8 batches (7 of 32, one of 26)")
        assertFinalLosses(record, expected)
        // The rows are the trained model's; `final` is the average's.
        XCTAssertNotEqual(record.final?.trainLoss, record.epochs.last?.trainLoss)
        XCTAssertEqual(record.final?.epoch, 5)
    }

    /// SWA without a rate of its own (the schedule, StepLR, goes on) and without update_bn: the
    /// averaged model keeps the trained model's running statistics.
    func testSWAWithoutBatchNormUpdateKeepsTheModelsStatistics() throws {
        let (record, trainer, expected) = try train("swa_keep_bn")
        XCTAssertEqual(record.averagedWeights, AveragedWeights(method: "swa", updates: 3, batchNormRecomputed: false))
        assertWeights(trainer, match: "swa_keep_bn.final")
        assertFinalLosses(record, expected)
    }

    /// EMA (decay 0.9) after every step (SGD, Nesterov momentum, weight decay), buffers not
    /// averaged: the model keeps its own running statistics.
    func testEMAMatchesGetEMAMultiAvgFn() throws {
        let (record, trainer, expected) = try train("ema")
        XCTAssertEqual(record.averagedWeights, AveragedWeights(method: "ema", updates: 24, batchNormRecomputed: false))
        XCTAssertEqual(expected.averaged, 24)
        assertWeights(trainer, match: "ema.final")
        assertFinalLosses(record, expected)
    }

    /// EMA with use_buffers=True: running statistics averaged too, and num_batches_tracked
    /// through PyTorch's integer branch.
    func testEMAWithBuffersAveragesTheRunningStatistics() throws {
        let (record, trainer, expected) = try train("ema_buffers")
        assertWeights(trainer, match: "ema_buffers.final")
        XCTAssertEqual(trainer.model.stateDict()["1.num_batches_tracked"]?[0], fixture.group("ema_buffers.final")["1.num_batches_tracked"]?[0])
        assertFinalLosses(record, expected)
    }

    /// clip_grad_norm_(0.8) after backward with an L2 penalty in the loss: the norms PyTorch
    /// clipped (penalty gradient included), the steps clipped, the weights after 3 epochs.
    func testGradientClippingMatchesClipGradNorm() throws {
        let (record, trainer, expected) = try train("clip")
        let norms = record.steps.compactMap(\.gradientNorm)
        let torchNorms = try XCTUnwrap(expected.norms)
        XCTAssertEqual(norms.count, torchNorms.count)
        let worst = zip(norms, torchNorms).map { abs($0 - $1) / $1 }.max() ?? .infinity
        XCTAssertLessThan(worst, 2e-5, "total gradient norms (relative)")
        XCTAssertEqual(record.clippedSteps, expected.clipped)
        XCTAssert((1..<torchNorms.count).contains(expected.clipped ?? 0), "the fixture clips some steps, not all")
        assertWeights(trainer, match: "clip.final")
        assertFinalLosses(record, expected)
    }

    /// Training under prune.l1_unstructured's mask with SGD (momentum, weight decay): the weights
    /// the network computes with are PyTorch's weight_orig * weight_mask, although PyTorch's
    /// pruned weight_orig entries drift under weight decay.
    func testMaskedSGDMatchesWeightOrigTimesMask() throws {
        let mask = try ParameterMask(fixture.group("masked_sgd.mask"))
        let (record, trainer, expected) = try train("masked_sgd", mask: mask)
        assertWeights(trainer, match: "masked_sgd.final")
        assertFinalLosses(record, expected)
        XCTAssertEqual(record.maskFractionRemaining ?? 0, mask.fractionRemaining)
        XCTAssertEqual(mask.fractionRemaining, 0.7, accuracy: 0.01)
        for (name, m) in mask.tensors {
            let w = trainer.model.stateDict()[name]!
            XCTAssert((0..<m.count).allSatisfy { m[$0] != 0 || w[$0] == 0 }, "\(name): pruned weights stay 0")
        }
    }

    /// The same with prune.global_unstructured's mask and Adam with (coupled) weight decay.
    func testMaskedAdamMatchesWeightOrigTimesMask() throws {
        let mask = try ParameterMask(fixture.group("masked_adam.mask"))
        let (record, trainer, expected) = try train("masked_adam", mask: mask)
        assertWeights(trainer, match: "masked_adam.final", ignoring: ["0.bias"])
        assertFinalLosses(record, expected)
    }

    /// AveragedModel alone, no training: the same bits after each of six updates, for SWA's
    /// equal average (a true division, the CPU path) and EMA's lerp.
    func testAveragesMatchAveragedModelBitForBit() throws {
        let inputs = try fixture.tensor("average.inputs"), swa = try fixture.tensor("average.swa"), ema = try fixture.tensor("average.ema")
        let size = inputs.shape[1]
        let model = Sequential([Linear(inputs: size, outputs: 1, bias: false)])
        let equal = WeightAverage(model: model, includesBuffers: false), exponential = WeightAverage(model: model, includesBuffers: false)
        for k in 0..<inputs.shape[0] {
            model.parameters[0].value.pointer.update(from: inputs.pointer + k * size, count: size)
            equal.updateEqually()
            exponential.updateExponentially(decay: 0.9)
            let ours = (equal.averages[0].values, exponential.averages[0].values)
            let theirs = ((0..<size).map { swa[k * size + $0] }, (0..<size).map { ema[k * size + $0] })
            XCTAssertEqual(zip(ours.0, theirs.0).filter { $0.bitPattern != $1.bitPattern }.count, 0, "SWA after update \(k + 1)")
            XCTAssertEqual(zip(ours.1, theirs.1).filter { $0.bitPattern != $1.bitPattern }.count, 0, "EMA after update \(k + 1)")
        }
        XCTAssertEqual(equal.count, 6)
    }

    /// clip_grad_norm_ alone: the total norm, and the clipped gradients to the last bit or one ulp
    /// (the norms are summed in another order than ATen's).
    func testClipGradNormAlone() throws {
        let expected = try fixture.clipAlone()
        let p0 = Parameter(name: "weight", role: .weight, shape: [40, 16]), p1 = Parameter(name: "bias", role: .bias, shape: [16])
        p0.grad.assign(try fixture.tensor("clip_alone.g0"))
        p1.grad.assign(try fixture.tensor("clip_alone.g1"))
        let (total, coefficient) = GradientClipping.clip([p0, p1], maxNorm: expected.max_norm)
        XCTAssertEqual(Double(total), expected.total_norm, accuracy: expected.total_norm * 1e-6)
        XCTAssertLessThan(coefficient, 1)
        for (p, key) in [(p0, "clip_alone.out0"), (p1, "clip_alone.out1")] {
            let theirs = try fixture.tensor(key)
            for i in 0..<p.count {
                XCTAssertLessThanOrEqual(abs(p.grad[i] - theirs[i]), theirs[i].ulp, "\(key)[\(i)]")
            }
        }
    }
}
