@testable import DLCore
import XCTest

/// Binary and ternary weights: the values the forward pass sees, and the straight-through
/// gradient (the float weights get the gradient taken at the quantized ones, unchanged).
final class LowBitWeightsTests: XCTestCase {
    /// Binary: α = mean|w| = 2/5 = 0.4 and sign(0) = +1. Ternary: Δ = 0.7 · 0.4 = 0.28;
    /// |w| > Δ for 0.9, −0.6 and 0.3 (α = 1.8/3 = 0.6), the rest are 0.
    func testFormulas() {
        let w = Tensor([0.9, -0.6, 0.3, 0, -0.2])
        let q = Tensor(shape: w.shape)
        XCTAssertEqual(LowBitWeights.binary.quantize(w, into: q), 0.4)
        XCTAssertEqual(q.values, [0.4, -0.4, 0.4, 0.4, -0.4])
        XCTAssertEqual(LowBitWeights.ternary.quantize(w, into: q), 0.6)
        XCTAssertEqual(q.values, [0.6, -0.6, 0.6, 0, 0])
        XCTAssertEqual(LowBitWeights.binary.bytes(count: 4000), 500 + 4)
        XCTAssertEqual(LowBitWeights.ternary.bytes(count: 4001), 1001 + 4)
    }

    func model(seed: UInt64) -> Sequential {
        let m = ModelZoo.mlp(inputs: 6, hidden: [8], outputs: 3)
        var rng = RandomStream(seed: seed, stream: "init")
        m.initialize(.pytorchDefault, using: &rng)
        return m
    }

    /// The straight-through estimator over one step: the forward sees only {−α, α} (or {−α, 0, α})
    /// per layer; the gradients equal those of a float model whose weights are the quantized
    /// ones; the optimizer then steps on the float weights, which come back untouched.
    func testForwardUsesQuantizedWeightsAndGradientPassesStraightThrough() {
        for kind in LowBitWeights.allCases {
            let trained = model(seed: 1), reference = model(seed: 1)
            let floats = trained.parameters.map { $0.value.copy() }
            let ste = LowBitTraining(kind, model: trained)
            ste.quantize()
            for p in trained.parameters where p.role == .weight {
                let levels = Set(p.value.values.map(abs))
                XCTAssertEqual(levels.subtracting([0]).count, 1, "\(kind): one magnitude α per layer")
                XCTAssertEqual(levels.contains(0), kind == .ternary && levels.contains(0))
                if kind == .binary { XCTAssertFalse(levels.contains(0)) }
            }
            // The reference computes in float at the quantized point.
            for (r, t) in zip(reference.parameters, trained.parameters) { r.value.assign(t.value) }
            var rng = RandomStream(seed: 3, stream: "x")
            let x = Tensor(shape: [5, 6], values: (0..<30).map { _ in rng.normal() })
            let labels: [Int32] = [0, 1, 2, 1, 0]
            let a = ClassifierStep(model: trained, optimizer: SGD(parameters: trained.parameters, learningRate: 0.1))
            let b = ClassifierStep(model: reference, optimizer: SGD(parameters: reference.parameters, learningRate: 0.1))
            let la = labels.withUnsafeBufferPointer { a.gradients(inputs: x, labels: $0.baseAddress!).loss }
            let lb = labels.withUnsafeBufferPointer { b.gradients(inputs: x, labels: $0.baseAddress!).loss }
            XCTAssertEqual(la, lb, "\(kind): same loss as the float model at q(w)")
            ste.restoreFloatWeights()
            for (i, (p, r)) in zip(trained.parameters, reference.parameters).enumerated() {
                XCTAssertEqual(p.grad.values, r.grad.values, "\(kind): gradient of \(p.name)")
                XCTAssertEqual(p.value.values, floats[i].values, "\(kind): the optimizer sees the float weights")
            }
            a.optimizer.step()
            for (i, p) in trained.parameters.enumerated() {
                let expected = zip(floats[i].values, reference.parameters[i].grad.values).map { $0 - 0.1 * $1 }
                XCTAssertEqual(p.value.values, expected, "\(kind): w − lr · ∂L/∂q for \(p.name)")
            }
        }
    }

    /// In a run: the final weights are quantized, and the record holds the size.
    func testARunEndsWithQuantizedWeightsAndItsSize() throws {
        var spec = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16]),
                           optimizer: .adam(lr: 0.01), batchSize: 50, budget: .epochs(2))
        spec.hooks = [.lowBitWeights(.ternary)]
        let t = try Trainer(spec: spec)
        let r = t.run()
        for p in t.model.parameters where p.role == .weight { XCTAssertLessThanOrEqual(Set(p.value.values).count, 3) }
        let expected = t.model.parameters.reduce(0) { $0 + ($1.role == .weight ? ($1.count * 2 + 7) / 8 + 4 : 4 * $1.count) }
        XCTAssertEqual(r.probes[ModelSize.probeKey], [Double(expected)])
        XCTAssertNotNil(r.final?.testAccuracy)
    }
}
