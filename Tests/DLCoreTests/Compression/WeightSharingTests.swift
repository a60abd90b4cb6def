@testable import DLCore
import XCTest

/// k-means weight sharing: Han et al.'s linear initialization, Lloyd's steps by hand, the
/// stored size.
final class WeightSharingTests: XCTestCase {
    /// Values 0, 1, 2, 10, 11, 12 with k = 2: centroids start at 0 and 12; 0, 1, 2 go to the
    /// first (|2 − 0| < |2 − 12|), 10, 11, 12 to the second; means 1 and 11; nothing moves again.
    func testLinearInitializationAndLloydSteps() {
        let c = WeightSharing.cluster([0, 1, 2, 10, 11, 12], clusters: 2)
        XCTAssertEqual(c.centroids, [1, 11])
        XCTAssertEqual(c.assignments, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(c.iterations, 2)  // one pass that assigns, one that changes nothing
    }

    /// k = 4 over [0, 3] starts at 0, 1, 2, 3; a tie (0.5 between 0 and 1) goes to the lower
    /// index; a centroid with no values (3, after 2.9 leaves … none here) keeps its place.
    func testTiesGoToTheLowerCentroidAndEmptyCentroidsStay() {
        let c = WeightSharing.cluster([0, 0.5, 3], clusters: 4)
        // initial centroids 0, 1, 2, 3: 0 → 0, 0.5 → 0 (tie with 1), 3 → 3; centroid 0 becomes 0.25,
        // 1 and 2 are empty and stay at 1 and 2.
        XCTAssertEqual(c.centroids, [0.25, 1, 2, 3])
        XCTAssertEqual(c.assignments, [0, 0, 3])
    }

    /// Shared weights take at most 2^bits values, each a mean of the weights it stands for; the
    /// squared error never exceeds that of the initial (evenly spaced) centroids.
    func testSharingLeavesAtMostTwoToTheBitsValues() {
        var rng = RandomStream(seed: 2, stream: "w")
        let values = (0..<400).map { _ in rng.normal(std: 0.2) }
        for bits in 1...5 {
            let w = Tensor(shape: [20, 20], values: values)
            let c = WeightSharing.share(w, bits: bits)
            XCTAssertLessThanOrEqual(Set(w.values).count, 1 << bits)
            for (k, centroid) in c.centroids.enumerated() {
                let members = values.indices.filter { c.assignments[$0] == k }.map { Double(values[$0]) }
                if !members.isEmpty { XCTAssertEqual(Double(centroid), members.reduce(0, +) / Double(members.count), accuracy: 1e-6) }
            }
            let lo = values.min()!, hi = values.max()!, k = 1 << bits
            let grid = (0..<k).map { lo + (hi - lo) * Float($0) / Float(k - 1) }
            let initialError = values.reduce(0.0) { e, x in e + Double(grid.map { ($0 - x) * ($0 - x) }.min()!) }
            let finalError = zip(values, w.values).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            XCTAssertLessThanOrEqual(finalError, initialError + 1e-9, "\(bits) bits")
        }
        XCTAssertEqual(WeightSharing.bytes(count: 4000, bits: 4), 2000 + 64)
        XCTAssertEqual(WeightSharing.bytes(count: 3, bits: 3), 2 + 32)
    }
}
