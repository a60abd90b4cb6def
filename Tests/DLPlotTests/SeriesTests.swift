import XCTest

@testable import DLPlot

final class SeriesTests: XCTestCase {
    let recorder = RecordingRenderer(size: Size(width: 200, height: 200))

    func context(
        x: ClosedRange<Double> = 0...10, y: ClosedRange<Double> = 0...10, yScale: Scale = .linear
    ) -> PlotContext {
        let plot = Rect(x: 0, y: 0, width: 100, height: 100)
        return PlotContext(
            renderer: recorder, plotRect: plot,
            x: AxisMapping(
                scale: .linear, lower: x.lowerBound, upper: x.upperBound, start: 0, end: 100),
            y: AxisMapping(
                scale: yScale, lower: y.lowerBound, upper: y.upperBound, start: 100, end: 0))
    }

    func testNonFiniteValuesBreakTheLine() {
        let runs = context().polylines(
            x: [0, 1, 2, 3, 4, 5, 6], y: [1, 2, .nan, 3, 4, .infinity, 5])
        XCTAssertEqual(runs.map(\.count), [2, 2, 1], "NaN and ∞ each end a run")
    }

    func testLogAxisSkipsNonPositiveValues() {
        let runs = context(y: 0.1...10, yScale: .log).polylines(x: [0, 1, 2, 3], y: [1, 0, -2, 5])
        XCTAssertEqual(runs.map(\.count), [1, 1])
    }

    func testFarAwayPointsAreClipped() {
        let runs = context().polylines(x: [5, 5], y: [5, 1e300])
        XCTAssertEqual(runs.count, 1)
        XCTAssertTrue(runs[0].allSatisfy { abs($0.y) < 1e4 }, "\(runs)")
    }

    func testLineClipperCutsAndSplits() {
        let rect = Rect(x: 0, y: 0, width: 10, height: 10)
        let pieces = LineClipper.clip(
            [Point(-5, 5), Point(5, 5), Point(5, 20), Point(8, 5)], to: rect)
        XCTAssertEqual(pieces.count, 2, "leaving and re-entering splits the line")
        XCTAssertEqual(pieces[0].first, Point(0, 5))
        XCTAssertEqual(pieces[0].last, Point(5, 10))
        XCTAssertNil(LineClipper.clipSegment(Point(-1, -1), Point(-2, 20), to: rect))
    }

    func testDivergedMarkerFindsTheLastFinitePoint() {
        let cases: [([Double], Int?, String)] = [
            ([3, 2, 1, .nan, .nan], 2, "stops before the first NaN"),
            ([3, 2, .infinity, 1], 1, "an infinity counts as divergence"),
            ([3, 2, 1], nil, "a finite curve never diverged"),
            ([.nan, .nan], nil, "nothing finite to mark"),
            ([], nil, "empty"),
        ]
        for (y, index, why) in cases {
            XCTAssertEqual(
                DivergedMarker.lastFiniteIndex(x: y.indices.map(Double.init), y: y), index, why)
        }
    }

    func testHistogramBinning() {
        let edges = [0.0, 1, 2, 3]
        XCTAssertEqual(
            Bins.counts([0, 0.5, 1, 2.5, 3, 4, -1, .nan], edges: edges), [2, 1, 2],
            "right edge goes in the last bin")
        XCTAssertEqual(Bins.count(4).edges(for: [[0, 8]]), [0, 2, 4, 6, 8])
        XCTAssertEqual(
            Bins.count(2).edges(for: [[0], [4]]), [0, 2, 4], "shared bins span all sets")
        let auto = Bins.auto.edges(for: [(0..<1000).map { sin(Double($0)) }])
        XCTAssertGreaterThan(auto.count, 10)
        XCTAssertLessThan(auto.count, 202)
        XCTAssertEqual(Bins.auto.edges(for: [[]]), [0, 1], "no data: one unit bin")
        XCTAssertEqual(
            Bins.auto.edges(for: [[2, 2]]), [1.5, 2.5], "constant data: a bin around it")
        let density = HistogramSeries(
            values: [0, 1, 1, 3], bins: .edges([0, 2, 4]), density: true, color: .black)
        XCTAssertEqual(
            zip(density.heights, [2.0, 2.0]).map { $0 * $1 }.reduce(0, +), 1, accuracy: 1e-12,
            "density integrates to 1")
    }

    func testIsolinesOfAConeAreCircles() {
        let grid = (0...40).map { -1 + Double($0) / 20 }
        let z = grid.map { y in grid.map { x in sqrt(x * x + y * y) } }
        let lines = MarchingTriangles(x: grid, y: grid, z: z).isolines(at: 0.5)
        XCTAssertEqual(lines.count, 1, "one closed loop, joined across cells")
        let loop = lines[0]
        XCTAssertGreaterThan(loop.count, 40)
        XCTAssertEqual(loop.first!.x, loop.last!.x, accuracy: 1e-12, "the loop closes")
        for p in loop {
            XCTAssertEqual(hypot(p.x, p.y), 0.5, accuracy: 0.01)
        }
    }

    func testSuperlevelRegionAreaMatchesTheDisk() {
        let grid = (0...60).map { -1 + Double($0) / 30 }
        let z = grid.map { y in grid.map { x in -(x * x + y * y) } }
        let polygons = MarchingTriangles(x: grid, y: grid, z: z).superlevelPolygons(at: -0.25)
        var area = 0.0
        for poly in polygons {
            for (a, b) in zip(poly, poly.dropFirst() + [poly[0]]) {
                area += (a.x * b.y - b.x * a.y) / 2
            }
        }
        XCTAssertEqual(
            area, Double.pi * 0.25, accuracy: 0.01,
            "z ≥ −r² is the disk of radius 0.5, counter-clockwise")
    }

    func testContourSkipsNaNCells() {
        let z: [[Double]] = [[0, 1, 2], [1, .nan, 3], [2, 3, 4]]
        let lines = MarchingTriangles(x: [0, 1, 2], y: [0, 1, 2], z: z).isolines(at: 2.5)
        XCTAssertTrue(lines.isEmpty, "every cell touches the NaN")
        XCTAssertEqual(
            ContourSeries.autoLevels([0, 1, .nan], count: 5), [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    func testBandsBreakWhereEitherEdgeIsMissing() {
        let band = BandSeries(
            x: [0, 1, 2, 3, 4], lower: [0, 1, .nan, 1, 1], upper: [2, 3, 3, 3, 3], color: .black)
        XCTAssertEqual(band.polygons(in: context()).map(\.count), [4, 4])
    }

    func testGroupedBarSlotsSitSideBySide() {
        let bars = BarSeries(
            categories: ["a", "b"], groups: [BarGroup(values: [1, 2]), BarGroup(values: [3, 4])])
        let left = bars.slot(category: 1, group: 0)
        let right = bars.slot(category: 1, group: 1)
        XCTAssertEqual(left.left, 0.6, accuracy: 1e-12)
        XCTAssertEqual(left.left + left.width, right.left, accuracy: 1e-12)
        XCTAssertEqual(right.left + right.width, 1.4, accuracy: 1e-12)
        XCTAssertEqual(bars.extent(xScale: .linear, yScale: .linear).stickyY, [0])
    }

    /// Open polylines come out in the order of their smallest free end, whatever order the
    /// dictionary of ends iterates in (it changes between processes; figures must not).
    func testChainingIsInKeyOrder() {
        // Two open lines, 7–8–9 and 1–2–3, and a closed triangle 4–5–6.
        let segments = [(8, 9), (4, 5), (7, 8), (2, 3), (5, 6), (1, 2), (6, 4)]
        let lines = MarchingTriangles.chain(segments)
        XCTAssertEqual(lines, [[1, 2, 3], [7, 8, 9], [4, 5, 6, 4]])
    }
}
