import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The batchsize study's claim families, its rate chosen on validation, and (issue 13's
/// acceptance) the numbers its prose quotes against its own summary.json.
final class BatchSizeStudyTests: XCTestCase {
    func testClaimFamiliesMarginsAndSeeds() throws {
        for profile in [Profile.quick, .full] {
            let claims = BatchSizeStudy.study.claims(for: profile)
            let others = BatchSizeStudy.sizes(profile).count - 1
            XCTAssertEqual(claims.filter { $0.family == "fixed-rate" }.count, 4)
            XCTAssertEqual(claims.filter { $0.family == "noise-scale" }.count, 3)
            let equivalences = claims.filter { $0.family == "linear-scaling" }
            XCTAssertEqual(equivalences.count, 2 * others, "accuracy and sharpness, every batch size against 64")
            XCTAssertEqual(Set(equivalences.map(\.test)), [.equivalence(margin: 0.02), .equivalence(margin: 0.1)])
            XCTAssertTrue(claims.allSatisfy { $0.family != nil })
            try BatchSizeStudy.study.validate(profile: profile, checkingSpecs: false)
        }
        XCTAssertGreaterThanOrEqual(BatchSizeStudy.study.experiments(for: .full).map(\.seeds.count).min()!, 5)
    }

    /// The tuning grid gives every batch size the same number of rates, multiples of 0.1 × B/64.
    func testTuningGridIsTheSameBudgetForEveryBatchSize() {
        let tuned = BatchSizeStudy.study.experiments(for: .full).first { $0.id == "tuned" }!
        let byBatch = Dictionary(grouping: tuned.cells, by: { $0.spec.batchSize })
        XCTAssertEqual(byBatch.keys.sorted(), [16, 64, 256, 1024])
        for (b, cells) in byBatch {
            let multiples = cells.map { Double($0.spec.optimizer.lr) / (0.1 * Double(b) / 64) }
            for (m, expected) in zip(multiples, [0.25, 0.5, 1, 2, 4]) { XCTAssertEqual(m, expected, accuracy: 1e-6, "batch \(b)") }
            XCTAssertTrue(cells.allSatisfy { $0.spec.earlyStopping?.monitor == "val_loss" && $0.spec.data.validationSamples == 500 })
        }
    }

    /// `chosen` picks, per group, the level with the best mean (highest accuracy); a tie goes to
    /// the level listed first; a group without values is left out.
    func testChosenOnValidationPicksTheBestMeanPerGroup() {
        let handle = ExperimentHandle("grid")
        let levels = [(16, 0.1, [0.5, 0.5]), (16, 0.2, [0.75, 0.25]), (16, 0.4, [0.625, 0.875]), (64, 0.1, [0.5, 0.5]), (64, 0.2, [0.25, 0.75])]
        let experiment = Experiment("grid", base: DemoFixtures.base, vary: Vary("b, lr", levels.map { b, lr, _ in
            Level("\(b) @ \(lr)") { $0.batchSize = b; $0.optimizer.lr = Float(lr) }
        }), seeds: Seeds(2))
        let cells = zip(experiment.cells, levels).map { cell, l in
            CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: l.2.enumerated().map { seed, v in
                var r = MadeUpRecords.record(losses: [(2, 2), (1, 1)])
                r.final?.validationAccuracy = v
                return (UInt64(seed), r)
            }))
        }
        let study = Study("t", title: "t") { _ in experiment }
        let r = StudyResults(study: study, profile: .quick, experiments: ["grid": ExperimentResults(experiment: experiment, cells: cells)])
        let picks = r.chosen(in: handle, groupedBy: { Double($0.batchSize) }, by: .final(.validationAccuracy))
        XCTAssertEqual(picks.map(\.group), [16, 64])
        XCTAssertEqual(picks.map(\.level.label), ["16 @ 0.4", "64 @ 0.1"], "means 0.5, 0.5, 0.75 at 16; 0.5 and 0.5 at 64, where the first listed is kept")
        XCTAssertEqual(r.chosen(in: handle, groupedBy: { Double($0.batchSize) }, by: .final(.testLoss)).map(\.group), [16, 64])
    }

    /// A level where a seed diverged is not chosen on its survivors' mean while another level of
    /// its group kept every seed; when every level lost a seed, the survivors' means decide.
    func testChosenOnValidationPassesOverALevelThatLostASeed() {
        let handle = ExperimentHandle("grid")
        // nil: that seed diverged. At 256 the second level's survivor (0.9) beats the first's 0.5.
        let levels: [(Int, Double, [Double?])] = [(256, 0.1, [0.5, 0.5]), (256, 0.2, [0.9, nil]), (1024, 0.1, [0.4, nil]), (1024, 0.2, [nil, 0.6])]
        let experiment = Experiment("grid", base: DemoFixtures.base, vary: Vary("b, lr", levels.map { b, lr, _ in
            Level("\(b) @ \(lr)") { $0.batchSize = b; $0.optimizer.lr = Float(lr) }
        }), seeds: Seeds(2))
        let cells = zip(experiment.cells, levels).map { cell, l in
            CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: l.2.enumerated().map { seed, v in
                var r = MadeUpRecords.record(losses: [(2, 2), (1, 1)], diverged: v == nil)
                if let v { r.final?.validationAccuracy = v }
                return (UInt64(seed), r)
            }))
        }
        let study = Study("t", title: "t") { _ in experiment }
        let r = StudyResults(study: study, profile: .quick, experiments: ["grid": ExperimentResults(experiment: experiment, cells: cells)])
        XCTAssertEqual(r[handle.level("256 @ 0.2")]?.diverged.count, 1)
        let picks = r.chosen(in: handle, groupedBy: { Double($0.batchSize) }, by: .final(.validationAccuracy))
        XCTAssertEqual(picks.map(\.level.label), ["256 @ 0.1", "1024 @ 0.2"],
                       "256: the level that kept both seeds; 1024: both lost one, so the survivors' 0.4 and 0.6 decide")
    }

    /// A setup row shows the base setting when no level changes it, and what each level sets when one does.
    func testSetupRowsSayWhatTheLevelsSet() {
        let sweep = Experiment("s", base: DemoFixtures.base, vary: Vary("b", [
            Level("16") { $0.batchSize = 16; $0.optimizer.lr = 0.025 }, Level("64") { $0.batchSize = 64 }, Level("256") { $0.batchSize = 256; $0.optimizer.lr = 0.025 },
        ]), seeds: Seeds(1))
        let base = sweep.base
        XCTAssertEqual(ReportBuilder.setupValue(base: base, cells: sweep.cells) { $0.schedule.label }, base.schedule.label)
        XCTAssertEqual(ReportBuilder.setupValue(base: base, cells: sweep.cells) { "\($0.batchSize)" }, "set by the level: 16, 64, 256")
        XCTAssertEqual(ReportBuilder.setupValue(base: base, cells: sweep.cells) { $0.batchSize == base.batchSize ? nil : "warm-up" }, "warm-up (set by every level)", "base batch 50 is in no level")
        let lr = ReportBuilder.setupValue(base: base, cells: sweep.cells) { "lr \($0.optimizer.lr)" }
        XCTAssertEqual(lr, "set by the level — lr 0.025: 16, 256; lr \(base.optimizer.lr): 64")
        let many = Experiment("m", base: base, vary: Vary("b", (1...5).map { i in Level("L\(i)") { $0.batchSize = i } }), seeds: Seeds(1))
        XCTAssertEqual(ReportBuilder.setupValue(base: base, cells: many.cells) { $0.batchSize < 5 ? "small" : "five" },
                       "set by the level — small: 4 levels (L1 … L4); five: L5")
        XCTAssertNil(ReportBuilder.setupValue(base: base, cells: sweep.cells) { _ in nil })
        XCTAssertEqual(ReportBuilder.setupValue(base: base, cells: sweep.cells) { "SGD(batch=\($0.batchSize))" },
                       "set by the level: SGD(batch=16), SGD(batch=64), SGD(batch=256)", "each value names its level: no 'value: level' pairs")
    }

    /// The quote check fails a number the prose gets wrong even when a table has it right.
    func testQuotedNumbersReadTheProseNotTheTables() throws {
        let folder = DemoFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let summary = """
            {"study":"s","title":"t","profile":"quick","dlstudyVersion":"0","engineVersion":"0","platform":"p","generated":"g","claims":[],
             "experiments":[{"id":"e","factors":["b"],"seeds":[0],"levels":[{"label":"16","runs":1,"diverged":{},
               "final":{"testAccuracy":{"mean":0.6612,"perSeed":{"0":0.6612}}},"probes":{"hessian_top":{"mean":0.8799,"perSeed":{"0":0.8799}}}}]}]}
            """
        try summary.write(to: folder.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        let quotes = [QuotedNumber("e", "16", .final("testAccuracy"), as: .percent), QuotedNumber("e", "16", .probe("hessian_top"), as: .number)]
        func write(_ html: String) throws { try html.write(to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8) }
        try write("<p>It reaches <b>66.1%</b> with λ₁ = 0.880.</p>")
        XCTAssertEqual(try QuotedNumbers.problems(quotes, folder: folder), [])
        try write("<p>It reaches 66.2% with λ₁ = 0.880.</p><table><tr><td>66.1%</td></tr></table>")
        XCTAssertEqual(try QuotedNumbers.problems(quotes, folder: folder), ["e/16/final(\"testAccuracy\"): summary.json says 66.1%, which the text does not quote"])
        XCTAssertEqual(try QuotedNumbers.problems([QuotedNumber("e", "32", .final("testAccuracy"), as: .percent)], folder: folder).count, 1)
    }

    /// Issue 13's acceptance: run the quick profile, write the report, and check that every
    /// number the prose quotes is summary.json's, and that the tuned choice the prose names is
    /// the best on validation.
    func testProseQuotesAgreeWithSummary() throws {
        let study = BatchSizeStudy.study
        let report = try QuickReport(study)
        let folder = report.folder

        let sizes = BatchSizeStudy.sizes(.quick).map(String.init), (small, large) = (sizes.first!, sizes.last!)
        let chosen = BatchSizeStudy.chosenTest.name
        var quotes: [QuotedNumber] = []
        for level in [small, large] {
            quotes += [QuotedNumber("fixed", level, .final("steps"), as: .number), QuotedNumber("fixed", level, .probe("hessian_top"), as: .number),
                       QuotedNumber("fixed", level, .final("testAccuracy"), as: .percent), QuotedNumber("fixed", level, .quantity(chosen), as: .percent),
                       QuotedNumber("fixed", level, .quantity(BatchSizeStudy.lowestValidationLoss.name), as: .number)]
        }
        for level in sizes {
            quotes += [QuotedNumber("linear", level, .quantity(chosen), as: .percent), QuotedNumber("linear", level, .probe("hessian_top"), as: .number)]
        }
        // The tuned picks, recomputed from summary.json: per batch size the best mean validation accuracy.
        let summary = report.summary
        let tuned = try XCTUnwrap(summary.experiments.first { $0.id == "tuned" })
        for b in sizes {
            let levels = tuned.levels.filter { $0.label.hasPrefix("B \(b),") }
            XCTAssertEqual(levels.count, BatchSizeStudy.multiples(.quick).count)
            let best = try XCTUnwrap(levels.max { ($0.quantities?[BatchSizeStudy.chosenValidation.name]?.mean ?? -1) < ($1.quantities?[BatchSizeStudy.chosenValidation.name]?.mean ?? -1) })
            quotes.append(QuotedNumber("tuned", best.label, .quantity(chosen), as: .percent))
            let html = report.html
            XCTAssertTrue(QuotedNumbers.visibleText(html: html).contains(best.label), "the prose names the pick \(best.label)")
        }
        XCTAssertEqual(try QuotedNumbers.problems(quotes, folder: folder), [])
        XCTAssertEqual(Set(summary.claims.map(\.family)), ["fixed-rate", "linear-scaling", "noise-scale"])
        XCTAssertTrue(QuotedNumbers.visibleText(html: report.html).contains("1.5 times the one before"), "the fixed-rate section says how often the loss spiked")
    }

    /// A spike is an evaluated epoch whose training loss is at least the factor times the one before.
    func testLossSpikesCountTheEpochsWhoseTrainingLossRoseByTheFactor() {
        let record = MadeUpRecords.record(losses: [2.0, 1.0, 1.5, 0.5, 0.74, 0.2, 0.6].map { ($0, $0) })
        XCTAssertEqual(Quantity.lossSpikes(factor: 1.5).value(record), 2, "1.0 → 1.5 and 0.2 → 0.6; 0.5 → 0.74 is 1.48 times")
        XCTAssertEqual(Quantity.lossSpikes(factor: 1.4).value(record), 3)
        XCTAssertEqual(Quantity.lossSpikes(factor: 1.5).value(MadeUpRecords.record(losses: [(2, 2), (1, 1), (0.5, 0.5)])), 0)
        XCTAssertNil(Quantity.lossSpikes().value(MadeUpRecords.record(losses: [(2, 2)], diverged: true)))
    }
}
