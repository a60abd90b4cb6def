import DLCore
import DLPlot
@testable import DLStudy
import Foundation
import XCTest

/// Methods evaluated by derived jobs: the numbers an ensemble job stores, the candidate chosen
/// on validation, and claims that read per-seed values from them.
final class PredictionMethodTests: XCTestCase {
    /// A stand-in job whose values are given (no runs, nothing computed here).
    func job(_ name: String) -> DerivedJob {
        DerivedJob(kind: "test-ensemble", name: name, parameters: name, inputs: []) { _ in DerivedValues() }
    }

    func values(validationNLL: Double, accuracy: Double, members: [Double]) -> DerivedValues {
        DerivedValues(numbers: ["validation.nll": [validationNLL], "test.accuracy": [accuracy], "test.nll": [1],
                                "test.ece": [0.1], "members.accuracy": members,
                                "stacking.accuracy": [accuracy + 0.01]])
    }

    /// Two candidates per seed; at seed 0 the second has the lower validation NLL, at seed 1 the first.
    func fixture() -> (StudyResults, PredictionMethods) {
        let results = AuthoringFixtures.results()
        let jobs = (0..<2).map { s in (0..<2).map { c in job("m/seed-\(s)/candidate-\(c)") } }
        results.derived[jobs[0][0].key] = values(validationNLL: 0.9, accuracy: 0.70, members: [0.70])
        results.derived[jobs[0][1].key] = values(validationNLL: 0.8, accuracy: 0.60, members: [0.60])
        results.derived[jobs[1][0].key] = values(validationNLL: 0.7, accuracy: 0.75, members: [0.70, 0.72])
        results.derived[jobs[1][1].key] = values(validationNLL: 0.8, accuracy: 0.90, members: [0.80])
        let chosen = PredictionMethod("chosen", models: 1, trainingEpochs: 10) { _, seed in jobs[Int(seed)] }
        let first = PredictionMethod("first", models: 2, trainingEpochs: 20) { _, seed in [jobs[Int(seed)][0]] }
        let stacked = PredictionMethod("first, stacked", models: 2, trainingEpochs: 20, stacked: true) { _, seed in [jobs[Int(seed)][0]] }
        return (results, PredictionMethods([chosen, first, stacked], seeds: [0, 1], experiment: "main"))
    }

    func testTheCandidateWithTheLowestValidationNLLIsChosenNeverTheBestOnTest() {
        let (r, methods) = fixture()
        let m = methods["chosen"]!
        XCTAssertEqual(m.chosen(r, seed: 0)?.index, 1, "validation NLL 0.8 < 0.9, although its test accuracy is lower")
        XCTAssertEqual(m.chosen(r, seed: 1)?.index, 0)
        XCTAssertEqual(m.values(r, .accuracy, seeds: [0, 1]), [0: 0.60, 1: 0.75])
        XCTAssertEqual(methods["first, stacked"]!.values(r, .accuracy, seeds: [0, 1]), [0: 0.71, 1: 0.76])
        // Gain: ensemble accuracy minus the members' mean (0.75 − 0.71 at seed 1).
        XCTAssertEqual(methods["first"]!.values(r, .gain, seeds: [1])[1]!, 0.04, accuracy: 1e-12)
        XCTAssertEqual(methods["first, stacked"]!.values(r, .gain, seeds: [1])[1]!, 0.05, accuracy: 1e-12)
        XCTAssertEqual(methods.mean(r, "first", .accuracy), (0.70 + 0.75) / 2, accuracy: 1e-12)
    }

    func testASeedWithAMissingCandidateHasNoValue() {
        let (r, methods) = fixture()
        let missing = PredictionMethod("missing", models: 1, trainingEpochs: 1) { _, seed in [self.job("nowhere-\(seed)")] }
        XCTAssertNil(missing.chosen(r, seed: 0))
        XCTAssertEqual(missing.values(r, .accuracy, seeds: [0, 1]), [:])
        XCTAssertEqual(methods.jobs(r.planned).count, 2 * 2 + 2 + 2)
    }

    /// The methods figure labels a method whose mean rests on fewer replicates than seeds.
    func testTheMethodsFigureCountsTheReplicatesOfAMethodWithMissingSeeds() {
        let (r, methods) = fixture()
        // Seed 1 of "half" has no candidate values (say its member diverged): one replicate of two.
        let half = PredictionMethod("half", models: 1, trainingEpochs: 1) { _, seed in
            seed == 0 ? [self.job("m/seed-0/candidate-0")] : [self.job("nowhere")]
        }
        let all = PredictionMethods(methods.methods + [half], seeds: [0, 1], experiment: "main")
        let figure = FigureBlock.methods("m", caption: "c", all, metrics: [.accuracy, .nll]).make(r)
        func notes(_ k: Int) -> [String] { figure.panels[k].series.compactMap { ($0 as? TextAnnotation)?.text } }
        XCTAssertEqual(notes(0), ["1 of 2 seeds"], "accuracy: only \"half\" rests on fewer seeds")
        XCTAssertEqual(notes(1), ["1 of 2 seeds"], "NLL: the same; the stacked method has no NLL at all, so no mean and no note")
    }

    /// A claim reads its levels' values through `SeedValues`: paired by seed like any claim.
    func testAClaimReadsPerSeedValuesFromTheMethods() {
        let (r, methods) = fixture()
        let q = Quantity.custom("test accuracy") { _ in nil }
        let claim = Claim("stacking beats its average", q, "first, stacked", greaterThan: "first").reading(methods.reading(.accuracy))
        let outcome = claim.evaluate(r)
        XCTAssertNil(outcome.problem)
        XCTAssertEqual(outcome.comparison?.differences.map { ($0 * 1e6).rounded() / 1e6 }, [0.01, 0.01])
        XCTAssertEqual(claim.seedValues(r, level: "chosen"), [0: 0.60, 1: 0.75])
        let unknown = Claim("nothing", q, "no such method", greaterThan: "first").reading(methods.reading(.accuracy))
        XCTAssertNotNil(unknown.evaluate(r).problem)
    }

    /// A study whose claim names a level its values do not cover fails validation, naming it.
    func testValidationChecksTheLevelsOfAClaimWithValues() {
        let (_, methods) = fixture()
        let q = Quantity.custom("test accuracy") { _ in nil }
        let study = Study("made-up", title: "Made up") { _ in
            Experiment(AuthoringFixtures.main, base: DemoFixtures.base, vary: Vary("level", [Level(AuthoringFixtures.a) { _ in }]), seeds: Seeds(2))
            Claim("typo", q, "firts", greaterThan: "first").reading(methods.reading(.accuracy))
        }
        XCTAssertThrowsError(try study.validate(profile: .quick, checkingSpecs: false)) { error in
            XCTAssert("\(error)".contains("names level 'firts'") && "\(error)".contains("chosen, first, first, stacked"), "\(error)")
        }
    }

    /// The job's numbers from members' probabilities: the average's accuracy, NLL and ECE, the
    /// growing prefixes, the members, and stacking.
    func testEnsembleValuesFromProbabilities() {
        let labels: [Int32] = [0, 1, 1, 0]
        let a = Probabilities(values: [0.9, 0.1, 0.6, 0.4, 0.2, 0.8, 0.7, 0.3], classes: 2)
        let b = Probabilities(values: [0.6, 0.4, 0.3, 0.7, 0.45, 0.55, 0.4, 0.6], classes: 2)
        let v = EnsembleEvaluation.values(validation: [a, b], test: [a, b], validationLabels: labels, testLabels: labels, stackingGrid: [0.1, 1])
        let average = Probabilities.average([a, b])
        XCTAssertEqual(v[numbers: "test.accuracy"], [Calibration.accuracy(average, labels: labels)])
        XCTAssertEqual(v[numbers: "test.nll"], [Calibration.negativeLogLikelihood(average, labels: labels)])
        XCTAssertEqual(v[numbers: "test.ece"], [Calibration.expectedCalibrationError(average, labels: labels)])
        XCTAssertEqual(v[numbers: "members.accuracy"], [0.75, 0.75])
        XCTAssertEqual(v[numbers: "prefix.accuracy"]?.first, 0.75)
        XCTAssertEqual(v[numbers: "prefix.accuracy"]?.last, v[numbers: "test.accuracy"]?.first)
        XCTAssertEqual(v[numbers: "bins.count"]?.reduce(0, +), 4)
        XCTAssertEqual(v[numbers: "stacking.cvNLL"]?.count, 2)
        XCTAssert([0.1, 1].contains(v[numbers: "stacking.lambda"]!.first!))
        XCTAssertEqual(EnsembleEvaluation.result(v)?.gain, Calibration.accuracy(average, labels: labels) - 0.75)
    }
}
