import DLCore
@testable import DLStudy
import Foundation
import XCTest

/// The inference-time measurement: what it counts is exact (multiply-adds, nonzero weights),
/// what it times is one entry per repeat, and it reads back in candidate order.
final class InferenceTimingTests: XCTestCase {
    func testCountsAreExactAndEveryRepeatIsTimed() throws {
        let base = RunSpec(data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16, 16]), optimizer: .sgd(lr: 0.1),
                           batchSize: 50, budget: .epochs(1))
        var small = base
        small.model = .mlp(hidden: [4, 4])
        let job = InferenceTiming.job(name: "t", candidates: [.init("big", .fresh(base)), .init("small", .fresh(small))], repeats: 3)
        let context = DerivedContext(cache: RunCache(output: DemoFixtures.tempFolder()), splits: { try $0.load() })
        let ms = try XCTUnwrap(InferenceTiming.measurements(try job.compute(context)))
        XCTAssertEqual(ms.map(\.label), ["big", "small"])
        // Blobs: 2 features, 3 classes. A Linear layer does in × out multiply-adds per sample.
        XCTAssertEqual(ms[0].multiplyAddsPerSample, Double(2 * 16 + 16 * 16 + 16 * 3))
        XCTAssertEqual(ms[1].multiplyAddsPerSample, Double(2 * 4 + 4 * 4 + 4 * 3))
        XCTAssertEqual(ms[0].weights, ms[0].multiplyAddsPerSample)
        XCTAssertEqual(ms[0].nonzeroWeights, ms[0].weights, "freshly initialized weights are nonzero")
        for m in ms {
            XCTAssertEqual(m.seconds.count, 3)
            XCTAssert(m.seconds.allSatisfy { $0 > 0 })
            XCTAssertEqual(m.medianSeconds, m.seconds.sorted()[1])
        }
        // A change of the candidates or the repeats is another job.
        XCTAssertNotEqual(job.key, InferenceTiming.job(name: "t", candidates: [.init("big", .fresh(base))], repeats: 3).key)
        XCTAssertNotEqual(job.key, InferenceTiming.job(name: "t", candidates: [.init("big", .fresh(base)), .init("small", .fresh(small))], repeats: 4).key)
        XCTAssertNil(InferenceTiming.measurements(nil))
    }

    func testTheMedianOfAnEvenCountIsTheMiddlePairsMean() {
        XCTAssertEqual(InferenceTiming.Measurement.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(InferenceTiming.Measurement.median([5, 1, 3]), 3)
    }
}
