import DLCore
import XCTest

/// Santurkar et al.'s gradient predictiveness and loss variation along the gradient.
final class LandscapeSmoothnessTests: XCTestCase {
    /// Without BN or dropout, training and evaluation mode compute the same function, so the
    /// probe's numbers can be recomputed independently with `LossGradient` on the same batch.
    func testMatchesAnIndependentComputationOnAPlainMLP() {
        let data = ProbeFixtures.blobs(count: 60)
        let model = ProbeFixtures.mlp(hidden: [8])
        let before = ProbeFixtures.bits(model)
        let steps = [0.1, 0.5, 2.0]
        let probe = LandscapeSmoothnessProbe(stepSizes: steps, batchSize: 40, atInitialization: false)
        let r = probe.measure(model: model, data: DataSplits(train: data, test: data), seed: 0)
        XCTAssertEqual(ProbeFixtures.bits(model), before, "weights restored")

        let batch = Dataset(inputs: Array(data.inputs[0..<(40 * 5)]), labels: Array(data.labels[0..<40]), sampleShape: Shape(5), classes: 3)
        let lg = LossGradient(model: model, data: batch)
        let w = ParameterVector.values(model.parameters)
        let (l0, g) = lg.lossAndGradient(at: w)
        var losses = [l0], change = 0.0, beta = 0.0
        let gNorm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for eta in steps {
            let (l, gm) = lg.lossAndGradient(at: zip(w, g).map { $0 - eta * $1 })
            losses.append(l)
            let d = zip(g, gm).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            change = max(change, d)
            beta = max(beta, d / (eta * gNorm))
        }
        XCTAssertEqual(r["landscape.grad_norm"]![0], gNorm, accuracy: 1e-6 * gNorm)
        XCTAssertEqual(r["landscape.grad_change"]![0], change, accuracy: 1e-5 * max(change, 1e-3))
        XCTAssertEqual(r["landscape.loss_range"]![0], losses.max()! - losses.min()!, accuracy: 1e-5)
        XCTAssertEqual(r["landscape.beta"]![0], beta, accuracy: 1e-5 * max(beta, 1e-3))
        XCTAssertGreaterThan(r["landscape.loss_range"]![0], 0, "a step of 2 along the gradient changes the loss")
    }

    /// With BN the probe runs in training mode (batch statistics) but leaves the running
    /// statistics, the weights and the mode as they were.
    func testRestoresRunningStatisticsAndMode() {
        let data = ProbeFixtures.blobs(count: 60)
        let model = Sequential([Linear(inputs: 5, outputs: 8), BatchNorm1d(features: 8), ReLU(), Linear(inputs: 8, outputs: 3)])
        var rng = RandomStream(seed: 3, stream: "init")
        model.initialize(.pytorchDefault, using: &rng)
        model.isTraining = false
        let buffers = model.buffers.map { $0.value.values }
        let weights = ProbeFixtures.bits(model)
        let spec = ProbeSpec.landscapeSmoothness(stepSizes: [0.1], batchSize: 30, atInitialization: true)
        let r = spec.measure(model: model, data: DataSplits(train: data, test: data), seed: 0)
        XCTAssertEqual(spec.name, "landscape_init")
        XCTAssertEqual(spec.timing, .initialization)
        XCTAssertEqual(Set(r.keys), ["landscape_init.grad_change", "landscape_init.loss_range", "landscape_init.beta", "landscape_init.grad_norm"])
        XCTAssertEqual(model.buffers.map { $0.value.values }, buffers)
        XCTAssertEqual(ProbeFixtures.bits(model), weights)
        XCTAssertFalse(model.isTraining)
    }
}
