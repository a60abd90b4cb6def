import DLCore
import XCTest

/// The matrix-product work behind a run (the floor of `dlstudy run --timings`): a step's
/// multiply-accumulates as the engine does them, and the samples its steps and evaluation
/// passes went through.
final class ProductWorkTests: XCTestCase {
    func testAStepCountsTheForwardPassTheWeightGradientsAndTheInputGradientsAfterTheFirstLayer() {
        let mlp = Sequential {
            Linear(inputs: 40, outputs: 100); ReLU()
            Linear(inputs: 100, outputs: 100); ReLU()
            Linear(inputs: 100, outputs: 10)
        }
        XCTAssertEqual(mlp.forwardMACs(for: [40]), 15_000)
        // Forward 15,000 + weight gradients 15,000 + input gradients of the second and third layers.
        XCTAssertEqual(mlp.stepMACs(for: [40]), 15_000 + 15_000 + 10_000 + 1_000)
        mlp.computesInputGradient = true
        XCTAssertEqual(mlp.stepMACs(for: [40]), 15_000 + 15_000 + 15_000)

        let cnn = Sequential {
            Conv1d(inChannels: 1, outChannels: 25, kernelSize: 5, stride: 2, padding: 1); ReLU()
            Conv1d(inChannels: 25, outChannels: 25, kernelSize: 3, stride: 2, padding: 1); ReLU()
            Conv1d(inChannels: 25, outChannels: 25, kernelSize: 3, stride: 2, padding: 1); ReLU()
            Flatten()
            Linear(inputs: 125, outputs: 10)
        }
        // 2,375 + 18,750 + 9,375 + 1,250 forward; every layer's weight gradient; all but conv1's input gradient.
        XCTAssertEqual(cnn.stepMACs(for: [1, 40]), 2 * 31_750 + 31_750 - 2_375)
    }

    func spec(evaluateEvery: Int) -> RunSpec {
        var s = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig())), validationSamples: 200), model: .mlp(hidden: [16]),
                        optimizer: .sgd(lr: 0.05), batchSize: 50, budget: .epochs(6))
        s.record.evaluateEvery = evaluateEvery
        return s
    }

    /// Every sample trained costs a step's MACs; every row that evaluated a split costs a forward
    /// pass over it. Rows 0 (before training), 3 and 6 are evaluated every 3 epochs; with no
    /// loss target, early stopping or plateau schedule, the rows between evaluate nothing.
    func testARunsWorkIsItsTrainedSamplesAndTheSplitsItsRowsEvaluated() throws {
        for (every, rows) in [(1, 7), (3, 3)] {
            let t = try Trainer(spec: spec(evaluateEvery: every))
            let record = t.run()
            let work = ProductWork(record: record, model: t.model, data: t.data)
            let shape = t.data.train.sampleShape
            XCTAssertEqual(t.data.train.count, 800)
            XCTAssertEqual(record.epochs.filter { $0.testLoss != nil }.count, rows)
            XCTAssertEqual(work.stepFLOPs, 2 * Double(t.model.stepMACs(for: shape)) * 6 * 800)
            let perRow = Double(800 + 200 + t.data.test.count)
            XCTAssertEqual(work.evaluationFLOPs, 2 * Double(t.model.forwardMACs(for: shape)) * Double(rows) * perRow)
            XCTAssertEqual(work.total, work.stepFLOPs + work.evaluationFLOPs)
        }
    }
}
