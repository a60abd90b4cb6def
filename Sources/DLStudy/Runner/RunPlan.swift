import DLCore

/// One run a study needs: which experiment, cell and seed, and its fully resolved spec.
public struct RunJob: Sendable {
    public let study: String
    public let experiment: String
    public let cellIndex: Int
    public let cellLabel: String
    public let seed: UInt64
    public let spec: RunSpec
    public let probes: [ProbeSpec]
    public let keepWeights: Bool
    public let key: String
    /// Keys of the runs this one starts from (staged runs); they train first.
    public var dependencies: [String] = []

    /// A readable path for people: `batchsize/main/16/seed-1`.
    public var readableName: String {
        "\(study)/\(experiment)/\(cellLabel.replacingOccurrences(of: "/", with: "∕"))/seed-\(seed)"
    }
}

/// A deterministic slice of the runs: shard `index` of `count` (1-based), for job arrays.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Parses "i/n" with 1 ≤ i ≤ n.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else { return nil }
        index = i; count = n
    }

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    /// The jobs of this shard: jobs sorted by key, every n-th starting at i − 1. Stable across
    /// machines and independent of what is cached.
    public func select(_ jobs: [RunJob]) -> [RunJob] { select(jobs, derived: []).runs }

    /// This shard's runs and derived jobs. Whole chains go to one shard: runs joined by a stage
    /// (one starts from another) or read by one derived job form a group, groups are sorted by
    /// their smallest key and dealt out every n-th starting at i − 1. So a shard never waits for
    /// another's runs, and a shard's derived jobs find their inputs in its own plan.
    public func select(_ jobs: [RunJob], derived: [DerivedJob]) -> (runs: [RunJob], derived: [DerivedJob]) {
        var parent: [String: String] = [:]
        func root(_ k: String) -> String {
            var k = k
            while let p = parent[k], p != k { parent[k] = parent[p] ?? p; k = p }
            return k
        }
        func join(_ a: String, _ b: String) {
            let ra = root(a), rb = root(b)
            if ra != rb { if ra < rb { parent[rb] = ra } else { parent[ra] = rb } }
        }
        for job in jobs {
            if parent[job.key] == nil { parent[job.key] = job.key }
            for d in job.dependencies { if parent[d] == nil { parent[d] = d }; join(job.key, d) }
        }
        for d in derived {
            if parent[d.key] == nil { parent[d.key] = d.key }
            for input in d.inputs { if parent[input.key] == nil { parent[input.key] = input.key }; join(d.key, input.key) }
        }
        let groups = Set(parent.keys.map(root)).sorted()
        let mine = Set(groups.enumerated().filter { $0.offset % count == index - 1 }.map(\.element))
        return (jobs.filter { mine.contains(root($0.key)) }.sorted { $0.key < $1.key },
                derived.filter { mine.contains(root($0.key)) })
    }

    public var description: String { "\(index)/\(count)" }
}

extension Study {
    /// Every run the study needs at `profile`, in page order (experiment, cell, seed). A staged
    /// experiment's runs name their upstream run's key in `spec.start`, so upstream experiments
    /// are planned first whatever their place on the page; `planProblems` says what cannot be planned.
    public func plan(profile: Profile) -> [RunJob] {
        (try? stagedPlan(profile: profile)) ?? []
    }

    /// The plan, or the first reason it cannot be made (an unknown or circular upstream, an
    /// upstream cell that does not exist, a stage needing weights its upstream does not keep).
    public func stagedPlan(profile: Profile) throws -> [RunJob] {
        let experiments = experiments(for: profile)
        func fail(_ e: Experiment, _ problem: String) -> StudyError { StudyError(study: name, place: "experiment '\(e.id)'", problem: problem) }
        var byExperiment: [String: [RunJob]] = [:]
        var planning: Set<String> = []
        func planExperiment(_ exp: Experiment) throws {
            if byExperiment[exp.id] != nil { return }
            guard planning.insert(exp.id).inserted else { throw fail(exp, "its stages form a cycle; a chain of stages must start from an experiment that starts from none") }
            var upstream: Experiment?
            if let stage = exp.stage {
                guard let u = experiments.first(where: { $0.id == stage.experiment }) else {
                    throw fail(exp, "starts from experiment '\(stage.experiment)', which the study does not have (it has: \(experiments.map(\.id).joined(separator: ", ")))")
                }
                try planExperiment(u)
                upstream = u
            }
            var jobs: [RunJob] = []
            for (i, cell) in exp.cells.enumerated() {
                for seed in exp.seeds {
                    var spec = exp.spec(cell, seed: seed)
                    var dependencies: [String] = []
                    if let stage = exp.stage, let upstream {
                        let label = stage.upstreamLabel(forCell: cell.label, upstreamCells: upstream.cells.map(\.label))
                        guard let up = byExperiment[upstream.id]!.first(where: { $0.cellLabel == label && $0.seed == seed }) else {
                            throw fail(exp, "cell '\(cell.label)' at seed \(seed) starts from level '\(label)' of experiment '\(upstream.id)', which has no such run (levels: \(upstream.cells.map(\.label).joined(separator: ", ")); seeds: \(upstream.seeds.map(String.init).joined(separator: ", ")))")
                        }
                        spec = exp.spec(cell, seed: seed, start: stage.start(Upstream(key: up.key, spec: up.spec)))
                        let start = spec.start ?? StartPoint()
                        for reference in [start.weights, start.mask?.weights].compactMap({ $0 }) where reference.snapshot == "final" && !up.keepWeights {
                            throw fail(exp, "starts from the final weights of experiment '\(upstream.id)', which does not keep them: add keepWeights: true to it")
                        }
                        dependencies = start.upstreamRuns
                    }
                    let keep = spec.record.keepWeights
                    var job = RunJob(study: name, experiment: exp.id, cellIndex: i, cellLabel: cell.label, seed: seed,
                                     spec: spec, probes: exp.probes, keepWeights: keep,
                                     key: RunCache.key(spec: spec, probes: exp.probes))
                    job.dependencies = dependencies
                    jobs.append(job)
                }
            }
            byExperiment[exp.id] = jobs
        }
        for exp in experiments { try planExperiment(exp) }
        return experiments.flatMap { byExperiment[$0.id]! }
    }
}
