import Foundation
import XCTest

@testable import DLPlot

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Pixel tests where pixels are the point: what lands in PNG, PDF and SVG files.
final class OutputTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dlplot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    static let red = Color(hex: "#FF0000")
    static let blue = Color(hex: "#0000FF")

    /// A 0…1 × 0…1 panel with a thick red line at y = 0.5 and a half-transparent blue band
    /// between 0.6 and 0.9, no grid.
    func knownFigure() -> Figure {
        let figure = Figure(width: 200, height: 150)
        let ax = figure.axes
        ax.grid = false
        ax.xAxis.limits = 0...1
        ax.yAxis.limits = 0...1
        ax.line(x: [0, 1], y: [0.5, 0.5], color: Self.red, width: 4)
        ax.band(x: [0, 1], lower: [0.6, 0.6], upper: [0.9, 0.9], color: Self.blue, alpha: 0.5)
        return figure
    }

    /// The pixel of data point (x, y) in an image drawn at `scale` pixels per point.
    func pixel(_ figure: Figure, _ x: Double, _ y: Double, scale: Double) -> (Int, Int) {
        let g = figure.layout(using: RecordingRenderer(size: figure.size)).panels[0]
        return (Int(g.xMapping.position(x)! * scale), Int(g.yMapping.position(y)! * scale))
    }

    func assertColor(
        _ c: Color, _ expected: Color, tolerance: Double = 0.06, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let d = max(
            abs(c.red - expected.red), abs(c.green - expected.green), abs(c.blue - expected.blue))
        XCTAssertLessThan(
            d, tolerance, "\(message): got \(c), expected \(expected)", file: file, line: line)
    }

    func testPNGLineAndBandLandOnTheirPixels() throws {
        let figure = knownFigure()
        let url = directory.appendingPathComponent("known.png")
        try figure.write(to: url)
        let image = try XCTUnwrap(RasterImage(png: Data(contentsOf: url)))
        XCTAssertEqual(image.width, 400, "144 dpi: two pixels per point")
        XCTAssertEqual(image.height, 300)

        let (lx, ly) = pixel(figure, 0.5, 0.5, scale: 2)
        assertColor(image[lx, ly], Self.red, "the line crosses its pixel")
        let (ax, ay) = pixel(figure, 0.5, 0.75, scale: 2)
        assertColor(
            image[ax, ay], Color.white.mixed(with: Self.blue, 0.5), "inside the band: half blue")
        for y in [0.3, 0.95] {
            let (px, py) = pixel(figure, 0.5, y, scale: 2)
            assertColor(image[px, py], .white, "y = \(y) is outside line and band")
        }
        // The band stops at its edges, within a pixel.
        let (_, top) = pixel(figure, 0.5, 0.9, scale: 2)
        let (_, bottom) = pixel(figure, 0.5, 0.6, scale: 2)
        assertColor(
            image[ax, top + 2], Color.white.mixed(with: Self.blue, 0.5), "just inside the top edge")
        assertColor(image[ax, top - 2], .white, "just outside the top edge")
        assertColor(image[ax, bottom + 2], .white, "just outside the bottom edge")
    }

    func testPNGScaleFollowsDPI() throws {
        let figure = Figure(width: 100, height: 50)
        figure.dpi = 72
        var image = try XCTUnwrap(RasterImage(png: figure.render(format: .png)))
        XCTAssertEqual([image.width, image.height], [100, 50])
        figure.dpi = 216
        image = try XCTUnwrap(RasterImage(png: figure.render(format: .png)))
        XCTAssertEqual([image.width, image.height], [300, 150])
        assertColor(image[0, 0], .white, "white page")
        XCTAssertEqual(image[0, 0].alpha, 1, "opaque background")
    }

    func testHeatmapCellsAndMissingValues() throws {
        let figure = Figure(width: 200, height: 200)
        let ax = figure.axes
        ax.heatmap([[-1, 1], [.nan, 0]], colormap: .diverging, range: -1...1)
        let image = try XCTUnwrap(RasterImage(png: figure.render(format: .png)))
        let cases: [(Double, Double, Color, String)] = [
            (0, 0, Colormap.diverging.color(at: 0), "row 0, column 0 at the top left: −1"),
            (1, 0, Colormap.diverging.color(at: 1), "row 0, column 1: +1"),
            (0, 1, Colormap.missing, "NaN is neutral gray"),
            (1, 1, Colormap.diverging.color(at: 0.5), "zero is the middle color"),
        ]
        for (x, y, color, why) in cases {
            let (px, py) = pixel(figure, x, y, scale: 2)
            assertColor(image[px, py], color, tolerance: 0.02, why)
        }
    }

    func testPDFRendersTheSamePicture() throws {
        let pdftoppm = [
            "/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm", "/opt/homebrew/bin/pdftoppm",
        ]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let pdftoppm else { throw XCTSkip("pdftoppm (poppler-utils) is not installed") }
        let figure = knownFigure()
        let pdf = directory.appendingPathComponent("known.pdf")
        try figure.write(to: pdf)
        XCTAssertTrue(try Data(contentsOf: pdf).starts(with: Array("%PDF".utf8)))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftoppm)
        process.arguments = [
            "-png", "-r", "144", "-singlefile", pdf.path,
            directory.appendingPathComponent("page").path,
        ]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let image = try XCTUnwrap(
            RasterImage(png: Data(contentsOf: directory.appendingPathComponent("page.png"))))
        XCTAssertEqual(image.width, 400)
        let (lx, ly) = pixel(figure, 0.5, 0.5, scale: 2)
        assertColor(image[lx, ly], Self.red, tolerance: 0.1, "the PDF line")
        let (ax, ay) = pixel(figure, 0.5, 0.75, scale: 2)
        assertColor(
            image[ax, ay], Color.white.mixed(with: Self.blue, 0.5), tolerance: 0.1, "the PDF band")
        let (wx, wy) = pixel(figure, 0.5, 0.3, scale: 2)
        assertColor(image[wx, wy], .white, "blank PDF area")
    }

    final class SVGCounter: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var rootAttributes: [String: String] = [:]
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            if elements.isEmpty { rootAttributes = attributes }
            elements[name, default: 0] += 1
        }
    }

    func testSVGIsWellFormedWithPathsAndText() throws {
        let figure = knownFigure()
        figure.title = "η ± λ"
        let data = try figure.render(format: .svg)
        let parser = XMLParser(data: data)
        let counter = SVGCounter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "SVG parses: \(String(describing: parser.parserError))")
        XCTAssertEqual(counter.elements["svg"], 1)
        XCTAssertEqual(counter.rootAttributes["width"], "200pt", "the size is in points")
        XCTAssertGreaterThan(counter.elements["path", default: 0], 5, "spines, ticks, line, band")
        // cairo writes text as glyph outlines placed with <use>.
        XCTAssertGreaterThan(
            counter.elements["use", default: 0] + counter.elements["text", default: 0], 10)
    }

    func testWriteChoosesTheFormatFromTheExtension() throws {
        let figure = knownFigure()
        let magic: [(String, [UInt8])] = [
            ("png", [0x89, 0x50, 0x4E, 0x47]), ("pdf", Array("%PDF".utf8)),
            ("SVG", Array("<?xml".utf8)),
        ]
        for (ext, bytes) in magic {
            let url = directory.appendingPathComponent("f.\(ext)")
            try figure.write(to: url)
            XCTAssertTrue(try Data(contentsOf: url).starts(with: bytes), ext)
        }
        XCTAssertThrowsError(try figure.write(to: directory.appendingPathComponent("f.jpg"))) {
            error in
            XCTAssertEqual(error as? PlotError, .unknownFormat("jpg"))
            XCTAssertTrue("\(error)".contains("use .png, .pdf or .svg"), "the error names the fix")
        }
    }

    /// SOURCE_DATE_EPOCH fixes the PDF creation date (reproducible builds); garbage is ignored.
    func testSourceDateEpochBecomesThePDFCreationDate() {
        XCTAssertEqual(CairoOutput.sourceDate(["SOURCE_DATE_EPOCH": "0"]), "1970-01-01T00:00:00Z")
        XCTAssertEqual(CairoOutput.sourceDate(["SOURCE_DATE_EPOCH": "1700000000"]), "2023-11-14T22:13:20Z")
        XCTAssertNil(CairoOutput.sourceDate(["SOURCE_DATE_EPOCH": "yesterday"]))
        XCTAssertNil(CairoOutput.sourceDate([:]))
    }
}
