import DLCore
@testable import DLStudy
import XCTest

/// A rate tuned per level on validation (`Tuning`), and claims between the chosen cells
/// (`Claim.chosen`), on records made up to the number.
final class TuningTests: XCTestCase {
    static let exp = ExperimentHandle("grid")
    static let schemes = Factor("scheme", levels: [Level("A") { _ in }, Level("B") { _ in }])
    static let tuning = Tuning(exp, schemes, rates: [0.01, 0.1, 1])

    static func record(validation: Double, test: Double, diverged: Bool = false) -> RunRecord {
        var r = MadeUpRecords.record(losses: [(2.3, 2.3), (1.5, 1.6)], diverged: diverged)
        r.epochs[1].validationAccuracy = validation
        r.final?.validationAccuracy = validation
        r.final?.testAccuracy = test
        return r
    }

    /// Validation accuracy (seed 0, seed 1) and test accuracy per cell; "B, 1" diverged at seed 1.
    static func results(_ study: Study) -> StudyResults {
        let validation: [String: [Double]] = ["A, 0.01": [0.5, 0.5], "A, 0.1": [0.7, 0.6], "A, 1": [0.9, 0.2],
                                              "B, 0.01": [0.4, 0.4], "B, 0.1": [0.6, 0.6], "B, 1": [0.95, 0.9]]
        let experiment = study.experiments(for: .quick)[0]
        let cells = experiment.cells.map { cell in
            CellResults(cell: cell, runs: [0: record(validation: validation[cell.label]![0], test: 0.3 + validation[cell.label]![0] / 10),
                                           1: record(validation: validation[cell.label]![1], test: 0.2 + validation[cell.label]![1] / 10,
                                                     diverged: cell.label == "B, 1")])
        }
        return StudyResults(study: study, profile: .quick, experiments: ["grid": ExperimentResults(experiment: experiment, cells: cells)])
    }

    static func study(_ claims: [Claim]) -> Study {
        Study("tuning-test", title: "t") { _ in
            Experiment("grid", base: RunSpec(data: DataSpec(.builtin(.moons(MoonsConfig()))), model: .mlp(hidden: [4]), optimizer: .sgd(lr: 0.1),
                                             batchSize: 8, budget: .epochs(1)),
                       vary: tuning.factor, tuning.rateFactor, seeds: Seeds(2))
            for c in claims { c }
        }
    }

    func testTheRateWithTheBestMeanValidationScoreIsChosenAndADivergedRunCountsZero() {
        let r = Self.results(Self.study([]))
        // A: means 0.5, 0.65, 0.55 → 0.1. B: 0.4, 0.6, (0.95 + 0 for the diverged seed) / 2 = 0.475 → 0.1.
        for (score, expected) in zip(Self.tuning.scores("A", in: r), [0.5, 0.65, 0.55]) { XCTAssertEqual(score, expected, accuracy: 1e-12) }
        XCTAssertEqual(Self.tuning.chosenRate("A", in: r), 0.1)
        XCTAssertEqual(Self.tuning.scores("B", in: r)[2], 0.475, accuracy: 1e-12)
        XCTAssertEqual(Self.tuning.chosen("B", in: r), Self.exp.level("B, 0.1"))
        XCTAssertFalse(Self.tuning.choseEdge("A", in: r))
        XCTAssertEqual(Self.tuning.cells("A").map(\.label), ["A, 0.01", "A, 0.1", "A, 1"])
    }

    func testTheGridIsTheSecondFactorAndSetsTheRate() {
        let experiment = Self.study([]).experiments(for: .quick)[0]
        XCTAssertEqual(experiment.cells.map(\.label), ["A, 0.01", "A, 0.1", "A, 1", "B, 0.01", "B, 0.1", "B, 1"])
        XCTAssertEqual(experiment.cells.map(\.spec.optimizer.lr), [0.01, 0.1, 1, 0.01, 0.1, 1])
    }

    /// Before any record the claim names its placeholders (so the study validates); evaluated,
    /// it names and compares the chosen cells, keeps its family, and is Holm-adjusted with it.
    func testAChosenClaimComparesTheChosenCellsInItsFamily() throws {
        let quantity = Quantity.final(.testAccuracy)
        let chosen = Claim.chosen("A beats B", quantity, Self.tuning.choice("A"), greaterThan: Self.tuning.choice("B")).family("f")
        let other = Claim("A at 1 beats A at 0.01", quantity, Self.tuning.cell("A", 1), greaterThan: Self.tuning.cell("A", 0.01)).family("f")
        XCTAssertEqual(chosen.level, "A, 0.01")
        let study = Self.study([chosen, other])
        try study.validate(profile: .quick, checkingSpecs: false)
        let r = Self.results(study)
        let outcome = chosen.evaluate(r)
        XCTAssertEqual(outcome.claim.level, "A, 0.1")
        XCTAssertEqual(outcome.claim.formula, "test accuracy: A, 0.1 > B, 0.1")
        XCTAssertEqual(outcome.claim.family, "f")
        // Test accuracy A, 0.1: 0.37, 0.26; B, 0.1: 0.36, 0.26 → differences 0.01, 0.
        XCTAssertEqual(outcome.comparison!.differences[0], 0.01, accuracy: 1e-12)
        XCTAssertEqual(outcome.comparison!.differences[1], 0, accuracy: 1e-12)
        XCTAssertEqual(outcome.test?.familySize, 2)
        let raw = [outcome.test!.pValue, other.evaluate(r).test!.pValue]
        XCTAssertEqual(outcome.test!.adjustedPValue, HolmBonferroni.adjust(raw)[0], accuracy: 1e-12)
    }

    /// The knob form: each group's grid sets its own knob, cells are "group, level", and each
    /// group chooses on its own cells; untuned levels can sit beside them in the factor.
    func testAGridPerGroupSetsItsOwnKnobAndChoosesWithinTheGroup() throws {
        let exp = ExperimentHandle("knobs")
        let tuning = Tuning(exp, grids: [
            TuningGrid("L2", [0.001, 0.01]) { $0.penalty = Penalty(l2: Float($1)) },
            TuningGrid("batch", [8, 16, 32], label: { "B \(Int($0))" }) { $0.batchSize = Int($1) },
        ])
        XCTAssertEqual(tuning.levels.map(\.label), ["L2, 0.001", "L2, 0.01", "batch, B 8", "batch, B 16", "batch, B 32"])
        XCTAssertEqual(tuning.values("batch"), [8, 16, 32])
        XCTAssertEqual(tuning.labels("batch"), ["B 8", "B 16", "B 32"])
        let base = RunSpec(data: DataSpec(.builtin(.moons(MoonsConfig()))), model: .mlp(hidden: [4]), optimizer: .sgd(lr: 0.1), batchSize: 4, budget: .epochs(1))
        let study = Study("knob-test", title: "t") { _ in
            Experiment("knobs", base: base, vary: Vary("setting", [Level("none") { _ in }] + tuning.levels), seeds: Seeds(2))
        }
        let experiment = study.experiments(for: .quick)[0]
        XCTAssertEqual(experiment.cells.map(\.spec.penalty.l2), [0, 0.001, 0.01, 0, 0, 0])
        XCTAssertEqual(experiment.cells.map(\.spec.batchSize), [4, 4, 4, 8, 16, 32])
        // Validation (seed 0, seed 1): L2 0.001 → 0.6, L2 0.01 → 0.5; batch 8 → 0.4, 16 → 0.7, 32 → 0.7 (a tie: the first).
        let validation: [String: Double] = ["none": 0.9, "L2, 0.001": 0.6, "L2, 0.01": 0.5, "batch, B 8": 0.4, "batch, B 16": 0.7, "batch, B 32": 0.7]
        let cells = experiment.cells.map { cell in
            CellResults(cell: cell, runs: [0: Self.record(validation: validation[cell.label]!, test: 0), 1: Self.record(validation: validation[cell.label]!, test: 0)])
        }
        let r = StudyResults(study: study, profile: .quick, experiments: ["knobs": ExperimentResults(experiment: experiment, cells: cells)])
        XCTAssertEqual(tuning.chosen("L2", in: r), exp.level("L2, 0.001"), "the untuned level's 0.9 plays no part")
        XCTAssertTrue(tuning.choseEdge("L2", in: r))
        XCTAssertEqual(tuning.chosenValue("batch", in: r), 16)
        XCTAssertFalse(tuning.choseEdge("batch", in: r))
        XCTAssertEqual(tuning.choice("batch").choose(r), exp.level("batch, B 16"))
    }

    /// The one selection rule: the best finite score, the first on a tie, lower or higher better.
    func testBestTakesTheFirstOnATieAndSkipsNonFiniteScores() {
        XCTAssertEqual(Tuning.best([0.5, 0.7, 0.7], higherIsBetter: true), 1)
        XCTAssertEqual(Tuning.best([.nan, 2, 1, 1], higherIsBetter: false), 2)
        XCTAssertNil(Tuning.best([.nan], higherIsBetter: true))
        XCTAssertNil(Tuning.best([], higherIsBetter: true))
    }
}
