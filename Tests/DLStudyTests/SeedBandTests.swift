import DLCore
import DLPlot
@testable import DLStudy
import Foundation
import XCTest

/// Seed bands on log axes are computed in log space, and a level with diverged seeds is drawn
/// seed by seed, never as the survivors' mean.
final class SeedBandTests: XCTestCase {
    func testLinearBandIsMeanPlusMinusSampleSD() throws {
        let b = try XCTUnwrap(SeedBand([1, 2, 3, 6], log: false))
        // mean 3; sample variance ((−2)² + (−1)² + 0 + 3²) / 3 = 14/3.
        XCTAssertEqual(b.center, 3, accuracy: 1e-12)
        XCTAssertEqual(b.low, 3 - (14.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(b.high, 3 + (14.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertLessThan(b.low, 1, "the linear band of a skewed positive quantity can go far below its smallest value")
    }

    func testLogBandIsGeometricMeanTimesAndOverGeometricSD() throws {
        // ln values 0, ln 10, ln 100 → mean ln 10, sample sd ln 10: centre 10, band 1 … 100.
        let b = try XCTUnwrap(SeedBand([1, 10, 100], log: true))
        XCTAssertEqual(b.center, 10, accuracy: 1e-9)
        XCTAssertEqual(b.low, 1, accuracy: 1e-9)
        XCTAssertEqual(b.high, 100, accuracy: 1e-9)
        // A generic case against the formula written out: exp(m ± s) with m, s of ln v.
        let v = [0.002, 0.01, 0.5, 0.03, 0.008]
        let logs = v.map { log($0) }, m = logs.reduce(0, +) / 5
        let s = (logs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 4).squareRoot()
        let g = try XCTUnwrap(SeedBand(v, log: true))
        XCTAssertEqual(g.center, exp(m), accuracy: 1e-12)
        XCTAssertEqual(g.low, exp(m - s), accuracy: 1e-12)
        XCTAssertEqual(g.high, exp(m + s), accuracy: 1e-12)
        XCTAssertGreaterThan(g.low, 0, "a log band never reaches zero")
        XCTAssertLessThan(try XCTUnwrap(SeedBand(v, log: false)).low, 0, "where mean − sd does")
    }

    func testLogBandLeavesOutWhatALogAxisCannotShow() throws {
        XCTAssertEqual(SeedBand([0, -1, .nan, 4], log: true), SeedBand(center: 4, low: 4, high: 4))
        XCTAssertNil(SeedBand([0, .infinity], log: true))
        XCTAssertNil(SeedBand([], log: false))
    }

    /// Level "b" of a made-up sweep: seed 1 diverged (record ends after epoch 1), seeds 0 and 2 finished.
    static func results() -> StudyResults {
        let main = ExperimentHandle("main")
        let experiment = Experiment(main, base: DemoFixtures.base,
                                    vary: Vary("level", [Level(main.level("a")) { _ in }, Level(main.level("b")) { _ in }]), seeds: Seeds(3))
        let cells = experiment.cells.enumerated().map { i, cell in
            CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: (0..<3).map { s in
                let diverged = i == 1 && s == 1
                let losses: [(train: Double, test: Double)] = diverged ? [(2, 2.5), (3, 3.5)] : [(2, 2.5), (1, 1.5), (0.5, 1.0), (0.25, 0.75)]
                return (UInt64(s), MadeUpRecords.record(losses: losses, diverged: diverged))
            }))
        }
        let study = Study("made-up", title: "Made up") { _ in experiment }
        return StudyResults(study: study, profile: .quick, experiments: ["main": ExperimentResults(experiment: experiment, cells: cells)])
    }

    func testALevelWithADivergedSeedIsDrawnSeedBySeedWithAnXWhereItStopped() throws {
        let figure = FigureBlock.facets("f", caption: "c", experiment: ExperimentHandle("main"), metrics: [.trainLoss]).make(Self.results())
        let (a, b) = (figure.panels[0], figure.panels[1])
        XCTAssertEqual(a.title, "a")
        XCTAssertEqual(b.title, "b (1 of 3 seeds diverged)")
        let linesA = a.series.compactMap { $0 as? LineSeries }, linesB = b.series.compactMap { $0 as? LineSeries }
        XCTAssertEqual(linesA.count, 1, "every seed finished: one mean line")
        XCTAssertEqual(linesA[0].y, [2, 1, 0.5, 0.25].map { $0 }, "identical seeds: the geometric mean is the value")
        XCTAssertEqual(linesB.count, 3, "one line per seed, no mean over the survivors")
        XCTAssertEqual(linesB.map(\.x.count), [4, 2, 4])
        XCTAssertEqual(linesB.map(\.style.dash), [.solid, .dashed, .solid], "the diverged seed dashed")
        let marks = b.series.compactMap { $0 as? ScatterSeries }
        XCTAssertEqual(marks.count, 1)
        XCTAssertEqual(marks[0].x, [1], "✕ at the diverged seed's last finite epoch")
        XCTAssertEqual(marks[0].y, [3])
        XCTAssertEqual(FigureStyle.divergedNote(try XCTUnwrap(Self.results()[ExperimentHandle("main").level("b")])), "1 of 3 seeds diverged")
    }

    func testLogBandsOfTheStockFiguresStayAboveZero() throws {
        let r = AuthoringFixtures.results()
        let figure = FigureBlock.facets("f", caption: "c", experiment: AuthoringFixtures.main, metrics: [.trainLoss]).make(r)
        let bands = figure.panels.flatMap { $0.series.compactMap { $0 as? BandSeries } }
        XCTAssertFalse(bands.isEmpty)
        for band in bands { XCTAssertTrue(band.lower.allSatisfy { $0 > 0 }) }
        // Epoch 1 of level a: seeds 0.5, 0.51, 0.52 → the band is exp(mean ln ± sd ln).
        let logs = [0.5, 0.51, 0.52].map { log($0) }, m = logs.reduce(0, +) / 3
        let s = (logs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 2).squareRoot()
        XCTAssertEqual(bands[0].lower[1], exp(m - s), accuracy: 1e-12)
        XCTAssertEqual(bands[0].upper[1], exp(m + s), accuracy: 1e-12)
    }
}

/// Captions of per-level means say which means rest on fewer seeds.
final class DivergedCaptionTests: XCTestCase {
    func testNamesEachLevelWithDivergedSeedsAndHowMany() {
        let r = SeedBandTests.results()
        XCTAssertEqual(FigureStyle.divergedCaption(r[ExperimentHandle("main")]),
                       " Diverged seeds have no value, so the mean there is over the others: 1 of 3 seeds at level b.")
        XCTAssertEqual(FigureStyle.divergedCaption(AuthoringFixtures.results()[AuthoringFixtures.main]), "", "no seed diverged")
        let dots = FigureBlock.dots("d", caption: "Means.", experiment: ExperimentHandle("main"), [Measure(.final(.trainLoss))])
        XCTAssertEqual(dots.caption(r), "Means. Diverged seeds have no value, so the mean there is over the others: 1 of 3 seeds at level b.")
    }

    /// `against` names the drawn levels whose means rest on fewer seeds, and only those.
    func testAgainstNamesTheDrawnLevelsWithDivergedSeeds() {
        let r = SeedBandTests.results(), main = ExperimentHandle("main")
        let x = SpecAxis("x", log: false) { _ in 1 }
        let all = FigureBlock.against("a", caption: "Against.", series: [AgainstSeries(main, "all")], x: x, [Measure(.final(.trainLoss))])
        XCTAssertEqual(all.caption(r), "Against. Diverged seeds have no value, so the mean there is over the others: 1 of 3 seeds at level b.")
        XCTAssertNotNil(all.make(r))
        let onlyA = FigureBlock.against("a", caption: "Against.", series: [AgainstSeries(main, "a", only: { _ in false })], x: x,
                                        [Measure(.final(.trainLoss))])
        XCTAssertEqual(onlyA.caption(r), "Against.", "no drawn level lost a seed")
        let chosen = FigureBlock.against("a", caption: "Against.", series: [AgainstSeries(main, "best", chooseBy: .final(.trainLoss))], x: x,
                                         [Measure(.final(.trainLoss))])
        XCTAssertEqual(chosen.caption(r), "Against.", "the choice passes over level b, which lost a seed")
    }
}
