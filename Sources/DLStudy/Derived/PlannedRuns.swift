import DLCore

/// The runs of a study's plan, found by experiment, level and seed: what derived jobs are made
/// from (at plan time) and looked up by (at report time) — the same function of the plan both
/// times, so the report finds the values the run phase stored.
public struct PlannedRuns: Sendable {
    public let jobs: [RunJob]

    public init(_ jobs: [RunJob]) { self.jobs = jobs }

    public func job(_ experiment: String, level: String, seed: UInt64) -> RunJob? {
        jobs.first { $0.experiment == experiment && $0.cellLabel == level && $0.seed == seed }
    }

    /// The runs of one level, in seed order.
    public func jobs(_ experiment: String, level: String) -> [RunJob] {
        jobs.filter { $0.experiment == experiment && $0.cellLabel == level }.sorted { $0.seed < $1.seed }
    }
}

/// Derived jobs a study asks for outside figures (for prose and tables): `Derive { runs in … }`.
public struct Derive: StudyComponent, @unchecked Sendable {
    public let make: (PlannedRuns) -> [DerivedJob]
    public init(_ make: @escaping (PlannedRuns) -> [DerivedJob]) { self.make = make }
    public var block: StudyBlock { .derived(self) }
}

extension Study {
    /// Every derived job of the study at `profile`: a model summary per experiment (for the
    /// setup table), and what its figures and `Derive` blocks ask for. Duplicates (two figures
    /// asking for one interpolation) are one job.
    public func derivedPlan(profile: Profile, runs: [RunJob]) -> [DerivedJob] {
        let planned = PlannedRuns(runs)
        var jobs: [DerivedJob] = experiments(for: profile).map { ModelSummary.job(for: $0.base, study: name, experiment: $0.id) }
        for block in blocks(for: profile) {
            switch block {
            case .figure(let f): jobs += f.needs?(planned) ?? []
            case .derived(let d): jobs += d.make(planned)
            default: break
            }
        }
        var seen = Set<String>()
        return jobs.filter { seen.insert($0.key).inserted }
    }
}
