@testable import DLCore
import XCTest

/// Evaluation splits each 1000-sample batch into passes of at most 128 samples: the loss and
/// accuracy must be the bits of the whole batch in one pass (what `Evaluation.of` computed before),
/// on the MNIST-1D CNN, an MLP with dropout and batch norm, and a data set whose size leaves short
/// batches and passes.
final class EvaluationPassTests: XCTestCase {
    /// The definition: each batch in one forward pass, its mean rounded to Float, weighted by size.
    private func onePass(_ model: Sequential, _ data: Dataset, batchSize: Int = 1000) -> Evaluation {
        model.isTraining = false
        defer { model.isTraining = true }
        let loss = CrossEntropyLoss()
        var total = 0.0, correct = 0, start = 0
        while start < data.count {
            let n = min(batchSize, data.count - start)
            let x = Tensor(shape: data.sampleShape.batched(n))
            for i in 0..<(n * data.sampleSize) { x.pointer[i] = data.inputs[start * data.sampleSize + i] }
            let labels = Array(data.labels[start..<(start + n)])
            let logits = model.forward(x)
            labels.withUnsafeBufferPointer {
                total += Double(loss.forward(logits, labels: $0.baseAddress!)) * Double(n)
                correct += CrossEntropyLoss.correct(logits, labels: $0.baseAddress!)
            }
            start += n
        }
        return Evaluation(loss: total / Double(data.count), accuracy: Double(correct) / Double(data.count))
    }

    private func randomData(count: Int, shape: Shape, seed: UInt64) -> Dataset {
        var rng = RandomStream(seed: seed, stream: "evaluation passes")
        let x = (0..<(count * shape.count)).map { _ in 3 * rng.normal() }
        let y = (0..<count).map { _ in Int32(rng.nextInt(below: 10)) }
        return Dataset(inputs: x, labels: y, sampleShape: shape, classes: 10)
    }

    func testPassesGiveTheBitsOfOnePass() throws {
        let cnn = try ModelSpec.mnist1dCNN.build(sampleShape: [1, 40], classes: 10)
        let mlp = Sequential([Linear(inputs: 40, outputs: 64), BatchNorm1d(features: 64), ReLU(), Dropout(probability: 0.5),
                              Linear(inputs: 64, outputs: 10)])
        for (name, model) in [("cnn", cnn), ("mlp", mlp)] {
            XCTAssertTrue(EvaluationPass.splits(model), name)
            for count in [2345, 1000, 77] {
                let data = randomData(count: count, shape: [1, 40], seed: UInt64(count))
                let flat = name == "mlp" ? Dataset(inputs: data.inputs, labels: data.labels, sampleShape: [40], classes: 10) : data
                let split = Evaluation.of(model, on: flat)
                let whole = onePass(model, flat)
                XCTAssertEqual(split.loss.bitPattern, whole.loss.bitPattern, "\(name), \(count) samples")
                XCTAssertEqual(split.accuracy, whole.accuracy, "\(name), \(count) samples")
                XCTAssertTrue(split.loss.isFinite && split.loss > 0)
            }
        }
    }

    /// A layer type the engine does not know keeps each batch in one pass.
    func testUnknownLayerKeepsOnePass() {
        final class Custom: ElementwiseLayer, Layer {
            func forward(_ x: Tensor) -> Tensor { x }
            func backward(_ g: Tensor) -> Tensor { g }
            var description: String { "Custom()" }
        }
        XCTAssertFalse(EvaluationPass.splits(Sequential([Linear(inputs: 4, outputs: 2), Custom()])))
        XCTAssertTrue(EvaluationPass.splits(Sequential([Linear(inputs: 4, outputs: 2), ReLU()])))
    }
}
