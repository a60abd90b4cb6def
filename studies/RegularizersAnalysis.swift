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

    /// The weight statistics of the initial weights (seed 0), measured on a freshly built model.
    static func initialStatistics(_ profile: Profile) -> WeightStatistics? {
        guard let trainer = try? Trainer(spec: RegularizersStudy.base(profile)) else { return nil }
        return WeightStatistics.of(model: trainer.model, nearZero: RegularizersStudy.nearZero)
    }

    /// |w| of every weight-matrix entry of one run's final weights (the restored ones for early
    /// stopping), read back from the kept weights; nil when they were not kept.
    static func absoluteWeights(_ r: StudyResults, level: String, seed: UInt64 = 0) -> [Double]? {
        guard let (model, _) = r.finalModel(experiment: "main", level: level, seed: seed) else { return nil }
        return model.namedParameters.filter { $0.parameter.role == .weight }.flatMap { $0.parameter.value.values.map { Double(abs($0)) } }
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
