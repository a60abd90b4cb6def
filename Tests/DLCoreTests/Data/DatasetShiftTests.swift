import DLCore
import XCTest

/// `Dataset.shifted`: pixels move by whole rows and columns, zeros (or `fill`) enter, labels stay.
final class DatasetShiftTests: XCTestCase {
    // One sample, two channels of 2×3: channel 0 is 1…6, channel 1 is 11…16.
    let data = Dataset(inputs: [1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16], labels: [1], sampleShape: Shape(2, 2, 3), classes: 2)

    func testShiftsEveryChannelAndFills() throws {
        XCTAssertEqual(try data.shifted(right: 1, down: 0).inputs, [0, 1, 2, 0, 4, 5, 0, 11, 12, 0, 14, 15])
        XCTAssertEqual(try data.shifted(right: -1, down: 1, fill: -1).inputs, [-1, -1, -1, 2, 3, -1, -1, -1, -1, 12, 13, -1])
        XCTAssertEqual(try data.shifted(right: 0, down: 0), data)
        XCTAssertEqual(try data.shifted(right: 3, down: 0).inputs, Array(repeating: 0, count: 12), "shifted out entirely")
        XCTAssertEqual(try data.shifted(right: 1, down: 0).labels, [1])
    }

    func testRefusesNonImages() {
        let flat = Dataset(inputs: [1, 2], labels: [0], sampleShape: Shape(2), classes: 1)
        XCTAssertThrowsError(try flat.shifted(right: 1, down: 0)) { e in XCTAssert("\(e)".contains("[C, H, W]"), "\(e)") }
    }
}
