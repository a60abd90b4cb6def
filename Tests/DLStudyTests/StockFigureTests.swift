import DLCore
import DLPlot
@testable import DLStudy
import XCTest

/// Each stock figure on made-up records: it renders (a non-empty PNG) with the panels, axes and
/// series it promises.
final class StockFigureTests: XCTestCase {
    let r = AuthoringFixtures.results()
    typealias F = AuthoringFixtures

    func render(_ block: FigureBlock) throws -> Figure {
        let figure = block.make(r)
        let png = try figure.render(format: .png)
        XCTAssertGreaterThan(png.count, 1000, "\(block.id): a real image")
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "\(block.id): PNG signature")
        let recorder = RecordingRenderer(size: figure.size)
        figure.draw(on: recorder)
        XCTAssertFalse(recorder.paths().isEmpty, "\(block.id): draws something")
        return figure
    }

    func lines(_ axes: Axes) -> [LineSeries] { axes.series.compactMap { $0 as? LineSeries } }

    func testFacetsHaveAPanelPerLevelWithTheReferenceRepeated() throws {
        let f = try render(.facets("f", caption: "c", experiment: F.main, metrics: [.trainLoss, .testLoss], reference: F.a))
        let visible = f.panels.filter { !$0.isHidden }
        XCTAssertEqual(visible.map(\.title), ["a", "b", "c"])
        XCTAssertEqual(f.xLabel, "epoch")
        XCTAssertTrue(visible.allSatisfy { $0.yAxis.scale == .log })
        XCTAssertEqual(lines(visible[0]).count, 2, "the reference's own panel: train and test")
        XCTAssertEqual(lines(visible[1]).count, 4, "plus the reference's two curves in grey")
        XCTAssertEqual(lines(visible[1]).filter { $0.style.color == .gray }.count, 2)
        XCTAssertEqual(lines(visible[0]).map(\.label), ["train", "test"])
        XCTAssertEqual(lines(visible[2]).last?.x, [0, 1, 2], "c: the epochs every seed reached")
        let low = try XCTUnwrap(visible[0].yAxis.min), high = try XCTUnwrap(visible[0].yAxis.max)
        XCTAssertLessThan(low, 0.25)
        XCTAssertGreaterThan(high, 2.5)
    }

    func testFacetsWithTheLearningRateBeneath() throws {
        let f = try render(.facets("s", caption: "c", experiment: F.main, metrics: [.trainLoss], learningRate: true, columns: 2))
        XCTAssertEqual(f.rows, 4, "two rows of levels, each with its rate row")
        XCTAssertEqual(f.rowHeights, [2.6, 1, 2.6, 1])
        XCTAssertEqual(f[1, 0].yAxis.label, "lr")
        XCTAssertEqual(f[1, 0].yAxis.min, 0)
        XCTAssertEqual(lines(f[1, 0]).first?.y, [0.1, 0.1, 0.1, 0.1], "seed 0's every step")
        XCTAssertTrue(f[3, 1].isHidden && f[2, 1].isHidden, "no fourth level")
        XCTAssertEqual(f[0, 0].yAxis.label, "train loss")
    }

    func testCurveWithRate() throws {
        let f = try render(.curveWithRate("r", caption: "c", experiment: F.main, metric: .trainLoss, logY: true))
        XCTAssertEqual(f.rows, 2)
        XCTAssertEqual(lines(f[0, 0]).map(\.label), ["a", "b", "c"])
        XCTAssertEqual(f[1, 0].yAxis.label, "learning rate")
        XCTAssertEqual(f[1, 0].xAxis.label, "epoch")
        XCTAssertEqual(lines(f[1, 0]).count, 3)
    }

    func testDotsAgainstANumericFactor() throws {
        let f = try render(.dots("d", caption: "c", experiment: F.main, [Measure(.probe("p")), Measure(.final(.testAccuracy))],
                                 factorLabel: "size", logFactor: true))
        XCTAssertEqual(f.panels.count, 2)
        XCTAssertEqual(f.panels[0].xAxis.scale, .log)
        XCTAssertEqual(f.panels[0].xAxis.ticks, [1, 10, 100])
        XCTAssertEqual(f.panels[0].xAxis.label, "size")
        XCTAssertEqual(f.panels[0].yAxis.label, "p")
        XCTAssertEqual(f.panels[1].yAxis.label, "test accuracy (%)", "accuracies as percentages")
        let bars = f.panels[0].series.compactMap { $0 as? ErrorBarSeries }
        XCTAssertEqual(bars.map(\.y), (0..<3).map { i in [Summary([0, 0.1, 0.2].map { Double(i) + $0 })!.mean] })
    }

    func testDotsHorizontalWithAReference() throws {
        let r = AuthoringFixtures.results(values: [nil, nil, nil])
        let f = FigureBlock.dots("h", caption: "c", experiment: F.main, [Measure(.probe("p"))], horizontal: true,
                                 reference: F.a, colorByLevel: true).make(r)
        let axes = f.axes
        XCTAssertEqual(axes.xAxis.label, "p")
        XCTAssertEqual(axes.yAxis.ticks, [2, 1, 0], "levels top to bottom")
        XCTAssertEqual(axes.yAxis.formatter?(2), "a")
        XCTAssertEqual(axes.yAxis.formatter?(0), "c")
        XCTAssertTrue(axes.series.contains { $0 is ReferenceLine }, "the reference's mean")
        XCTAssertGreaterThan(try f.render(format: .png).count, 1000)
    }

    func testHistogramsPerLevelWithThreshold() throws {
        let f = try render(.histograms("w", caption: { _ in "c" }, experiment: F.main, xLabel: "|w|",
                                       bins: .log(perDecade: 4, from: 1e-4), reference: F.a, threshold: 1e-2) { _, level in
            level == F.c ? nil : [0, 1e-5, 0.003, 0.05, 0.5, 0.7]
        })
        XCTAssertEqual(f.panels.filter { !$0.isHidden }.count, 3)
        XCTAssertEqual(f.axes.xAxis.scale, .log)
        XCTAssertEqual(f.axes.xAxis.formatter?(1e-2), "10⁻²")
        let hist = try XCTUnwrap(f.axes.series.compactMap { $0 as? HistogramSeries }.first)
        XCTAssertEqual(hist.heights.reduce(0, +), 1, accuracy: 1e-12, "fractions of all values")
        XCTAssertEqual(hist.heights[0], 2.0 / 6, "zero and 10⁻⁵ in the first bin")
        XCTAssertEqual(hist.edges.first!, 1e-4, accuracy: 1e-18)
        let texts = f.axes.series.compactMap { $0 as? TextAnnotation }
        XCTAssertEqual(texts.count, 1, "the fraction below the threshold")
        XCTAssertEqual(f.panels[1].series.compactMap { $0 as? HistogramSeries }.count, 2, "with the reference outlined")
        XCTAssertEqual(f.panels[2].series.compactMap { $0 as? HistogramSeries }.count, 1, "no data for c: the reference only")
    }

    func testParetoFrontAndFigure() throws {
        let front = FigureBlock.paretoFront([(1, 0.5), (2, 0.7), (3, 0.6), (4, 0.9), (4, 0.8)], lowerIsBetter: false)
        XCTAssertEqual(front.map(\.cost), [1, 2, 4])
        XCTAssertEqual(front.map(\.metric), [0.5, 0.7, 0.9])
        XCTAssertEqual(FigureBlock.paretoFront([(1, 2), (2, 1), (3, 1.5)], lowerIsBetter: true).map(\.cost), [1, 2])
        let f = try render(.pareto("p", caption: "c", experiments: [F.main], metric: Measure(.probe("p")),
                                   cost: Measure(.steps, log: true)))
        XCTAssertEqual(f.axes.xAxis.label, "steps")
        XCTAssertEqual(f.axes.xAxis.scale, .log)
        XCTAssertEqual(f.axes.series.compactMap { $0 as? ErrorBarSeries }.count, 1)
        XCTAssertTrue(lines(f.axes).contains { $0.label == "Pareto front" })
    }

    func testOverlayLinesWithAReference() throws {
        let f = try render(.lines("g", caption: "c", experiment: F.main, metric: .generalizationGap, reference: F.b, zeroLine: 0))
        let l = lines(f.axes)
        XCTAssertEqual(l.map(\.label), ["a", "b", "c"])
        XCTAssertEqual(l[1].style.color, .black, "the reference in black")
        XCTAssertEqual(l[1].style.dash, .dashed)
        for y in l[0].y { XCTAssertEqual(y, 0.5, accuracy: 1e-12, "test − train loss is 0.5 at every epoch") }
        XCTAssertEqual(f.axes.legend, .outsideRight)
        XCTAssertTrue(f.axes.series.contains { ($0 as? ReferenceLine)?.value == 0 })
    }

    func testStepCurvesInPanelsWithACeiling() throws {
        let f = try render(.stepCurves("s", caption: "c", experiment: F.main, bins: 10,
                                       panels: { _ in [("low", [F.a]), ("high", [F.b, F.c])] }, ceiling: { _ in 3 }))
        XCTAssertEqual(f.panels.map(\.title), ["low", "high"])
        XCTAssertEqual(f.panels[0].xAxis.scale, .log)
        XCTAssertEqual(f.panels[0].yAxis.max, 3)
        XCTAssertEqual(lines(f.panels[1]).count, 2)
        XCTAssertEqual(lines(f.panels[0])[0].y, [2.3, 2.0, 1.5, 1.2], "one step per bin here: the seeds' mean")
    }

    func testRangeTestMarksItsSuggestions() throws {
        let reading = RangeTestReading(LRRangeTestConfig(startLR: 1e-3, endLR: 1, steps: 4))
        XCTAssertEqual(reading.suggestion.name, "range-test suggestion (log₁₀ lr)")
        XCTAssertEqual(reading.suggestions.map(\.name).count, 5)
        XCTAssertEqual(reading.result(MadeUpRecords.record(losses: [(2, 2)], steps: [2.3, 2.0, 1.5, 1.2])).losses, [2.3, 2.0, 1.5, 1.2])
        let f = try render(.rangeTest("r", caption: "c", level: F.a, reading: reading, region: { _ in 0.01...0.1 }))
        XCTAssertEqual(f.axes.xAxis.scale, .log)
        XCTAssertEqual(lines(f.axes).filter { $0.label != nil }.map(\.label), ["seed 0", "seed 1", "seed 2"])
    }

    func testParetoLabelsAvoidEachOther() {
        let places = FigureBlock.labelPlaces([(0, 0), (0.001, 0.001), (1, 1)], widths: [2, 2, 2])
        XCTAssertEqual(places[0].anchor, .bottomLeft)
        XCTAssertNotEqual(places[1].anchor, .bottomLeft, "the second label moves aside")
        XCTAssertEqual(places[2].anchor, .bottomLeft, "a label far away stays put")
    }
}
