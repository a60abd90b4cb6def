import DLCore
import Foundation

extension Baseline {
    /// The baseline of a study's results: levels, final metrics, probes and verdicts as
    /// `summary.json` reports them (`StudySummary`), plus every recorded metric's curve.
    public init(study: Study, results: StudyResults, environment: RunEnvironment) {
        let outcomes = study.claims(for: results.profile).map { $0.evaluate(results) }
        let summary = StudySummary(study: study, results: results, outcomes: outcomes, environment: environment)
        format = Baseline.currentFormat
        self.study = summary.study
        title = summary.title
        profile = summary.profile
        dlstudyVersion = summary.dlstudyVersion
        engineVersion = summary.engineVersion
        generated = summary.generated
        gitCommit = environment.gitCommit
        experiments = summary.experiments.map { e in
            let cells = results[e.id]?.cells ?? []
            let levels = e.levels.map { level -> LevelValues in
                let cell = cells.first { $0.label == level.label }
                return LevelValues(
                    label: level.label, runs: level.runs, diverged: level.diverged.count,
                    curves: cell.map(Baseline.curves) ?? [:],
                    final: level.final.mapValues { Stat(Array($0.perSeed.values)) },
                    probes: level.probes.mapValues { Stat(Array($0.perSeed.values)) })
            }
            return ExperimentValues(id: e.id, factors: e.factors, seeds: e.seeds, levels: levels)
        }
        claims = summary.claims.map {
            ClaimVerdict(text: $0.text, formula: $0.formula, verdict: $0.verdict,
                         meanDifference: $0.meanDifference.flatMap(Baseline.rounded),
                         ciLow: $0.ciLow.flatMap(Baseline.rounded), ciHigh: $0.ciHigh.flatMap(Baseline.rounded))
        }
    }

    /// The metrics a baseline follows over epochs: everything a run records except the
    /// generalization gap, which is test loss minus train loss.
    public static let curveMetrics = Metric.allCases.filter { $0 != .generalizationGap }

    /// Every recorded metric of one level over epochs.
    static func curves(_ cell: CellResults) -> [String: Curve] {
        var curves: [String: Curve] = [:]
        for metric in curveMetrics {
            let points = cell.epochSummaries(metric)
            guard !points.isEmpty else { continue }
            curves[metric.rawValue] = Curve(
                epochs: points.map(\.epoch),
                mean: points.map { $0.summary.flatMap { rounded($0.mean) } },
                sd: points.map { $0.summary.flatMap { rounded($0.sd) } },
                n: points.map { $0.summary?.n ?? 0 })
        }
        return curves
    }
}
