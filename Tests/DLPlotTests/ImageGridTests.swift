import DLPlot
import XCTest

/// `Figure.imageGrid` and `Axes.image`: the pixels drawn are the images' values mapped to colour
/// (row 0 on top), one panel per image, gaps and the rest of the last row hidden.
final class ImageGridTests: XCTestCase {
    func images(_ figure: Figure) -> [RasterImage] {
        let recorder = RecordingRenderer(size: figure.size)
        figure.draw(on: recorder)
        return recorder.calls.compactMap { if case .image(let image, _) = $0.kind { return image } else { return nil } }
    }

    func testGreyAndRGBPixelsTopRowFirst() {
        let grey = GridImage("grey", grey: [[0, 1], [0.5, 0]], range: 0...1)
        let rgb = GridImage("rgb", channels: [[[1, 0]], [[0, 0]], [[0, 1]]], range: 0...1)
        let drawn = images(Figure.imageGrid([grey, rgb], columns: 2))
        XCTAssertEqual(drawn.count, 2)
        XCTAssertEqual(drawn[0].width, 2)
        XCTAssertEqual(drawn[0].pixels, [Color(red: 0, green: 0, blue: 0), Color(red: 1, green: 1, blue: 1),
                                         Color(red: 0.5, green: 0.5, blue: 0.5), Color(red: 0, green: 0, blue: 0)])
        XCTAssertEqual(drawn[1].pixels, [Color(red: 1, green: 0, blue: 0), Color(red: 0, green: 0, blue: 1)], "red then blue")
    }

    func testRangeClampsAndDefaultsToTheImagesOwnExtremes() {
        let auto = GridImage("auto", grey: [[-2, 2]])
        XCTAssertEqual(auto.range, -2...2)
        let clamped = images(Figure.imageGrid([GridImage("c", grey: [[-5, 5]], range: -1...1)], columns: 1))
        XCTAssertEqual(clamped.first?.pixels, [Color(red: 0, green: 0, blue: 0), Color(red: 1, green: 1, blue: 1)])
    }

    func testGridShapeAndHiddenPanels() {
        let one = GridImage("x", grey: [[0, 1]])
        let figure = Figure.imageGrid([one, GridImage("", grey: [[]]), one], columns: 2)
        XCTAssertEqual(figure.panels.count, 4, "three images in rows of two: a 2×2 grid")
        XCTAssertEqual(figure.panels.map(\.isHidden), [false, true, false, true], "the empty image and the unused panel are hidden")
        XCTAssertEqual(images(figure).count, 2)
    }
}
