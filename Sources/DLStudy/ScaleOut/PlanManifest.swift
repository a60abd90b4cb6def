import DLCore
import Foundation

/// Everything a study will compute at a profile, as data: every run (key, readable name, the
/// runs it starts from, its fully resolved spec) and every derived job (key, kind, input runs),
/// each with the shard that computes it when the work is split `shards` ways — what
/// `dlstudy run STUDY --shard i/N` will do on each machine, decided before anything runs.
///
/// Deterministic: the same study, profile, data files, engine version and N give the same bytes
/// (`encoded()`), so a manifest can be diffed, committed, or handed to another scheduler.
public struct PlanManifest: Codable, Equatable, Sendable {
    public static let format = "dlstudy-plan/1"

    public struct Run: Codable, Equatable, Sendable {
        /// The cache key: `<output>/.cache/runs/<key>/record.json`.
        public var key: String
        /// `study/experiment/level/seed-N`.
        public var name: String
        public var experiment: String
        public var level: String
        public var seed: UInt64
        /// 1-based shard of `shards`.
        public var shard: Int
        /// Keys of the runs it starts from (staged runs); they are always in the same shard.
        public var dependencies: [String]
        public var keepWeights: Bool
        public var probes: [ProbeSpec]
        /// What `dlstudy train` would run.
        public var spec: RunSpec
    }

    public struct Derived: Codable, Equatable, Sendable {
        /// `<output>/.cache/derived/<key>.json`.
        public var key: String
        public var kind: String
        public var name: String
        /// Keys of the runs it reads, in the same shard as it.
        public var inputs: [String]
        public var shard: Int
    }

    public var format: String
    public var study: String
    public var profile: String
    /// Keys hash the engine version: another version makes other keys.
    public var engine: String
    public var shards: Int
    /// Runs in plan order (experiment, level, seed; upstream stages first).
    public var runs: [Run]
    public var derived: [Derived]

    /// The JSON: sorted keys, two-space indentation, a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static func decode(_ data: Data) throws -> PlanManifest {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(PlanManifest.self, from: data)
    }

    /// The runs of shard `index` (1-based).
    public func runs(inShard index: Int) -> [Run] { runs.filter { $0.shard == index } }
}

extension Study {
    /// The study's plan at `profile` with each run and derived job assigned to one of `shards`
    /// shards exactly as `Shard.select` assigns them (whole chains and a derived job's inputs
    /// together). Throws what `stagedPlan` throws.
    public func manifest(profile: Profile, shards: Int = 1) throws -> PlanManifest {
        precondition(shards >= 1, "a plan has at least one shard")
        let runs = try stagedPlan(profile: profile)
        let derived = derivedPlan(profile: profile, runs: runs)
        var runShard: [String: Int] = [:], derivedShard: [String: Int] = [:]
        for i in 1...shards {
            let (r, d) = Shard(index: i, count: shards).select(runs, derived: derived)
            for job in r { runShard[job.key] = i }
            for job in d { derivedShard[job.key] = i }
        }
        return PlanManifest(
            format: PlanManifest.format, study: name, profile: profile.rawValue, engine: Engine.version, shards: shards,
            runs: runs.map { job in
                PlanManifest.Run(key: job.key, name: job.readableName, experiment: job.experiment, level: job.cellLabel, seed: job.seed,
                                 shard: runShard[job.key] ?? 0, dependencies: job.dependencies, keepWeights: job.keepWeights,
                                 probes: job.probes, spec: job.spec)
            },
            derived: derived.map { job in
                PlanManifest.Derived(key: job.key, kind: job.kind, name: job.name, inputs: job.inputs.map(\.key),
                                     shard: derivedShard[job.key] ?? 0)
            })
    }
}
