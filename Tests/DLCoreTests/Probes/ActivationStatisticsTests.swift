import DLCore
import XCTest

final class ActivationStatisticsTests: XCTestCase {
    /// An identity Linear passes the inputs through: its output statistics are the inputs';
    /// the ReLU after it zeroes the negative half.
    func testKnownMeansAndStandardDeviations() {
        let lin = Linear(inputs: 2, outputs: 2)
        lin.weight.value.assign(Tensor(shape: [2, 2], values: [1, 0, 0, 1]))
        lin.bias!.value.fill(0)
        let model = Sequential([lin, ReLU()])
        let data = Dataset(inputs: [1, -1, 3, -3], labels: [0, 1], sampleShape: Shape(2), classes: 2)
        model.isTraining = true
        let s = ActivationStatistics.atInitialization(model: model, data: data)
        XCTAssertEqual(s.map(\.index), [0, 1])
        XCTAssertEqual(s[0].mean, 0)
        XCTAssertEqual(s[0].std, 5.0.squareRoot(), accuracy: 1e-12)  // values ±1, ±3
        XCTAssertEqual(s[1].mean, 1)                               // 1, 0, 3, 0
        XCTAssertEqual(s[1].std, 1.5.squareRoot(), accuracy: 1e-12)  // E[x²] = 2.5
        XCTAssertEqual(s[1].zeroFraction, 0.5)
        // Per unit across the two samples: unit 0 sees 1, 3 and unit 1 sees −1, −3 (variance 1
        // each) → 1, though the std over every value is √5; after the ReLU unit 1 is 0, 0 → √½.
        XCTAssertEqual(s[0].signalStd, 1, accuracy: 1e-12)
        XCTAssertEqual(s[1].signalStd, 0.5.squareRoot(), accuracy: 1e-12)
        XCTAssertTrue(s[1].layer.hasPrefix("ReLU"))
        XCTAssertTrue(model.isTraining)
    }
}
