@testable import DLCore
import Foundation
import XCTest

/// A two-member deep ensemble against PyTorch (`scripts/make_ensemble_fixture.py`): each
/// member's softmax, the averaged probabilities, their NLL (`F.nll_loss` of the log), accuracy,
/// ECE in 15 bins, and ridge-stacking weights from `torch.linalg.solve`.
///
/// Tolerances: the logits are float32 products in both engines (last-bit differences, ~1e-7);
/// everything after them is float64. The ridge weights are fitted here on PyTorch's own
/// probabilities, so they differ only by the two solvers' rounding.
final class EnsembleFixtureTests: XCTestCase {
    struct Fixture: Decodable {
        struct Member: Decodable { let weight: [Float]; let bias: [Float] }
        let inputs: [Float], labels: [Int32], features: Int, classes: Int
        let members: [Member]
        let probabilities: [[Double]], average: [Double]
        let nll: Double, accuracy: Double, ece: Double, bins: Int, lambda: Double, ridge: [Double]
    }

    func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ensembles/ensemble.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testEnsembleMatchesPyTorch() throws {
        let f = try fixture()
        let data = Dataset(inputs: f.inputs, labels: f.labels, sampleShape: Shape(f.features), classes: f.classes)
        let ours = f.members.map { m -> Probabilities in
            let model = Sequential([Linear(inputs: f.features, outputs: f.classes)])
            model.parameters[0].value.pointer.update(from: m.weight, count: m.weight.count)
            model.parameters[1].value.pointer.update(from: m.bias, count: m.bias.count)
            return Probabilities.of(model, on: data)
        }
        for (k, p) in ours.enumerated() {
            let worst = zip(p.values, f.probabilities[k]).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst, 1e-6, "member \(k): softmax")
        }
        let average = Probabilities.average(ours)
        XCTAssertLessThan(zip(average.values, f.average).map { abs($0 - $1) }.max()!, 1e-6)
        XCTAssertEqual(Calibration.negativeLogLikelihood(average, labels: f.labels), f.nll, accuracy: 1e-6)
        XCTAssertEqual(Calibration.accuracy(average, labels: f.labels), f.accuracy)
        XCTAssertEqual(Calibration.expectedCalibrationError(average, labels: f.labels, bins: f.bins), f.ece, accuracy: 1e-6)
    }

    func testRidgeStackingMatchesTorchLinalgSolve() throws {
        let f = try fixture()
        let theirs = f.probabilities.map { Probabilities(values: $0, classes: f.classes) }
        let fit = RidgeStacking.fit(theirs, labels: f.labels, lambda: f.lambda)
        XCTAssertEqual(fit.weights.count, f.ridge.count)
        let worst = zip(fit.weights, f.ridge).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 1e-9, "W = (XᵀX + λI)⁻¹XᵀY")
    }
}
