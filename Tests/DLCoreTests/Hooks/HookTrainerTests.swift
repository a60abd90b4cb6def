import DLCore
import Foundation
import XCTest

/// What hooks do inside the trainer beyond PyTorch's numbers: snapshots, the record, runs
/// without hooks left as they were, hooks that change nothing changing no bit, masks checked.
final class HookTrainerTests: XCTestCase {
    func spec(_ edit: (inout RunSpec) -> Void = { _ in }) -> RunSpec {
        var s = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16], batchNorm: true),
                        optimizer: .sgd(lr: 0.05, momentum: 0.9), batchSize: 50, budget: .epochs(4))
        s.record.everySteps = 5
        edit(&s)
        return s
    }

    func run(_ s: RunSpec, mask: ParameterMask? = nil) throws -> (RunRecord, Trainer) {
        let t = try Trainer(spec: s)
        try t.setMask(mask)
        return (t.run(), t)
    }

    func assertSameState(_ a: [String: Tensor], _ b: [String: Tensor], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.keys), Set(b.keys), label, file: file, line: line)
        for (name, x) in a {
            XCTAssertEqual(x.values, b[name]?.values, "\(label): \(name)", file: file, line: line)
        }
    }

    /// A run without hooks has none of the hook fields, in the record or its JSON.
    func testARecordWithoutHooksHasNoHookFields() throws {
        let (r, t) = try run(spec())
        XCTAssertNil(r.maskFractionRemaining)
        XCTAssertNil(r.clippedSteps)
        XCTAssertNil(r.averagedWeights)
        XCTAssertNil(r.snapshots)
        XCTAssert(r.steps.allSatisfy { $0.gradientNorm == nil })
        XCTAssert(t.snapshots.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        for key in ["maskFractionRemaining", "clippedSteps", "averagedWeights", "snapshots", "gradientNorm"] {
            XCTAssertFalse(json.contains(key), key)
        }
    }

    /// Hooks that change nothing change no bit: clipping at a norm never reached, snapshots, an
    /// all-ones mask. Only their own record fields differ.
    func testHooksThatChangeNothingLeaveTheRunBitIdentical() throws {
        let (plain, plainTrainer) = try run(spec())
        let ones = ParameterMask.ones(Pruning.prunableNames(of: plainTrainer.model), in: plainTrainer.model.stateDict())
        var (hooked, t) = try run(spec { $0.hooks = [.clipGradNorm(maxNorm: 1e30), .snapshots(initial: true, steps: [3], epochs: [2])] }, mask: ones)
        XCTAssertEqual(hooked.clippedSteps, 0)
        XCTAssert(hooked.steps.allSatisfy { $0.gradientNorm != nil })
        XCTAssertEqual(hooked.maskFractionRemaining, 1)
        hooked.clippedSteps = nil; hooked.snapshots = nil; hooked.maskFractionRemaining = nil
        hooked.steps = hooked.steps.map { var s = $0; s.gradientNorm = nil; return s }
        XCTAssertEqual(hooked.fingerprint, plain.fingerprint)
        assertSameState(t.model.stateDict(), plainTrainer.model.stateDict(), "final weights")
    }

    /// `init` is the weights before the first step, `step-k` those a k-step run ends with,
    /// `epoch-k` those a k-epoch run ends with; snapshots are copies, not views.
    func testSnapshotsAreTheWeightsOfShorterRuns() throws {
        // 1000 samples in batches of 50: 20 steps an epoch, 80 in all, so step 200 never comes.
        let (r, t) = try run(spec { $0.hooks = [.snapshots(initial: true, steps: [7, 30, 200], epochs: [1, 3])] })
        XCTAssertEqual(r.snapshots, ["init", "step-7", "epoch-1", "step-30", "epoch-3"])
        XCTAssertEqual(Set(t.snapshots.keys), Set(r.snapshots ?? []))
        let initial = try Trainer(spec: spec())
        assertSameState(try XCTUnwrap(t.snapshots["init"]), initial.model.stateDict(), "init")
        for (name, budget) in [("step-7", Budget(steps: 7)), ("epoch-1", Budget(epochs: 1)), ("step-30", Budget(steps: 30)), ("epoch-3", Budget(epochs: 3))] {
            let (_, short) = try run(spec { $0.budget = budget })
            assertSameState(try XCTUnwrap(t.snapshots[name], name), short.model.stateDict(), name)
        }
        XCTAssertEqual(t.snapshots["init"]?["0.weight"]?.shape, [16, 2])
        XCTAssertNotEqual(t.snapshots["epoch-3"]?["0.weight"]?.values, t.model.stateDict()["0.weight"]?.values, "a copy, not the live tensor")
    }

    /// A mask keeps pruned weights at zero from row 0 on, whatever the optimizer's weight decay,
    /// and snapshots see the masked weights.
    func testMaskedWeightsStayZero() throws {
        let model = try Trainer(spec: spec()).model
        let mask = try Pruning.magnitude(model.stateDict(), amount: 0.5)
        let (r, t) = try run(spec {
            $0.optimizer = .sgd(lr: 0.05, momentum: 0.9, weightDecay: 1e-2)
            $0.hooks = [.snapshots(initial: true, steps: [], epochs: [2])]
        }, mask: mask)
        XCTAssertEqual(r.maskFractionRemaining ?? 0, 0.5, accuracy: 0.01)
        for state in [t.model.stateDict(), try XCTUnwrap(t.snapshots["init"]), try XCTUnwrap(t.snapshots["epoch-2"])] {
            for (name, m) in mask.tensors {
                let w = state[name]!
                XCTAssertEqual((0..<m.count).filter { m[$0] == 0 && w[$0] != 0 }.count, 0, name)
                XCTAssertGreaterThan((0..<m.count).filter { m[$0] == 1 && w[$0] != 0 }.count, 0, name)
            }
        }
    }

    func testAMaskThatDoesNotFitIsAClearError() throws {
        let t = try Trainer(spec: spec())
        let wrongShape = try ParameterMask(["0.weight": Tensor(shape: [2, 16], repeating: 1)])
        XCTAssertThrowsError(try t.setMask(wrongShape)) { error in
            XCTAssert("\(error)".contains("the mask of 0.weight has shape [2, 16], the parameter [16, 2]"), "\(error)")
        }
        let buffer = try ParameterMask(["1.running_mean": Tensor(shape: [16], repeating: 1)])
        XCTAssertThrowsError(try t.setMask(buffer)) { XCTAssert("\($0)".contains("1.running_mean is not a parameter"), "\($0)") }
        let typo = try ParameterMask(["0.weigth": Tensor(shape: [16, 2], repeating: 1)])
        XCTAssertThrowsError(try t.setMask(typo)) { XCTAssert("\($0)".contains("did you mean 0.weight?"), "\($0)") }
        XCTAssertNil(t.mask, "a refused mask is not set")
    }

    /// SWA in a run that diverges keeps the run's own weights, and says so.
    func testADivergedRunKeepsItsWeights() throws {
        let (r, _) = try run(spec {
            $0.optimizer = .sgd(lr: 1e6)
            $0.hooks = [.swa(startEpoch: 1, lr: nil, recomputeBatchNorm: true)]
        })
        XCTAssertEqual(r.status, .diverged)
        XCTAssertEqual(r.averagedWeights?.batchNormRecomputed, false)
    }

    /// EMA with decay 0 is the last iterate, and SWA from the last epoch is that epoch's weights
    /// (plus, for SWA, batch-norm statistics measured afresh).
    func testDegenerateAveragesAreTheLastWeights() throws {
        let (plain, plainTrainer) = try run(spec())
        let (ema, emaTrainer) = try run(spec { $0.hooks = [.ema(decay: 0, averageBuffers: true)] })
        XCTAssertEqual(ema.averagedWeights?.updates, 80)
        XCTAssertEqual(ema.final?.testLoss, plain.final?.testLoss)
        assertSameState(emaTrainer.model.stateDict(), plainTrainer.model.stateDict(), "EMA(0)")
        let (swa, swaTrainer) = try run(spec { $0.hooks = [.swa(startEpoch: 4, lr: nil, recomputeBatchNorm: false)] })
        XCTAssertEqual(swa.averagedWeights?.updates, 1)
        assertSameState(swaTrainer.model.stateDict(), plainTrainer.model.stateDict(), "SWA of one epoch, no update_bn")
        XCTAssertEqual(swa.final?.testLoss, plain.final?.testLoss)
        XCTAssertEqual(swa.epochs.last?.testLoss, plain.epochs.last?.testLoss)
    }

    /// SWA's rate replaces the schedule's from its start epoch on, row 0 included when it starts
    /// at epoch 1.
    func testSWARateHoldsFromItsEpoch() throws {
        let (r, _) = try run(spec {
            $0.schedule = .cosine(tMax: 4, etaMin: 0)
            $0.hooks = [.swa(startEpoch: 3, lr: 0.01, recomputeBatchNorm: true)]
        })
        let rates = r.epochs.map { Float($0.learningRate) }
        XCTAssertEqual(rates[3], 0.01)
        XCTAssertEqual(rates[4], 0.01)
        XCTAssertNotEqual(rates[2], 0.01)
        XCTAssert(r.steps.filter { $0.step > 40 }.allSatisfy { Float($0.learningRate) == 0.01 })
        let (first, _) = try run(spec { $0.hooks = [.swa(startEpoch: 1, lr: 0.02, recomputeBatchNorm: true)] })
        XCTAssertEqual(Float(first.epochs[0].learningRate), 0.02)
    }
}
