import DLCore
import Foundation

/// The records of one cell (a combination of levels), by seed.
public struct CellResults: Sendable {
    public let cell: ExperimentCell
    public let runs: [UInt64: RunRecord]

    public var label: String { cell.label }
    public var seeds: [UInt64] { runs.keys.sorted() }

    /// `quantity` per seed (seeds without a value left out).
    public func values(_ quantity: Quantity) -> [UInt64: Double] {
        runs.compactMapValues { quantity.value($0) }
    }

    /// `quantity` of the seeds that have one, in seed order: sums, drawing order and files come
    /// out the same in every process (a dictionary's order does not).
    public func orderedValues(_ quantity: Quantity) -> [Double] {
        seeds.compactMap { runs[$0].flatMap(quantity.value) }
    }

    /// Summary over seeds, summed in seed order so the same records give the same bits.
    public func summary(_ quantity: Quantity) -> Summary? {
        Summary(orderedValues(quantity))
    }

    /// The mean curve of `metric` over seeds, per epoch, for the epochs every run has reached
    /// (the shortest run bounds it); `x` chooses the abscissa.
    public func curve(_ metric: Metric, x: CurveAxis = .epoch) -> (x: [Double], summaries: [Summary]) {
        let records = seeds.map { runs[$0]! }
        let rows = records.map { $0.epochs.filter { $0.value(metric) != nil } }
        guard let shortest = rows.map(\.count).min(), shortest > 0 else { return ([], []) }
        var xs: [Double] = [], ss: [Summary] = []
        for i in 0..<shortest {
            let vals = rows.map { $0[i].value(metric)! }
            guard let s = Summary(vals) else { break }
            xs.append(x.value(rows[0][i]))
            ss.append(s)
        }
        return (xs, ss)
    }

    /// Every epoch at which some run recorded `metric`, with the summary over the seeds whose
    /// value there is finite (nil when none is). Unlike `curve`, runs that stopped early or
    /// diverged do not cut the other seeds' epochs short.
    public func epochSummaries(_ metric: Metric) -> [(epoch: Int, summary: Summary?)] {
        var byEpoch: [Int: [Double]] = [:]
        for seed in seeds {
            for row in runs[seed]!.epochs { if let v = row.value(metric) { byEpoch[row.epoch, default: []].append(v) } }
        }
        return byEpoch.keys.sorted().map { ($0, Summary(byEpoch[$0]!)) }
    }

    /// Runs that diverged, with the step.
    public var diverged: [UInt64: Int] {
        runs.compactMapValues { $0.status == .diverged ? $0.divergedAtStep ?? 0 : nil }
    }
}

/// The abscissa of a curve.
public enum CurveAxis: Sendable {
    case epoch, step, samplesSeen
    func value(_ m: EpochMetrics) -> Double {
        switch self {
        case .epoch: return Double(m.epoch)
        case .step: return Double(m.step)
        case .samplesSeen: return Double(m.samplesSeen)
        }
    }
    public var label: String {
        switch self { case .epoch: return "epoch"; case .step: return "step"; case .samplesSeen: return "samples seen" }
    }
}

/// One experiment's results: its cells in order.
public struct ExperimentResults: Sendable {
    public let experiment: Experiment
    public let cells: [CellResults]

    /// The cell with this label ("16", or "16, 0.1" for a grid).
    public subscript(label: String) -> CellResults? { cells.first { $0.label == label } }

    /// Cells missing at least one seed's record.
    public var incomplete: [String] { cells.filter { $0.runs.count < experiment.seeds.count }.map(\.label) }
}

/// Everything a study's runs produced, keyed by experiment id.
public final class StudyResults: @unchecked Sendable {
    public let study: Study
    public let profile: Profile
    public let experiments: [String: ExperimentResults]
    /// Where the records came from: cross-run probes read kept weights from here.
    public var cache: RunCache?
    var jobs: [RunJob] = []

    public init(study: Study, profile: Profile, experiments: [String: ExperimentResults]) {
        self.study = study
        self.profile = profile
        self.experiments = experiments
    }

    public subscript(id: String) -> ExperimentResults? { experiments[id] }

    /// The plan the records were collected for.
    public var planned: PlannedRuns { PlannedRuns(jobs) }

    /// Values of the derived jobs found in the cache, by key.
    public var derived: [String: DerivedValues] = [:]
    /// Derived jobs of the plan that have no cached values (the report says so).
    public var missingDerived: [DerivedJob] = []

    /// What a derived job computed in the run phase; nil when it has not been computed.
    public func values(of job: DerivedJob) -> DerivedValues? { derived[job.key] }

    /// The numeric platform of the records (`NumericPlatform`), or the platforms joined with
    /// " + " when records from several were gathered.
    public var platform: String {
        let names = Set(experiments.values.flatMap { $0.cells.flatMap { $0.runs.values.map { $0.platform ?? "unknown" } } })
        return names.isEmpty ? NumericPlatform.current : names.sorted().joined(separator: " + ")
    }

    /// The one experiment, for studies that have just one.
    public var main: ExperimentResults { experiments["main"] ?? experiments.values.first! }
}
