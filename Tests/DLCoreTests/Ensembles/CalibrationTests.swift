@testable import DLCore
import Foundation
import XCTest

/// Accuracy, NLL and the expected calibration error (Guo et al. 2017) on hand-made predictions
/// whose values are worked out in the comments.
final class CalibrationTests: XCTestCase {
    /// Four samples, three classes, 15 bins of width 1/15:
    ///   conf 0.90 correct → bin ⌈13.5⌉ − 1 = 13;  conf 0.90 wrong → bin 13;
    ///   conf 0.62 correct → bin ⌈9.3⌉ − 1 = 9;    conf 0.42 wrong → bin ⌈6.3⌉ − 1 = 6.
    /// ECE = 2/4·|0.5 − 0.9| + 1/4·|1 − 0.62| + 1/4·|0 − 0.42| = 0.2 + 0.095 + 0.105 = 0.4.
    let p = Probabilities(values: [0.9, 0.05, 0.05,
                                   0.05, 0.9, 0.05,
                                   0.62, 0.3, 0.08,
                                   0.42, 0.33, 0.25], classes: 3)
    let labels: [Int32] = [0, 0, 0, 1]

    func testExpectedCalibrationErrorOfAHandMadeExample() {
        XCTAssertEqual(Calibration.expectedCalibrationError(p, labels: labels), 0.4, accuracy: 1e-12)
        let bins = Calibration.bins(p, labels: labels)
        XCTAssertEqual(bins.count, 15)
        XCTAssertEqual(bins.map(\.count), [0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 2, 0])
        XCTAssertEqual(bins[13].accuracy, 0.5)
        XCTAssertEqual(bins[13].confidence, 0.9, accuracy: 1e-12)
        XCTAssertEqual(bins[6].accuracy, 0)
        XCTAssert(bins[0].accuracy.isNaN && bins[0].confidence.isNaN, "an empty bin has no mean")
        XCTAssertEqual(bins[6].lower, 6.0 / 15, accuracy: 1e-15)
    }

    /// A confidence on a bin edge goes to the lower bin ((i−1)/M < conf ≤ i/M); a tie predicts
    /// the first class.
    func testEdgesGoToTheLowerBinAndTiesToTheFirstClass() {
        let tie = Probabilities(values: [0.5, 0.5, 1, 0], classes: 2)
        let bins = Calibration.bins(tie, labels: [1, 0], bins: 4)
        XCTAssertEqual(bins.map(\.count), [0, 1, 0, 1], "0.5 is in (0.25, 0.5], 1.0 in (0.75, 1]")
        XCTAssertEqual(bins[1].accuracy, 0, "the tie predicts class 0, the label is 1")
        XCTAssertEqual(Calibration.expectedCalibrationError(tie, labels: [1, 0], bins: 4), 0.5 * 0.5 + 0.5 * 0, accuracy: 1e-15)
    }

    func testAccuracyAndNegativeLogLikelihood() {
        XCTAssertEqual(Calibration.accuracy(p, labels: labels), 0.5)
        let expected = -(log(0.9) + log(0.05) + log(0.62) + log(0.33)) / 4
        XCTAssertEqual(Calibration.negativeLogLikelihood(p, labels: labels), expected, accuracy: 1e-12)
        let zero = Probabilities(values: [1, 0], classes: 2)
        XCTAssertEqual(Calibration.negativeLogLikelihood(zero, labels: [1]), .infinity)
        XCTAssertEqual(Calibration.negativeLogLikelihood(zero, labels: [1], floor: 1e-4), -log(1e-4), accuracy: 1e-12)
    }

    /// A perfectly calibrated predictor has ECE 0: in each bin the accuracy equals the confidence.
    func testACalibratedPredictorHasZeroError() {
        // Ten samples at confidence 0.7, seven of them right.
        var values: [Double] = [], labels: [Int32] = []
        for i in 0..<10 { values += [0.7, 0.3]; labels.append(i < 7 ? 0 : 1) }
        XCTAssertEqual(Calibration.expectedCalibrationError(Probabilities(values: values, classes: 2), labels: labels), 0, accuracy: 1e-12)
    }

    /// Softmax of a model's logits, row by row, against the formula; rows sum to 1; the model's
    /// training flag is restored.
    func testProbabilitiesAreTheSoftmaxOfTheLogits() {
        let layer = Linear(inputs: 3, outputs: 4)
        let model = Sequential([layer])
        let w: [Float] = [0.5, -1, 2, 0.1, 0.3, -0.2, 1.5, 0, -0.7, 0.2, 0.9, -1.1]
        for i in 0..<12 { model.parameters[0].value[i] = w[i] }
        for i in 0..<4 { model.parameters[1].value[i] = Float(i) * 0.1 }
        let inputs: [Float] = [1, 2, 3, -1, 0.5, 0, 10, -10, 4]
        let data = Dataset(inputs: inputs, labels: [0, 1, 2], sampleShape: Shape(3), classes: 4)
        model.isTraining = true
        let p = Probabilities.of(model, on: data, batchSize: 2)
        XCTAssertTrue(model.isTraining)
        XCTAssertEqual(p.count, 3)
        for s in 0..<3 {
            let z = (0..<4).map { k in (0..<3).reduce(Double(Float(k) * 0.1)) { $0 + Double(w[k * 3 + $1]) * Double(inputs[s * 3 + $1]) } }
            let m = z.max()!, e = z.map { exp($0 - m) }, sum = e.reduce(0, +)
            for k in 0..<4 { XCTAssertEqual(p[s, k], e[k] / sum, accuracy: 1e-6, "sample \(s), class \(k)") }
            XCTAssertEqual((0..<4).reduce(0) { $0 + p[s, $1] }, 1, accuracy: 1e-12)
        }
    }

    func testAverageIsTheMeanOfTheMembersProbabilities() {
        let a = Probabilities(values: [0.8, 0.2, 0.4, 0.6], classes: 2), b = Probabilities(values: [0.2, 0.8, 0.6, 0.4], classes: 2)
        XCTAssertEqual(Probabilities.average([a, b]).values, [0.5, 0.5, 0.5, 0.5])
        XCTAssertEqual(Probabilities.average([a]).values, a.values)
        XCTAssertEqual(Probabilities.average([a, b, b]).values[0], (0.8 + 0.2 + 0.2) / 3, accuracy: 1e-15)
    }
}
