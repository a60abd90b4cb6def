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
        platform = summary.platform
        generated = summary.generated
        gitCommit = environment.gitCommit
        experiments = summary.experiments.map { e in
            let cells = results[e.id]?.cells ?? []
            // A level whose runs all diverged has no final value: it keeps the key, with n = 0,
            // so that a recovery reads as moved values, not as a changed set of metrics.
            let finalKeys = Set(e.levels.flatMap(\.final.keys)), probeKeys = Set(e.levels.flatMap(\.probes.keys))
            func stats(_ values: [String: StudySummary.Value], _ keys: Set<String>) -> [String: Stat] {
                // In seed order, so the same records give the same bits.
                Dictionary(uniqueKeysWithValues: keys.map { key in
                    let perSeed = values[key]?.perSeed.sorted { UInt64($0.key) ?? 0 < UInt64($1.key) ?? 0 } ?? []
                    return (key, Stat(perSeed.map(\.value)))
                })
            }
            let levels = e.levels.map { level -> LevelValues in
                let cell = cells.first { $0.label == level.label }
                return LevelValues(
                    label: level.label, runs: level.runs, diverged: level.diverged.count,
                    curves: cell.map(Baseline.curves) ?? [:],
                    final: stats(level.final, finalKeys), probes: stats(level.probes, probeKeys),
                    bits: cell.map(Baseline.bits) ?? [],
                    lossDrivenSchedule: cell?.cell.spec.schedule.followsLoss ?? false)
            }
            return ExperimentValues(id: e.id, factors: e.factors, seeds: e.seeds, levels: levels)
        }
        claims = summary.claims.map { c in
            var c = c
            for keyPath in [\StudySummary.ClaimSummary.meanDifference, \.ciLow, \.ciHigh, \.effectSize] {
                c[keyPath: keyPath] = c[keyPath: keyPath].flatMap(Baseline.rounded)
            }
            c.differences = c.differences.compactMap(Baseline.rounded)
            return c
        }
    }

    /// The metrics a baseline follows over epochs: everything a run records except the
    /// generalization gap, which is test loss minus train loss.
    public static let curveMetrics = Metric.allCases.filter { $0 != .generalizationGap }

    /// Each run's fingerprint, in seed order.
    static func bits(_ cell: CellResults) -> [RunBits] {
        cell.seeds.map { seed in
            let record = cell.runs[seed]!, print = record.fingerprint
            return RunBits(seed: seed, digest: print.digest, epochs: print.epochs, epochNumbers: record.epochs.map(\.epoch),
                           steps: record.epochs.map(\.step))
        }
    }

    /// Every recorded metric of one level over epochs.
    static func curves(_ cell: CellResults) -> [String: Curve] {
        var curves: [String: Curve] = [:]
        for metric in curveMetrics {
            let points = cell.epochSummaries(metric)
            guard !points.isEmpty else { continue }
            curves[metric.rawValue] = Curve(
                epochs: points.map(\.epoch),
                mean: points.map { $0.summary.flatMap { rounded($0.mean) } },
                sd: points.map { $0.summary.flatMap(roundedSD) },
                n: points.map { $0.summary?.n ?? 0 })
        }
        return curves
    }
}
