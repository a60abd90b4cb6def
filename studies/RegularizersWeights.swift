import DLCore
import DLStudy

// Moved verbatim from RegularizersAnalysis.swift: these two rebuild a Trainer or load kept
// weights, and are being turned into cached derived jobs (issue 12, part 3).
extension RegularizersAnalysis {
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
}
