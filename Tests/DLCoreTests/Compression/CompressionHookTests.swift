@testable import DLCore
import Foundation
import XCTest

/// The `compress` hook: a 0-epoch run evaluates the compressed starting weights; sizes; JSON.
final class CompressionHookTests: XCTestCase {
    func spec(_ hooks: [TrainingHook]) -> RunSpec {
        var s = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16]),
                        optimizer: .sgd(lr: 0.05), batchSize: 50, budget: .epochs(0))
        s.hooks = hooks
        return s
    }

    /// Each method: the run's model holds exactly the weights the method makes of the starting
    /// ones, its one row is their evaluation, and the size is the method's bytes plus float32 biases.
    func testAZeroEpochRunEvaluatesTheCompressedWeights() throws {
        let methods: [WeightCompression] = [.float32, .sparse, .quantize(QuantizationScheme(bits: 4, symmetric: false, perChannel: true)),
                                            .lowRank(energy: 0.7), .shareWeights(bits: 2)]
        for method in methods {
            let plain = try Trainer(spec: spec([]))
            let expected = plain.model.stateDictCopy()
            var bytes = 0
            for (name, p) in plain.model.namedParameters {
                if p.role == .weight { bytes += method.apply(to: expected[name]!) } else { bytes += 4 * p.count }
            }
            let t = try Trainer(spec: spec([.compress(method)]))
            let r = t.run()
            XCTAssertEqual(r.epochs.count, 1, "\(method)")
            XCTAssertEqual(r.totalSteps, 0)
            for (name, w) in t.model.stateDict() { XCTAssertEqual(w.values, expected[name]!.values, "\(method): \(name)") }
            XCTAssertEqual(r.probes[ModelSize.probeKey], [Double(bytes)], "\(method)")
            let e = Evaluation.of(t.model, on: t.data.test)
            XCTAssertEqual(r.final?.testAccuracy, e.accuracy)
        }
        XCTAssertEqual(ModelSize.float32(try Trainer(spec: spec([])).model), 4 * (2 * 16 + 16 + 16 * 3 + 3))
    }

    /// A sparse weight: 1 bit per entry and 4 bytes per nonzero.
    func testSparseBytes() {
        XCTAssertEqual(ModelSize.sparseBytes(Tensor([0, 1, 0, 0, 2, 0, 0, 0, 0, 3])), 2 + 12)
    }

    /// The JSON form round-trips and hashes the same; bad values name the field and the fix.
    func testCodingAndValidation() throws {
        let hooks: [TrainingHook] = [.compress(.quantize(QuantizationScheme(bits: 8, symmetric: true, perChannel: false))),
                                     .compress(.lowRank(energy: 0.9)), .compress(.shareWeights(bits: 3)), .compress(.sparse),
                                     .lowBitWeights(.binary)]
        for h in hooks {
            let data = try JSONEncoder().encode(h)
            XCTAssertEqual(try JSONDecoder().decode(TrainingHook.self, from: data), h)
        }
        let json = #"{"kind": "compress", "compression": {"method": "quantize", "bits": 4, "symmetric": false, "perChannel": true}}"#
        XCTAssertEqual(try JSONDecoder().decode(TrainingHook.self, from: Data(json.utf8)),
                       .compress(.quantize(QuantizationScheme(bits: 4, symmetric: false, perChannel: true))))
        for (hook, field, fix) in [(TrainingHook.compress(.lowRank(energy: 1.5)), "hooks[0].energy", "(0, 1]"),
                                   (.compress(.shareWeights(bits: 0)), "hooks[0].bits", "1 … 12"),
                                   (.compress(.quantize(QuantizationScheme(bits: 1, symmetric: true, perChannel: false))), "hooks[0].bits", "2 … 16")] {
            XCTAssertThrowsError(try spec([hook]).validateHooks()) { error in
                let e = error as? SpecError
                XCTAssertEqual(e?.field, field)
                XCTAssert(e?.fix.contains(fix) == true, "\(String(describing: e?.fix))")
            }
        }
        XCTAssertThrowsError(try Trainer(spec: { var s = spec([]); s.budget = .epochs(-1); return s }()))
    }
}
