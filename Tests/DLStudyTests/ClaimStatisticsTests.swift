import DLCore
@testable import DLStudy
import Foundation
import XCTest

/// Student t p-values and quantiles, Holm's adjustment, equivalence and non-inferiority tests,
/// claim families, and deterministic facts. Reference numbers from SciPy 1.17.1
/// (`scipy.stats.t.cdf`, `t.ppf`, `t.sf`, `ttest_1samp`), computed once and committed here.
final class ClaimStatisticsTests: XCTestCase {
    func testStudentTDistributionMatchesSciPy() {
        // (t, ν, scipy.stats.t.cdf(t, ν))
        let cases: [(Double, Int, Double)] = [
            (0.5, 1, 0.6475836176504333), (-1.3, 2, 0.16162351590802015), (2.0, 4, 0.9419417382415922),
            (3.1, 9, 0.993638772010899), (-0.7, 29, 0.24475257430724187), (1.812, 10, 0.9499623689670764),
            (12.0, 3, 0.9993774920996054), (2.5, 60, 0.9924146098825557),
        ]
        for (t, nu, expected) in cases {
            XCTAssertEqual(StudentT.cdf(t, degreesOfFreedom: nu), expected, accuracy: 1e-13, "t = \(t), ν = \(nu)")
            XCTAssertEqual(StudentT.survival(-t, degreesOfFreedom: nu), expected, accuracy: 1e-13)
        }
        XCTAssertEqual(StudentT.cdf(0, degreesOfFreedom: 7), 0.5)
        // scipy.stats.t.ppf(0.95, ν)
        let q95: [(Int, Double)] = [(1, 6.313751514675037), (2, 2.9199855803537242), (4, 2.1318467863266495),
                                    (9, 1.833112932656237), (29, 1.6991270265334972), (60, 1.6706488649046363)]
        for (nu, expected) in q95 {
            XCTAssertEqual(StudentT.quantile(0.95, degreesOfFreedom: nu), expected, accuracy: 1e-10, "ν = \(nu)")
            XCTAssertEqual(StudentT.quantile(0.05, degreesOfFreedom: nu), -expected, accuracy: 1e-10)
        }
        // The 97.5% quantile agrees with the table the 95% intervals use.
        for nu in [1, 4, 30] {
            XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: nu), StudentT.quantile975(degreesOfFreedom: nu), accuracy: 1e-5)
        }
    }

    func testHolmMatchesHandComputedCases() {
        // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06.
        let adjusted = HolmBonferroni.adjust([0.01, 0.04, 0.03, 0.005])
        for (a, e) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { XCTAssertEqual(a, e, accuracy: 1e-15) }
        // Capped at 1, and monotone: 0.5·2 = 1, then 0.6 raised to 1.
        XCTAssertEqual(HolmBonferroni.adjust([0.5, 0.6]), [1, 1])
        // NaN stays NaN and does not count in m (m = 2 here).
        let withNaN = HolmBonferroni.adjust([0.02, .nan, 0.04])
        XCTAssertEqual(withNaN[0], 0.04, accuracy: 1e-15)
        XCTAssertTrue(withNaN[1].isNaN)
        XCTAssertEqual(withNaN[2], 0.04, accuracy: 1e-15)
        // One p-value: unchanged.
        XCTAssertEqual(HolmBonferroni.adjust([0.037]), [0.037])
        // Ties keep their order and get the same adjusted value.
        XCTAssertEqual(HolmBonferroni.adjust([0.01, 0.01]), [0.02, 0.02])
    }

    func testDifferencePValueMatchesSciPy() {
        let t = ClaimTestResult(differences: [0.05, 0.03, 0.04, 0.06, 0.02], test: .difference, greater: true)
        XCTAssertEqual(t.pValue, 0.004812678330044224, accuracy: 1e-12)   // ttest_1samp(d, 0).pvalue
        XCTAssertEqual(t.verdict, .supported)
        let against = ClaimTestResult(differences: [0.05, 0.03, 0.04, 0.06, 0.02], test: .difference, greater: false)
        XCTAssertEqual(against.verdict, .contradicted)
    }

    func testEquivalenceTOSTMatchesSciPy() {
        let d = [0.004, -0.006, 0.002, 0.001, -0.003]
        let t = ClaimTestResult(differences: d, test: .equivalence(margin: 0.01), greater: true)
        // max(t.sf((m + 0.01)/se, 4), t.cdf((m − 0.01)/se, 4)) with m = −0.0004, se = 0.0018055470085267787
        XCTAssertEqual(t.pValue, 0.003008965092946055, accuracy: 1e-12)
        XCTAssertEqual(t.intervalLow, -0.004249149587689509, accuracy: 1e-12)
        XCTAssertEqual(t.intervalHigh, 0.0034491495876895085, accuracy: 1e-12)
        XCTAssertEqual(t.verdict, .supported)
        // A margin smaller than the interval: neither inside nor wholly outside.
        XCTAssertEqual(ClaimTestResult(differences: d, test: .equivalence(margin: 0.003), greater: true).verdict, .inconclusive)
        // A clear difference of about 4 points against a 1-point margin: contradicted.
        let far = ClaimTestResult(differences: [0.05, 0.03, 0.04, 0.06, 0.02], test: .equivalence(margin: 0.01), greater: true)
        XCTAssertEqual(far.verdict, .contradicted)
        XCTAssertGreaterThan(far.pValue, 0.5)
    }

    func testNonInferiority() {
        let d = [0.004, -0.006, 0.002, 0.001, -0.003]
        // a − b > −0.01: p = t.sf((m + 0.01)/se, 4) = 0.003008965092946055.
        let t = ClaimTestResult(differences: d, test: .nonInferiority(margin: 0.01), greater: true)
        XCTAssertEqual(t.pValue, 0.003008965092946055, accuracy: 1e-12)
        XCTAssertEqual(t.verdict, .supported)
        // Lower is better (a loss): a − b < +0.01, p = t.cdf((m − 0.01)/se, 4) = 0.0022533752218624166.
        let loss = ClaimTestResult(differences: d, test: .nonInferiority(margin: 0.01), greater: false)
        XCTAssertEqual(loss.pValue, 0.0022533752218624166, accuracy: 1e-12)
        // Clearly worse by more than the margin.
        let worse = ClaimTestResult(differences: [-0.05, -0.03, -0.04, -0.06, -0.02], test: .nonInferiority(margin: 0.01), greater: true)
        XCTAssertEqual(worse.verdict, .contradicted)
    }

    func testExactResultsAreFactsWithoutIntervals() {
        let zero = ClaimTestResult(differences: [0, 0, 0, 0, 0], test: .equivalence(margin: 0.01), greater: true)
        XCTAssertTrue(zero.isExact)
        XCTAssertEqual(zero.pValue, 0)
        XCTAssertEqual(zero.verdict, .supported)
        XCTAssertEqual(ClaimTestResult(differences: [0.02, 0.02], test: .equivalence(margin: 0.01), greater: true).verdict, .contradicted)
        XCTAssertEqual(ClaimTestResult(differences: [0, 0, 0], test: .difference, greater: true).verdict, .inconclusive)
        XCTAssertEqual(ClaimTestResult(differences: [0.3], test: .difference, greater: true).verdict, .inconclusive, "one seed decides nothing")
    }

    // MARK: Claims in a study

    static let main = ExperimentHandle("main")
    static let a = main.level("a"), b = main.level("b"), c = main.level("c"), d = main.level("d"), e = main.level("e")
    /// Probe "acc" per seed: b, c, d are a minus these per-seed offsets.
    static let base: [Double] = [0.80, 0.82, 0.79, 0.81, 0.83]
    static let offsets: [String: [Double]] = [
        "a": [0, 0, 0, 0, 0], "b": [0.010, 0.030, 0.020, 0.005, 0.025],
        "c": [0.004, -0.006, 0.002, 0.001, -0.003], "d": [0.02, -0.01, 0.03, 0.00, 0.01], "e": [0, 0, 0, 0, 0],
    ]

    static func results(_ claims: [Claim]) -> StudyResults {
        let labels = ["a", "b", "c", "d", "e"]
        let handles = labels.map { main.level($0) }
        func experiment() -> Experiment {
            Experiment(main, base: DemoFixtures.base, vary: Vary("level", handles.map { Level($0) { _ in } }), seeds: Seeds(5))
        }
        let exp = experiment()
        let cells = exp.cells.map { cell in
            CellResults(cell: cell, runs: Dictionary(uniqueKeysWithValues: (0..<5).map { s in
                let v = base[s] - offsets[cell.label]![s]
                return (UInt64(s), MadeUpRecords.record(losses: [(1, 1.5), (0.5, 1)], probes: ["acc": [v]]))
            }))
        }
        let study = Study("made-up", title: "Made up") { _ in
            experiment()
            for claim in claims { claim }
        }
        return StudyResults(study: study, profile: .quick, experiments: ["main": ExperimentResults(experiment: exp, cells: cells)])
    }

    func testAFamilyIsHolmAdjustedAndReported() throws {
        let q = Quantity.probe("acc")
        let claims = [
            Claim("a beats b", q, Self.a, greaterThan: Self.b).family("f"),     // ttest p = 0.01781132547795687
            Claim("a beats d", q, Self.a, greaterThan: Self.d).family("f"),     // p = 0.23019964108049884
            Claim.equivalent("c matches a", q, Self.c, to: Self.a, within: 0.01).family("f"),  // TOST p = 0.003008965092946055
            Claim("a beats b, alone", q, Self.a, greaterThan: Self.b),
        ]
        let r = Self.results(claims)
        let o = claims.map(r.outcome)
        // Holm over m = 3: 0.003009·3, 0.01781·2, max(0.2302, ·) .
        XCTAssertEqual(o[2].test!.adjustedPValue, 3 * 0.003008965092946055, accuracy: 1e-10)
        XCTAssertEqual(o[0].test!.adjustedPValue, 2 * 0.01781132547795687, accuracy: 1e-10)
        XCTAssertEqual(o[1].test!.adjustedPValue, 0.23019964108049884, accuracy: 1e-10)
        XCTAssertEqual(o.map(\.verdict), [.supported, .inconclusive, .supported, .supported])
        XCTAssertEqual(o[0].test!.familySize, 3)
        XCTAssertNil(o[3].test!.family)
        XCTAssertEqual(o[3].test!.adjustedPValue, o[3].test!.pValue)
        XCTAssertTrue(o[0].evidence.contains("Holm-adjusted p = 0.0356 over the 3 claims of family “f”"), o[0].evidence)
        XCTAssertTrue(o[2].evidence.contains("90% CI"), o[2].evidence)
        XCTAssertTrue(o[2].evidence.contains("margin ±0.01"), o[2].evidence)
        XCTAssertEqual(o[2].claim.formula, "acc: c ≈ a within ±0.01")
        // summary.json carries raw and adjusted p and the family for these claims only.
        let summary = StudySummary(study: r.study, results: r, outcomes: o, environment: RunEnvironment(dlstudyVersion: "test", gitCommit: nil))
        XCTAssertEqual(summary.claims[0].family, "f")
        XCTAssertEqual(summary.claims[0].adjustedPValue!, 2 * 0.01781132547795687, accuracy: 1e-10)
        XCTAssertEqual(summary.claims[2].test, "equivalence")
        XCTAssertEqual(summary.claims[2].margin, 0.01)
        let plain = String(decoding: try JSONEncoder().encode(summary.claims[3]), as: UTF8.self)
        XCTAssertFalse(plain.contains("pValue"), "a plain claim's summary (and baseline) is as before: \(plain)")
        XCTAssertFalse(plain.contains("family"))
    }

    func testHolmCanTurnASupportedClaimInconclusive() {
        // p = 0.0178 is supported alone; in a family of three with two larger p-values it is
        // compared with 0.05/3 and fails, and Holm stops there.
        let q = Quantity.probe("acc")
        let claims = [Claim("a beats b", q, Self.a, greaterThan: Self.b).family("g"),
                      Claim("a beats d", q, Self.a, greaterThan: Self.d).family("g"),
                      Claim("a beats e", q, Self.a, greaterThan: Self.e).family("g")]
        let o = claims.map(Self.results(claims).outcome)
        XCTAssertEqual(o[0].test!.pValue, 0.01781132547795687, accuracy: 1e-12)
        XCTAssertEqual(o[0].test!.adjustedPValue, 3 * 0.01781132547795687, accuracy: 1e-10)
        XCTAssertEqual(o[0].verdict, .inconclusive)
        XCTAssertEqual(o[2].test!.pValue, 1, "a − e is exactly 0 in every seed")
    }

    func testExactDifferencesReadAsFacts() {
        let q = Quantity.probe("acc")
        let claims = [Claim.equivalent("a equals e", q, Self.a, to: Self.e, within: 0.01),
                      Claim("a above a constant", q, Self.e, greaterThan: 0.5)]
        let r = Self.results(claims)
        let eq = r.outcome(claims[0])
        XCTAssertEqual(eq.verdict, .supported)
        XCTAssertTrue(eq.evidence.contains("the difference is exactly 0 in every one of the 5 seeds"), eq.evidence)
        XCTAssertFalse(eq.evidence.contains("CI"))
        XCTAssertFalse(eq.evidence.contains("d ="))
        // Values that vary across seeds against a constant are not a fact.
        XCTAssertTrue(r.outcome(claims[1]).evidence.contains("95% CI"))
    }

    func testBadMarginsAndDuplicateFamilyTextsAreRejected() {
        let q = Quantity.probe("acc")
        let bad = Self.results([Claim.equivalent("x", q, Self.a, to: Self.b, within: 0)])
        XCTAssertThrowsError(try bad.study.validate(profile: .quick, checkingSpecs: false)) { error in
            XCTAssertTrue("\(error)".contains("positive, finite margin"), "\(error)")
        }
        let twice = Self.results([Claim("x", q, Self.a, greaterThan: Self.b).family("f"),
                                  Claim("x", q, Self.a, greaterThan: Self.d).family("f")])
        XCTAssertThrowsError(try twice.study.validate(profile: .quick, checkingSpecs: false)) { error in
            XCTAssertTrue("\(error)".contains("appears twice in family 'f'"), "\(error)")
        }
    }
}
