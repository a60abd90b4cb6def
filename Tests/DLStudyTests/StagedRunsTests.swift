import DLCore
@testable import DLStudy
import Foundation
import XCTest

/// Staged runs: experiments that start from other experiments' runs form a DAG; keys chain,
/// stages run in order, shards keep chains together, and a failed stage fails its successors.
final class StagedRunsTests: XCTestCase {
    static func chain(firstRate: Float = 0.05, keepFirst: Bool = true) -> Study {
        Study("chain", title: "Chain") { _ in
            Experiment("first", base: DemoFixtures.base, vary: Vary(\.optimizer.lr, [firstRate], name: "lr"), seeds: Seeds(2), keepWeights: keepFirst)
            Experiment("second", base: DemoFixtures.base, vary: Vary(\.optimizer.lr, [0.05, 0.01], name: "lr"), seeds: Seeds(2),
                       keepWeights: true, from: .finalWeights(of: "first"))
            Experiment("third", base: DemoFixtures.base, vary: Vary(\.optimizer.lr, [0.05, 0.01], name: "lr"), seeds: Seeds(2),
                       from: .finalWeights(of: "second"))
            FigureBlock.curves("loss", caption: "Loss.", experiment: "third", metrics: [.trainLoss])
        }
    }

    func testKeysChainThroughTheStages() throws {
        let jobs = try Self.chain().stagedPlan(profile: .quick)
        XCTAssertEqual(jobs.map(\.experiment), ["first", "first", "second", "second", "second", "second", "third", "third", "third", "third"])
        let first = jobs.filter { $0.experiment == "first" }, second = jobs.filter { $0.experiment == "second" }
        for job in second {
            let up = first.first { $0.seed == job.seed }!
            XCTAssertEqual(job.spec.start?.weights, ArtefactReference(run: up.key))
            XCTAssertEqual(job.dependencies, [up.key])
        }
        for job in jobs where job.experiment == "third" {
            let up = second.first { $0.seed == job.seed && $0.cellLabel == job.cellLabel }!
            XCTAssertEqual(job.dependencies, [up.key], "the upstream cell with the same label")
        }
        // A change upstream is a new key all the way down.
        let changed = try Self.chain(firstRate: 0.04).stagedPlan(profile: .quick)
        XCTAssertTrue(Set(changed.map(\.key)).isDisjoint(with: Set(jobs.map(\.key))))
    }

    func testStagesStartFromTheirUpstreamRunsWeights() throws {
        let out = DemoFixtures.tempFolder()
        let cache = RunCache(output: out)
        let summary = try Runner(cache: cache, jobs: 2).execute(Self.chain(), profile: .quick)
        XCTAssertTrue(summary.failures.isEmpty, "\(summary.failures)")
        XCTAssertEqual(summary.trained, 10)
        let jobs = try Self.chain().stagedPlan(profile: .quick)
        func record(_ job: RunJob) -> RunRecord {
            guard case .hit(let r) = cache.lookup(job.key) else { fatalError("no record for \(job.readableName)") }
            return r
        }
        for job in jobs where !job.dependencies.isEmpty {
            let up = jobs.first { $0.key == job.dependencies[0] }!
            // Epoch 0 of the stage evaluates the weights it was given: the upstream's final weights.
            XCTAssertEqual(record(job).epochs[0].trainLoss, record(up).final?.trainLoss, job.readableName)
            XCTAssertEqual(record(job).epochs[0].testLoss, record(up).final?.testLoss, job.readableName)
        }
        // Resuming finds every stage cached.
        let again = try Runner(cache: cache, jobs: 2).execute(Self.chain(), profile: .quick)
        XCTAssertEqual(again.trained, 0)
        XCTAssertEqual(again.cached, 10)
    }

    /// A process killed between stages leaves the finished stages in the cache; the next
    /// execution trains only what is left, and the same bits as one uninterrupted execution.
    func testAnInterruptedChainResumesWithTheSameRecords() throws {
        let study = Self.chain()
        let jobs = try study.stagedPlan(profile: .quick)
        let interrupted = RunCache(output: DemoFixtures.tempFolder())
        let firstStage = Runner(cache: interrupted, jobs: 2).execute(jobs.filter { $0.experiment == "first" })
        XCTAssertEqual(firstStage.trained, 2)
        let resumed = try Runner(cache: interrupted, jobs: 2).execute(study, profile: .quick)
        XCTAssertEqual(resumed.trained, 8)
        XCTAssertEqual(resumed.cached, 2)
        let straight = RunCache(output: DemoFixtures.tempFolder())
        _ = try Runner(cache: straight, jobs: 1).execute(study, profile: .quick)
        for job in jobs {
            guard case .hit(let a) = interrupted.lookup(job.key), case .hit(let b) = straight.lookup(job.key) else { return XCTFail(job.readableName) }
            XCTAssertEqual(a.canonicalData, b.canonicalData, job.readableName)
        }
    }

    func testShardsKeepChainsTogetherAndTogetherCoverThePlan() throws {
        let study = Self.chain()
        let jobs = try study.stagedPlan(profile: .quick)
        let derived = study.derivedPlan(profile: .quick, runs: jobs)
        let shards = (1...2).map { Shard(index: $0, count: 2).select(jobs, derived: derived) }
        XCTAssertEqual(Set(shards.flatMap { $0.runs.map(\.key) }), Set(jobs.map(\.key)))
        XCTAssertEqual(shards.map(\.runs.count).reduce(0, +), jobs.count, "no run in two shards")
        for shard in shards {
            let keys = Set(shard.runs.map(\.key))
            for job in shard.runs { XCTAssertTrue(Set(job.dependencies).isSubset(of: keys), "a chain split across shards") }
            for d in shard.derived { XCTAssertTrue(Set(d.inputs.map(\.key)).isSubset(of: keys)) }
        }
        // Two shards trained by two runners (as two machines would), then one report from the records.
        let out = DemoFixtures.tempFolder()
        let cache = RunCache(output: out)
        for i in 1...2 {
            let s = try Runner(cache: cache, jobs: 1).execute(study, profile: .quick, shard: Shard(index: i, count: 2))
            XCTAssertTrue(s.failures.isEmpty, "\(s.failures)")
        }
        let (results, missing) = study.collect(profile: .quick, cache: cache)
        XCTAssertTrue(missing.isEmpty)
        XCTAssertTrue(results.missingDerived.isEmpty)
        try ReportBuilder(study: study, results: results, missing: [], folder: out.appendingPathComponent("chain"),
                          environment: RunEnvironment(dlstudyVersion: "test")).write()
    }

    func testAFailedStageFailsTheRunsThatStartFromIt() throws {
        let out = DemoFixtures.tempFolder()
        let cache = RunCache(output: out)
        let study = Self.chain()
        var jobs = try study.stagedPlan(profile: .quick)
        // Make the first stage's seed-0 run fail: a batch larger than the data.
        let bad = jobs.firstIndex { $0.experiment == "first" && $0.seed == 0 }!
        var spec = jobs[bad].spec
        spec.batchSize = 1_000_000
        let old = jobs[bad]
        jobs[bad] = RunJob(study: old.study, experiment: old.experiment, cellIndex: old.cellIndex, cellLabel: old.cellLabel, seed: old.seed,
                           spec: spec, probes: old.probes, keepWeights: old.keepWeights, key: old.key)
        let summary = Runner(cache: cache, jobs: 2).execute(jobs)
        let failed = Set(summary.failures.map(\.0))
        XCTAssertEqual(summary.failures.count, 1 + 2 + 2, "the run and its successors at seed 0: \(summary.failures)")
        XCTAssertTrue(failed.allSatisfy { $0.hasSuffix("seed-0") })
        XCTAssertTrue(summary.failures.dropFirst().allSatisfy { $0.1.contains("the run it starts from failed") }, "\(summary.failures)")
        XCTAssertEqual(summary.trained, 5, "seed 1's chain trains")
    }

    func testStagesThatCannotBePlannedAreStudyErrors() {
        XCTAssertThrowsError(try Self.chain(keepFirst: false).validate(profile: .quick)) { error in
            XCTAssertTrue("\(error)".contains("does not keep them: add keepWeights: true"), "\(error)")
        }
        let unknown = Study("x", title: "x") { _ in
            Experiment("a", base: DemoFixtures.base, vary: Vary(\.seed, [0]), seeds: Seeds(1), from: .finalWeights(of: "nope"))
        }
        XCTAssertThrowsError(try unknown.validate(profile: .quick)) { XCTAssertTrue("\($0)".contains("'nope', which the study does not have"), "\($0)") }
        let cycle = Study("x", title: "x") { _ in
            Experiment("a", base: DemoFixtures.base, vary: Vary(\.seed, [0]), seeds: Seeds(1), keepWeights: true, from: .finalWeights(of: "b"))
            Experiment("b", base: DemoFixtures.base, vary: Vary(\.seed, [0]), seeds: Seeds(1), keepWeights: true, from: .finalWeights(of: "a"))
        }
        XCTAssertThrowsError(try cycle.validate(profile: .quick)) { XCTAssertTrue("\($0)".contains("cycle"), "\($0)") }
    }
}
