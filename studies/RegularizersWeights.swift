import DLCore
import DLStudy

// What the regularizers study reads from weights rather than records, measured in the run phase
// as derived jobs (kept apart from the study's own analysis: the lead owns this part).
extension RegularizersAnalysis {
    /// What the report reads from weights, measured in the run phase (derived jobs): the
    /// statistics of the initial weights, and |w| of every weight-matrix entry of each level's
    /// final weights at seed 0.
    static func derivedJobs(_ runs: PlannedRuns, _ profile: Profile) -> [DerivedJob] {
        [initialStatisticsJob(profile)] + runs.jobs.filter { $0.experiment == "main" && $0.seed == 0 }.map(absoluteWeightsJob)
    }

    static func initialStatisticsJob(_ profile: Profile) -> DerivedJob {
        let base = RegularizersStudy.base(profile)
        return DerivedJob(kind: "weight-statistics", name: "regularizers/initial-weights",
                          parameters: String(decoding: base.canonicalJSON, as: UTF8.self) + "\(RegularizersStudy.nearZero)", inputs: []) { context in
            let stats = WeightStatistics.of(model: try context.freshModel(base).model, nearZero: RegularizersStudy.nearZero)
            return DerivedValues(numbers: ["nearZero": [stats.total.nearZero], "l2": [stats.total.l2]])
        }
    }

    static func absoluteWeightsJob(_ run: RunJob) -> DerivedJob {
        DerivedJob(kind: "absolute-weights", name: "\(run.readableName)/absolute-weights", parameters: "weights", inputs: [run]) { context in
            let model = try context.trainedModel(run).model
            return DerivedValues(numbers: ["abs": model.namedParameters.filter { $0.parameter.role == .weight }.flatMap { $0.parameter.value.values.map { Double(abs($0)) } }])
        }
    }

    /// The near-zero fraction and L2 norm of the initial weights (seed 0).
    static func initialStatistics(_ r: StudyResults) -> (nearZero: Double, l2: Double)? {
        guard let v = r.values(of: initialStatisticsJob(r.profile)), let nz = v[numbers: "nearZero"]?.first, let l2 = v[numbers: "l2"]?.first else { return nil }
        return (nz, l2)
    }

    /// |w| of every weight-matrix entry of one level's final weights at seed 0 (the restored
    /// ones for early stopping); nil when not measured.
    static func absoluteWeights(_ r: StudyResults, level: String) -> [Double]? {
        r.planned.job("main", level: level, seed: 0).flatMap { r.values(of: absoluteWeightsJob($0))?[numbers: "abs"] }
    }
}
