import DLCore
import DLStudy
import Foundation

// What the regularizers study reads from weights rather than records, measured in the run phase
// as derived jobs. Only what the report needs is stored: a histogram of |w| in the figure's
// bins and two medians, not every weight (about 60 numbers instead of 76,000 per level).
extension RegularizersAnalysis {
    /// The statistics of the initial weights, and the |w| histogram of seed 0's final weights
    /// of none and every L1 and L2 strength (the matched pair is chosen from these).
    static func derivedJobs(_ runs: PlannedRuns, _ profile: Profile) -> [DerivedJob] {
        let levels = Set([S.none] + (S.tuning.cells(S.l1) + S.tuning.cells(S.l2)).map(\.label))
        return [initialStatisticsJob(profile)]
            + runs.jobs.filter { $0.experiment == S.main.id && $0.seed == 0 && levels.contains($0.cellLabel) }.map(weightHistogramJob)
    }

    static func initialStatisticsJob(_ profile: Profile) -> DerivedJob {
        let base = RegularizersStudy.base(profile)
        return DerivedJob(kind: "weight-statistics", name: "regularizers/initial-weights",
                          parameters: String(decoding: base.canonicalJSON, as: UTF8.self) + "\(RegularizersStudy.nearZero)", inputs: []) { context in
            let stats = WeightStatistics.of(model: try context.freshModel(base).model, nearZero: RegularizersStudy.nearZero)
            return DerivedValues(numbers: ["nearZero": [stats.total.nearZero], "l2": [stats.total.l2]])
        }
    }

    /// The histogram's bins: `binsPerDecade` to a decade from `smallestMagnitude` up to 10
    /// (|w| never reaches it here); values below the first edge, zeros included, in bin 0.
    static var binEdges: [Double] {
        let k = Double(S.binsPerDecade), low = log10(S.smallestMagnitude)
        return (0...Int((1 - low) * k)).map { pow(10, low + Double($0) / k) }
    }

    /// The bin of |w| (clamped to the ends).
    static func bin(_ magnitude: Double) -> Int {
        let edges = binEdges
        guard magnitude > edges[0] else { return 0 }
        return min(Int(((log10(magnitude) - log10(edges[0])) * Double(S.binsPerDecade)).rounded(.down)), edges.count - 2)
    }

    /// Counts per bin, the exact fraction below the near-zero threshold, and the medians of
    /// |w| below and at or above it.
    static func histogram(_ magnitudes: [Double]) -> DerivedValues {
        var counts = [Double](repeating: 0, count: binEdges.count - 1)
        for m in magnitudes { counts[bin(m)] += 1 }
        let small = magnitudes.filter { $0 < S.nearZero }.sorted(), big = magnitudes.filter { $0 >= S.nearZero }.sorted()
        let median = { (v: [Double]) in v.isEmpty ? Double.nan : v[v.count / 2] }
        return DerivedValues(numbers: ["counts": counts, "nearZero": [Double(small.count) / Double(max(magnitudes.count, 1))],
                                       "medianSmall": [median(small)], "medianBig": [median(big)]])
    }

    static func weightHistogramJob(_ run: RunJob) -> DerivedJob {
        DerivedJob(kind: "weight-histogram", name: "\(run.readableName)/weight-histogram",
                   parameters: "|w| in \(S.binsPerDecade) bins a decade from \(S.smallestMagnitude); near zero below \(S.nearZero)", inputs: [run]) { context in
            let model = try context.trainedModel(run).model
            return histogram(model.namedParameters.filter { $0.parameter.role == .weight }.flatMap { $0.parameter.value.values.map { Double(abs($0)) } })
        }
    }

    /// The near-zero fraction and L2 norm of the initial weights (seed 0).
    static func initialStatistics(_ r: StudyResults) -> (nearZero: Double, l2: Double)? {
        guard let v = r.values(of: initialStatisticsJob(r.profile)), let nz = v[numbers: "nearZero"]?.first, let l2 = v[numbers: "l2"]?.first else { return nil }
        return (nz, l2)
    }

    /// The stored histogram of one level's final weights at seed 0; nil when not measured.
    static func weightHistogram(_ r: StudyResults, level: String) -> DerivedValues? {
        r.planned.job(S.main.id, level: level, seed: 0).flatMap { r.values(of: weightHistogramJob($0)) }
    }

    /// |w| of one level's weights at seed 0 as the figure needs them: each bin's count of
    /// values at the bin's geometric centre (which falls in the same bin of the same edges).
    static func absoluteWeights(_ r: StudyResults, level: String) -> [Double]? {
        guard let counts = weightHistogram(r, level: level)?[numbers: "counts"] else { return nil }
        let edges = binEdges
        return counts.enumerated().flatMap { i, n in Array(repeating: (edges[i] * edges[i + 1]).squareRoot(), count: Int(n)) }
    }

    /// The medians of seed 0's |w| below and at or above the near-zero threshold.
    static func medians(_ r: StudyResults, level: String) -> (small: Double, big: Double)? {
        guard let v = weightHistogram(r, level: level), let s = v[numbers: "medianSmall"]?.first, let b = v[numbers: "medianBig"]?.first else { return nil }
        return (s, b)
    }
}
