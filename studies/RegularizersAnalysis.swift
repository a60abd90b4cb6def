import DLCore
import DLStudy
import Foundation

/// The numbers the regularizers study reads from its records.
enum RegularizersAnalysis {
    /// The weight-statistics probe lists one value per weight matrix and then the total; these
    /// read the total (all 78,336 weight-matrix entries).
    static let nearZeroTotal = Quantity.custom("near-zero (|w| < 10⁻³)") { record in
        record.probes["weights.near_zero"]?.last
    }

    static let normTotal = Quantity.custom("‖w‖₂") { record in
        record.probes["weights.l2"]?.last
    }

    static let tableQuantities: [Quantity] = [
        .final(.trainLoss), .final(.testLoss), .final(.testAccuracy), .best(.testAccuracy),
        .custom("gap") { Quantity.final(.generalizationGap).value($0) },
        nearZeroTotal, normTotal, .epochs,
    ]

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

    /// The epoch of the lowest test loss (1-based; row 0 is the initialization).
    static func epochOfMinimum(_ record: RunRecord, _ metric: Metric = .testLoss) -> (epoch: Int, value: Double)? {
        let rows = record.epochs.compactMap { row in row.value(metric).flatMap { $0.isFinite ? (row.epoch, $0) : nil } }
        return rows.min { $0.1 < $1.1 }.map { (epoch: $0.0, value: $0.1) }
    }

    /// Early stopping per seed, set against the unregularized run of the same seed.
    struct EarlyStop {
        let seed: UInt64
        /// The epoch whose weights were restored, and the epoch training stopped at.
        let restored: Int
        let stopped: Int
        let restoredTestLoss: Double
        let restoredTestAccuracy: Double
        /// The unregularized run's lowest test loss and its epoch.
        let noneMinimumEpoch: Int
        let noneMinimum: Double
        let noneFinalTestLoss: Double
        /// restored test loss ÷ none's minimum − 1.
        var excess: Double { restoredTestLoss / noneMinimum - 1 }
    }

    static func earlyStops(_ r: StudyResults) -> [EarlyStop] {
        guard let exp = r["main"], let es = exp[RegularizersStudy.earlyLabel], let none = exp[RegularizersStudy.none] else { return [] }
        return es.seeds.compactMap { seed in
            guard let run = es.runs[seed], let base = none.runs[seed], let final = run.final,
                  let restored = run.bestEpoch, let m = epochOfMinimum(base) else { return nil }
            return EarlyStop(seed: seed, restored: restored, stopped: run.epochs.last?.epoch ?? 0,
                             restoredTestLoss: final.testLoss ?? .nan, restoredTestAccuracy: final.testAccuracy ?? .nan,
                             noneMinimumEpoch: m.epoch, noneMinimum: m.value,
                             noneFinalTestLoss: base.final?.testLoss ?? .nan)
        }
    }
}
