import DLCore
@testable import DLStudy
import Foundation
@testable import Studies
import XCTest

/// The init study: its claim families, and (issue 13's acceptance) the numbers its prose quotes
/// agree with its own summary.json.
final class InitializationStudyTests: XCTestCase {
    func testEveryClaimIsInAFamilyAndTheFullProfileHasFiveSeeds() throws {
        for profile in [Profile.quick, .full] {
            let claims = InitializationStudy.study.claims(for: profile)
            XCTAssertEqual(Set(claims.compactMap(\.family)), ["symmetry", "scale", "trainability"])
            XCTAssertTrue(claims.allSatisfy { $0.family != nil })
            try InitializationStudy.study.validate(profile: profile, checkingSpecs: false)
        }
        XCTAssertGreaterThanOrEqual(InitializationStudy.study.experiments(for: .full).map(\.seeds.count).min()!, 5)
    }

    /// The std ratio of the last hidden layer to the first reads the activations' outputs
    /// (entries 1 and 2·depth − 1 of `activations.signal_std`), as a log₂.
    func testDepthRatioReadsTheFirstAndLastActivations() {
        var std = [Double](repeating: 9, count: 2 * InitializationStudy.depth + 1)
        std[1] = 0.5
        std[2 * InitializationStudy.depth - 1] = 0.125
        let r = MadeUpRecords.record(losses: [(2.3, 2.3)], probes: ["activations.signal_std": std])
        XCTAssertEqual(InitializationStudy.depthLogRatio.value(r), -2)
        XCTAssertEqual(InitializationStudy.depthLogRatioSize.value(r), 2)
        XCTAssertEqual(InitializationStudy.activationStd(1).value(r), 0.5)
    }

    /// Runs the quick profile, writes the report, and checks the prose against summary.json:
    /// the accuracies and cosines it quotes, and each scheme's chosen rate recomputed from the
    /// per-seed validation accuracies summary.json lists.
    func testProseQuotesTheNumbersInSummaryJSON() throws {
        let study = InitializationStudy.study
        let report = try QuickReport(study)
        let summary = report.summary
        let html = report.html
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")

        func level(_ experiment: String, _ label: String) -> StudySummary.Level {
            summary.experiments.first { $0.id == experiment }!.levels.first { $0.label == label }!
        }
        func accuracy(_ experiment: String, _ label: String) -> String { Format.percent(level(experiment, label).final["testAccuracy"]!.mean!) }

        XCTAssertTrue(html.contains("(\(accuracy("main", "zero")) test accuracy, against \(accuracy("logistic", "logistic regression")) for a logistic regression)"))
        XCTAssertTrue(html.contains("and reaches \(accuracy("main", "constant 0.01"))."))
        let cosine = Format.number(level("main", "PyTorch default").probes["symmetry.0.mean_cos"]!.mean!)
        XCTAssertTrue(html.contains("mean pairwise cosine of \(cosine) between W₁'s rows"), cosine)
        XCTAssertTrue(html.contains("\(accuracy("main", "PyTorch default")) accuracy."))

        // The chosen rates: the best mean over seeds of the final (restored) validation accuracy,
        // a diverged seed counting 0; the smaller rate on a tie.
        for (experiment, groups) in [("deep-relu", ["Xavier", "He", "PyTorch default"]), ("deep-tanh", ["Xavier", "He", "PyTorch default"])] {
            for group in groups {
                let rates = InitializationStudy.rates(.quick)
                let scores = rates.map { rate -> Double in
                    let l = level(experiment, "\(group), \(Format.plain(Double(rate)))")
                    let seeds = summary.experiments.first { $0.id == experiment }!.seeds
                    let values = seeds.map { l.diverged[String($0)] != nil ? 0 : l.final["validationAccuracy"]!.perSeed[String($0)]! }
                    return values.reduce(0, +) / Double(values.count)
                }
                let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
                let chosen = level(experiment, "\(group), \(Format.plain(Double(rates[best])))")
                let test = chosen.diverged.isEmpty ? chosen.final["testAccuracy"]!.mean! : nil
                let quoted = "\(group) \(Format.plain(Double(rates[best])))"
                XCTAssertTrue(html.contains(quoted), "\(experiment): \(quoted)")
                if let test { XCTAssertTrue(html.contains("\(quoted)\(best == 0 || best == rates.count - 1 ? " (an end of the grid)" : "") reaching \(Format.percent(test))"), "\(experiment): \(quoted)") }
            }
        }
        // Every verdict the claims list in summary.json is on the page.
        XCTAssertEqual(summary.claims.count, study.claims(for: .quick).count)
        for claim in summary.claims { XCTAssertTrue(html.contains(claim.text), claim.text) }
    }
}
