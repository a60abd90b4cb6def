import DLCore

/// A way of predicting from a study's runs — one model's weights, an ensemble of several, a
/// stacked ensemble — evaluated per seed by `EnsembleEvaluation` derived jobs. When a method has
/// several candidates per seed (SWA from two epochs, two snapshot-ensemble sizes), the one with
/// the lowest validation NLL is its value at that seed: chosen on validation, never on test.
public struct PredictionMethod: @unchecked Sendable {
    public let label: String
    /// Models evaluated per prediction, and training epochs spent per seed (its compute).
    public let models: Int
    public let trainingEpochs: Int
    /// Reads the stacked prediction (`stacking.*`) of its jobs instead of the plain average.
    public let stacked: Bool
    /// The candidates at a seed, as jobs made from the plan (an empty list when the plan lacks a run).
    public let candidates: (PlannedRuns, UInt64) -> [DerivedJob]

    public init(_ label: String, models: Int, trainingEpochs: Int, stacked: Bool = false,
                candidates: @escaping (PlannedRuns, UInt64) -> [DerivedJob]) {
        self.label = label; self.models = models; self.trainingEpochs = trainingEpochs
        self.stacked = stacked; self.candidates = candidates
    }

    /// What it reads from a job's values.
    public enum Metric: String, Sendable, CaseIterable {
        case accuracy, nll, ece, gain
        public var label: String {
            switch self {
            case .accuracy: return "test accuracy (%)"
            case .nll: return "test NLL"
            case .ece: return "test ECE (%)"
            case .gain: return "gain over the members' mean accuracy (points)"
            }
        }
        /// Factor for display (fractions as percentages or points).
        public var scale: Double { self == .nll ? 1 : 100 }
        public var lowerIsBetter: Bool { self == .nll || self == .ece }
    }

    /// The candidate chosen at `seed` (lowest validation NLL, the first on a tie) and its index.
    public func chosen(_ r: StudyResults, seed: UInt64) -> (index: Int, result: EnsembleEvaluation.Result)? {
        let results = candidates(r.planned, seed).map { EnsembleEvaluation.result(r.values(of: $0)) }
        guard !results.isEmpty, results.allSatisfy({ $0 != nil }) else { return nil }
        let scores = results.map { $0!.validationNLL ?? .infinity }
        let best = scores.indices.min { scores[$0] < scores[$1] }!
        return (best, results[best]!)
    }

    /// The metric at every seed that has all its candidates' values.
    public func values(_ r: StudyResults, _ metric: Metric, seeds: [UInt64]) -> [UInt64: Double] {
        var out: [UInt64: Double] = [:]
        for seed in seeds {
            guard let (_, result) = chosen(r, seed: seed) else { continue }
            let v: Double?
            switch (metric, stacked) {
            case (.accuracy, false): v = result.accuracy
            case (.nll, false): v = result.nll
            case (.ece, false): v = result.ece
            case (.accuracy, true): v = result.scalar("stacking.accuracy")
            case (.nll, true): v = result.scalar("stacking.nll")
            case (.ece, true): v = result.scalar("stacking.ece")
            case (.gain, false): v = result.gain
            case (.gain, true): v = result.scalar("stacking.accuracy").map { a in a - (result.accuracy ?? .nan) + (result.gain ?? .nan) }
            }
            if let v, v.isFinite { out[seed] = v }
        }
        return out
    }

    /// `values` in seed order.
    public func orderedValues(_ r: StudyResults, _ metric: Metric, seeds: [UInt64]) -> [Double] {
        let v = values(r, metric, seeds: seeds)
        return seeds.compactMap { v[$0] }
    }
}

/// The methods a study compares, with the seeds they are evaluated at: the jobs to plan, the
/// claims' values and the stock figures.
public struct PredictionMethods: @unchecked Sendable {
    public let methods: [PredictionMethod]
    public let seeds: [UInt64]
    /// The experiment whose runs the methods read first (figures and claims are filed under it).
    public let experiment: String

    public init(_ methods: [PredictionMethod], seeds: [UInt64], experiment: String) {
        self.methods = methods; self.seeds = seeds; self.experiment = experiment
    }

    public subscript(label: String) -> PredictionMethod? { methods.first { $0.label == label } }

    /// Every candidate job at every seed (duplicates are dropped by the plan).
    public func jobs(_ runs: PlannedRuns) -> [DerivedJob] {
        methods.flatMap { m in seeds.flatMap { m.candidates(runs, $0) } }
    }

    /// `Derive` block planning the jobs.
    public var derive: Derive { Derive { self.jobs($0) } }

    /// Claim values: a method's `metric` per seed, by method label.
    public func reading(_ metric: PredictionMethod.Metric) -> SeedValues {
        SeedValues(levels: methods.map(\.label)) { r, label in self[label].map { $0.values(r, metric, seeds: self.seeds) } }
    }

    public func summary(_ r: StudyResults, _ label: String, _ metric: PredictionMethod.Metric) -> Summary? {
        self[label].flatMap { Summary($0.orderedValues(r, metric, seeds: seeds)) }
    }

    public func mean(_ r: StudyResults, _ label: String, _ metric: PredictionMethod.Metric) -> Double {
        summary(r, label, metric)?.mean ?? .nan
    }
}
