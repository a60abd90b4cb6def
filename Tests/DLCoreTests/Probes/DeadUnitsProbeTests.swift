import DLCore
import Foundation
import XCTest

/// Dead ReLU units counted exactly, on hand-set weights, over the whole training set.
final class DeadUnitsProbeTests: XCTestCase {
    /// 4501 samples: every one (1, 1) except the last, (−5, 0).
    func data() -> DataSplits {
        let n = 4501
        var x: [Float] = []
        for i in 0..<n { x += i == n - 1 ? [-5, 0] : [1, 1] }
        let train = Dataset(inputs: x, labels: (0..<n).map { Int32($0 % 2) }, sampleShape: Shape(2), classes: 2)
        return DataSplits(train: train, test: train)
    }

    /// 2 → 4 → ReLU → 3 → ReLU → 2 with weights chosen so that, over the data:
    /// layer 1: h₀ = relu(−x₀) is nonzero only on the last sample (alive), h₁ = relu(x₀ + x₁) alive,
    /// h₂ = relu(−x₁ − 1) ≤ relu(−1) dead, h₃ = relu(0) dead (exactly zero counts as dead);
    /// layer 2: v₀ = relu(−h₁ − 1) dead, v₁ = relu(h₁) alive, v₂ = relu(h₀ − 1) alive only on the last sample (h₀ = 5).
    func model() -> Sequential {
        let first = Linear(inputs: 2, outputs: 4), second = Linear(inputs: 4, outputs: 3), head = Linear(inputs: 3, outputs: 2)
        first.weight.value.assign(Tensor(shape: [4, 2], values: [-1, 0, 1, 1, 0, -1, 0, 0]))
        first.bias!.value.assign(Tensor(shape: [4], values: [0, 0, -1, 0]))
        second.weight.value.assign(Tensor(shape: [3, 4], values: [0, -1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]))
        second.bias!.value.assign(Tensor(shape: [3], values: [-1, 0, -1]))
        return Sequential([first, ReLU(), second, ReLU(), head])
    }

    func testCountsUnitsThatAreZeroOnEveryTrainingSample() {
        let m = ProbeSpec.deadUnits.measure(model: model(), data: data(), seed: 0)
        XCTAssertEqual(m["dead_units.count"], [3], "2 in the first ReLU layer, 1 in the second")
        XCTAssertEqual(m["dead_units.units"], [7])
        XCTAssertEqual(m["dead_units.per_layer"], [2, 1])
    }

    /// The units alive on sample 4501 only are alive: the probe reads the whole training set,
    /// not a first batch (the first 4000 samples alone would call them dead).
    func testReadsTheWholeTrainingSetNotAFirstBatch() {
        let firstBatch = ActivationStatistics.deadUnitCounts(model: model(), data: data().train, batchSize: 4000)
        XCTAssertEqual(firstBatch.map(\.dead), [3, 2])
        XCTAssertEqual(firstBatch.map(\.index), [1, 3])
    }

    func testRoundTripsAsJSONAndLeavesTheWeightsAlone() throws {
        XCTAssertEqual(try JSONDecoder().decode(ProbeSpec.self, from: Data(#""deadUnits""#.utf8)), .deadUnits)
        let net = model(), before = net.parameters.map { $0.value.values }
        _ = ProbeSpec.deadUnits.measure(model: net, data: data(), seed: 0)
        XCTAssertEqual(net.parameters.map { $0.value.values }, before)
        XCTAssertEqual(ProbeSpec.deadUnits.name, "dead_units")
        XCTAssertEqual(ProbeSpec.deadUnits.timing, .final)
    }
}
