@testable import DLCore
import Foundation
import XCTest

/// SWA with Izmailov et al.'s cyclical rate: the rate of every step, the averages it takes, and
/// the spec's JSON and checks.
final class CyclicSWATests: XCTestCase {
    func spec(_ hook: TrainingHook) -> RunSpec {
        var s = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16]),
                        optimizer: .sgd(lr: 0.1, momentum: 0.9), batchSize: 50, budget: .epochs(5))
        s.schedule = .cosine(tMax: 5)
        s.record.everySteps = 1
        s.hooks = [hook]
        return s
    }

    /// α(i) = (1 − t)·α₁ + t·α₂ with t = (b + 1)/c inside each epoch from the start epoch; the
    /// schedule's rate before it.
    func testRatesFollowTheCyclicalFormulaFromTheStartEpoch() throws {
        let s = spec(.swaCyclic(startEpoch: 3, maxLR: 0.05, minLR: 0.01, recomputeBatchNorm: true))
        let t = try Trainer(spec: s)
        let record = t.run()
        let c = record.steps.count / 5
        XCTAssertGreaterThan(c, 1, "several batches per epoch")
        for (i, row) in record.steps.enumerated() {
            let epoch = i / c + 1, b = i % c
            let expected: Float = epoch >= 3
                ? Float((1 - Double(b + 1) / Double(c)) * Double(Float(0.05)) + Double(b + 1) / Double(c) * Double(Float(0.01)))
                : s.schedule.learningRate(base: 0.1, step: i, epoch: Double(epoch - 1) + Double(b) / Double(c))
            XCTAssertEqual(Float(row.learningRate), expected, "step \(i + 1) (epoch \(epoch), batch \(b))")
        }
        XCTAssertEqual(Float(record.steps[3 * c - 1].learningRate), 0.01, "an epoch's last batch is at the low rate")
        XCTAssertEqual(record.averagedWeights, AveragedWeights(method: "swaCyclic", updates: 3, batchNormRecomputed: false))
    }

    /// The averaged model is the equal average of the weights at the end of epochs 3, 4, 5.
    func testTheAverageIsOfTheEpochEndWeights() throws {
        var s = spec(.swaCyclic(startEpoch: 3, maxLR: 0.05, minLR: 0.01, recomputeBatchNorm: true))
        let averaged = try Trainer(spec: s)
        _ = averaged.run()
        s.hooks = [.swaCyclic(startEpoch: 3, maxLR: 0.05, minLR: 0.01, recomputeBatchNorm: true),
                   .snapshots(initial: false, steps: [], epochs: [3, 4, 5])]
        let plain = try Trainer(spec: s)
        _ = plain.run()
        for (name, avg) in averaged.model.stateDict() {
            let ends = [3, 4, 5].map { plain.snapshots["epoch-\($0)"]![name]! }
            for i in 0..<avg.count {
                // SWA's running average in float: a, a + (b − a)/2, then + (c − ·)/3.
                var m = ends[0][i]
                m = m + (ends[1][i] - m) / 2
                m = m + (ends[2][i] - m) / 3
                XCTAssertEqual(avg[i], m, "\(name)[\(i)]")
            }
        }
    }

    func testJSONSpellsEveryFieldAndRoundTrips() throws {
        let s = spec(.swaCyclic(startEpoch: 2, maxLR: 0.05, minLR: 0.005, recomputeBatchNorm: false))
        let canonical = String(decoding: s.canonicalJSON, as: UTF8.self)
        XCTAssert(canonical.contains(#"{"kind":"swaCyclic","maxLR":0.05,"minLR":0.005,"recomputeBatchNorm":false,"startEpoch":2}"#), canonical)
        let again = try RunSpec.decode(s.canonicalJSON, fileName: "spec.json")
        XCTAssertEqual(again, s)
        XCTAssertNotEqual(again.hash, spec(.swa(startEpoch: 2, lr: 0.05, recomputeBatchNorm: false)).hash)
    }

    func testBadSettingsNameTheFieldAndTheFix() {
        for (hook, field) in [(TrainingHook.swaCyclic(startEpoch: 0, maxLR: 0.05, minLR: 0.01, recomputeBatchNorm: true), "hooks[0].startEpoch"),
                              (.swaCyclic(startEpoch: 2, maxLR: 0.01, minLR: 0.05, recomputeBatchNorm: true), "hooks[0].minLR"),
                              (.swaCyclic(startEpoch: 9, maxLR: 0.05, minLR: 0.01, recomputeBatchNorm: true), "hooks[0].startEpoch")] {
            XCTAssertThrowsError(try spec(hook).validateHooks(lastEpoch: 5)) { error in
                XCTAssert("\(error)".contains(field), "\(error)")
            }
        }
        var both = spec(.swaCyclic(startEpoch: 2, maxLR: 0.05, minLR: 0.01, recomputeBatchNorm: true))
        both.hooks.append(.ema(decay: 0.9, averageBuffers: false))
        XCTAssertThrowsError(try both.validateHooks()) { XCTAssert("\($0)".contains("keep one"), "\($0)") }
    }
}
