import DLCore
@testable import DLStudy
import XCTest

/// Prose that reads a claim's verdict, and the facts a study quotes.
final class ClaimReadingTests: XCTestCase {
    let r = AuthoringFixtures.results()
    typealias F = AuthoringFixtures

    func text(_ claim: Claim) -> String {
        r.reading(claim, supported: "S", contradicted: "C", inconclusive: "I")
    }

    func testEachVerdictPicksItsSentence() {
        // b's probe p is a's + 1 at every seed: "b > a" supported, "b < a" contradicted.
        XCTAssertEqual(text(Claim("b above a", .probe("p"), F.b, greaterThan: F.a)), "S")
        XCTAssertEqual(text(Claim("b below a", .probe("p"), F.b, lessThan: F.a)), "C")
        // Against a constant inside the seeds' spread: inconclusive.
        XCTAssertEqual(text(Claim("b above 1.1", .probe("p"), F.b, greaterThan: 1.1)), "I")
        // A level with no results is never read as supported.
        XCTAssertEqual(text(Claim("d above a", .probe("p"), F.main.level("d"), greaterThan: F.a)), "I")
    }

    func testOutcomeMatchesTheStringAPIAndCounts() {
        let typed = r.outcome(Claim("b above a", .probe("p"), F.b, greaterThan: F.a))
        let strings = Claim("b above a", experiment: "main", .probe("p"), "b", greaterThan: "a").evaluate(r)
        XCTAssertEqual(typed.comparison, strings.comparison)
        XCTAssertEqual(typed.claim.formula, strings.claim.formula)
        XCTAssertEqual(typed.seeds, 3)
        XCTAssertEqual(typed.word, "supported")
        let family = r.outcomes([Claim("b", .probe("p"), F.b, greaterThan: F.a), Claim("c", .probe("p"), F.c, lessThan: F.a)])
        XCTAssertEqual(family.levels(.supported), ["b"])
        XCTAssertEqual(family.levels(not: .supported), ["c"])
    }

    func testCrossExperimentClaimFromHandles() {
        let other = ExperimentHandle("other").level("a")
        let claim = Claim("x", .probe("p"), F.a, lessThan: other)
        XCTAssertEqual(claim.experiment, "main")
        guard case .levelIn(let e, let l) = claim.reference else { return XCTFail("not cross-experiment") }
        XCTAssertEqual([e, l], ["other", "a"])
        XCTAssertEqual(claim.subject, F.a)
    }

    func testFactsComeFromTheSpecAndTheRecords() {
        let facts = r.facts(F.main)
        XCTAssertEqual(facts.seeds, 3)
        XCTAssertEqual(facts.epochs, 3)
        XCTAssertEqual(facts.stepsPerEpoch, 10, "from the records (step of epoch 1)")
        XCTAssertEqual(facts.parameters(), 1, "as the records say")
        XCTAssertEqual(facts.probe("p", index: -1, level: F.b), 9)
        XCTAssertEqual(facts.probe("p", level: F.b), 1)
        XCTAssertEqual(r.mean(F.b, .probe("p")), (1 + 1.1 + 1.2) / 3)
        XCTAssertTrue(r.mean(F.main.level("d"), .probe("p")).isNaN)
        // Sizes from the data spec, without generating the data.
        XCTAssertEqual(DataSpec.mnist1d.sizes, DataSizes(train: 4000, validation: nil, test: 1000, sampleValues: 40, classes: 10))
        let cut = DataSpec(.builtin(.mnist1d(MNIST1DConfig())), trainSamples: 1000, validationSamples: 500)
        XCTAssertEqual(cut.sizes?.train, 1000)
        XCTAssertEqual(cut.sizes?.validation, 500)
        var spec = RunSpec(data: .mnist1d, model: .mlp(hidden: [8]), optimizer: .sgd(lr: 0.1), batchSize: 64, budget: .epochs(1))
        XCTAssertEqual(spec.stepsPerEpoch, 63, "4000 / 64, the last partial batch kept")
        spec.batchSize = 1000
        XCTAssertEqual(spec.stepsPerEpoch, 4)
        // 40-256-256-10: the regularizers study's network, 78,858 parameters (PyTorch counts the same).
        spec.model = .mlp(hidden: [256, 256])
        XCTAssertEqual(spec.denseParameters?.total, 78_858)
        XCTAssertEqual(spec.denseParameters?.weights, 78_336)
        XCTAssertEqual(spec.denseParameters?.weightShapes, [[256, 40], [256, 256], [10, 256]])
        XCTAssertEqual(spec.denseParameters?.widths, "40-256-256-10")
        spec.model = .mlp(hidden: [256, 256], batchNorm: true)
        XCTAssertEqual(spec.denseParameters?.total, 78_858 + 4 * 256)
        spec.model = .mnist1dCNN
        XCTAssertNil(spec.denseParameters, "convolutions are not counted from the spec")
    }

    func testSweepHandlesMatchTheFactorsLabels() {
        let sweep = Sweep(F.main, \.optimizer.lr, [Float(3e-4), 0.1, 10], name: "learning rate") { Format.plain(Double($0)) }
        XCTAssertEqual(sweep.factor.levels.map(\.label), ["0.0003", "0.1", "10"])
        XCTAssertEqual(sweep.levels.map(\.label), sweep.factor.levels.map(\.label))
        XCTAssertEqual(sweep[0.1], F.main.level("0.1"))
        XCTAssertEqual(sweep.last.label, "10")
        let plain = Vary(\.optimizer.lr, [Float(3e-4), 0.1, 10], name: "learning rate") { Format.plain(Double($0)) }
        XCTAssertEqual(sweep.factor.name, plain.name)
        XCTAssertEqual(sweep.factor.levels.map(\.value), plain.levels.map(\.value))
    }
}
