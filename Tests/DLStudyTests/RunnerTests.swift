import DLCore
@testable import DLStudy
import Studies
import Foundation
import XCTest

final class RunnerTests: XCTestCase {
    let study = DemoFixtures.study

    func records(_ cache: RunCache) -> [String: Data] {
        var out: [String: Data] = [:]
        for job in study.plan(profile: .quick) {
            if case .hit(let r) = cache.lookup(job.key) { out[job.key] = r.canonicalData }
        }
        return out
    }

    func testSecondRunTrainsNothing() {
        let cache = RunCache(output: DemoFixtures.tempFolder())
        let jobs = study.plan(profile: .quick)
        let first = Runner(cache: cache, jobs: 2).execute(jobs)
        XCTAssertEqual(first.trained, 4)
        XCTAssertEqual(first.cached, 0)
        let second = Runner(cache: cache, jobs: 2).execute(jobs)
        XCTAssertEqual(second.trained, 0)
        XCTAssertEqual(second.cached, 4)
        XCTAssertEqual(Runner(cache: cache, jobs: 2, force: true).execute(jobs).trained, 4)
    }

    func testOneJobAndTwoJobsGiveIdenticalRecords() {
        let a = RunCache(output: DemoFixtures.tempFolder()), b = RunCache(output: DemoFixtures.tempFolder())
        _ = Runner(cache: a, jobs: 1).execute(study.plan(profile: .quick))
        _ = Runner(cache: b, jobs: 2).execute(study.plan(profile: .quick))
        let ra = records(a), rb = records(b)
        XCTAssertEqual(ra.count, 4)
        XCTAssertEqual(ra, rb)
    }

    func testShardsTogetherEqualOneFullRun() {
        let full = RunCache(output: DemoFixtures.tempFolder()), sharded = RunCache(output: DemoFixtures.tempFolder())
        let jobs = study.plan(profile: .quick)
        _ = Runner(cache: full, jobs: 2).execute(jobs)
        let s1 = Runner(cache: sharded, jobs: 1).execute(Shard(index: 1, count: 2).select(jobs))
        XCTAssertEqual(study.collect(profile: .quick, cache: sharded).missing.count, 4 - s1.trained)
        _ = Runner(cache: sharded, jobs: 1).execute(Shard(index: 2, count: 2).select(jobs))
        XCTAssertTrue(study.collect(profile: .quick, cache: sharded).missing.isEmpty)
        XCTAssertEqual(records(full), records(sharded))
    }

    func testCorruptRecordIsReportedAndRetrained() throws {
        let cache = RunCache(output: DemoFixtures.tempFolder())
        let jobs = study.plan(profile: .quick)
        _ = Runner(cache: cache, jobs: 2).execute(jobs)
        try Data("{ not json".utf8).write(to: cache.recordURL(jobs[0].key))
        let runner = Runner(cache: cache, jobs: 1)
        var corrupt: [String] = []
        runner.onEvent = { if case .corrupt(let job, _) = $0 { corrupt.append(job.key) } }
        let summary = runner.execute(jobs)
        XCTAssertEqual(corrupt, [jobs[0].key])
        XCTAssertEqual(summary.trained, 1)
        XCTAssertEqual(summary.cached, 3)
    }

    func testCommonRandomNumbersAcrossLevels() {
        // At one seed both learning rates start from the same weights: identical epoch-0 metrics.
        let cache = RunCache(output: DemoFixtures.tempFolder())
        _ = Runner(cache: cache, jobs: 2).execute(study.plan(profile: .quick))
        let results = study.collect(profile: .quick, cache: cache).results.main
        for seed: UInt64 in [0, 1] {
            let a = results["0.01"]!.runs[seed]!.epochs[0], b = results["0.2"]!.runs[seed]!.epochs[0]
            XCTAssertEqual(a.trainLoss, b.trainLoss)
            XCTAssertEqual(a.testLoss, b.testLoss)
        }
        XCTAssertNotEqual(results["0.01"]!.runs[0]!.epochs[0].trainLoss, results["0.01"]!.runs[1]!.epochs[0].trainLoss)
    }
}

/// Records are verified when read, and runs are locked while they train.
final class VerifiedRecordTests: XCTestCase {
    let study = DemoFixtures.study

    func trainedCache() -> (RunCache, [RunJob]) {
        let cache = RunCache(output: DemoFixtures.tempFolder())
        let jobs = study.plan(profile: .quick)
        _ = Runner(cache: cache, jobs: 2).execute(jobs)
        return (cache, jobs)
    }

    func reasons(_ cache: RunCache, _ jobs: [RunJob]) -> (Runner.Summary, [String: String]) {
        let runner = Runner(cache: cache, jobs: 1)
        var corrupt: [String: String] = [:]
        runner.onEvent = { if case .corrupt(let job, let why) = $0 { corrupt[job.key] = why } }
        return (runner.execute(jobs), corrupt)
    }

    func testRecordsCarryTheirKeyAndAChecksum() throws {
        let (cache, jobs) = trainedCache()
        guard case .hit(let r) = cache.lookup(jobs[0].key) else { return XCTFail("not stored") }
        XCTAssertEqual(r.cacheKey, jobs[0].key)
        XCTAssertEqual(r.checksum?.count, 64)
    }

    /// The issue's case: a final test accuracy edited to 0.999 must not reach the report.
    func testAnEditedRecordIsRetrained() throws {
        let (cache, jobs) = trainedCache()
        let url = cache.recordURL(jobs[1].key)
        var text = try String(contentsOf: url, encoding: .utf8)
        let range = try XCTUnwrap(text.range(of: #""testAccuracy":[0-9.e-]+"#, options: .regularExpression))
        text.replaceSubrange(range, with: #""testAccuracy":0.999"#)
        try text.write(to: url, atomically: true, encoding: .utf8)
        if case .hit = cache.lookup(jobs[1].key) { XCTFail("an edited record was served") }
        let (summary, corrupt) = reasons(cache, jobs)
        XCTAssertEqual(summary.trained, 1)
        XCTAssert(corrupt[jobs[1].key]?.contains("changed after it was written") == true, "\(corrupt)")
        guard case .hit(let r) = cache.lookup(jobs[1].key) else { return XCTFail("not retrained") }
        XCTAssertNotEqual(r.final?.testAccuracy, 0.999)
    }

    /// The issue's other case: a record copied into another run's folder is not that run.
    func testACopiedRecordIsRetrained() throws {
        let (cache, jobs) = trainedCache()
        try FileManager.default.removeItem(at: cache.recordURL(jobs[2].key))
        try FileManager.default.copyItem(at: cache.recordURL(jobs[0].key), to: cache.recordURL(jobs[2].key))
        let (summary, corrupt) = reasons(cache, jobs)
        XCTAssertEqual(summary.trained, 1)
        XCTAssert(corrupt[jobs[2].key]?.contains("copied or moved") == true, "\(corrupt)")
    }

    func testARecordWithoutChecksumIsRetrained() throws {
        let (cache, jobs) = trainedCache()
        let url = cache.recordURL(jobs[3].key)
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        json["checksum"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        let (summary, corrupt) = reasons(cache, jobs)
        XCTAssertEqual(summary.trained, 1)
        XCTAssert(corrupt[jobs[3].key]?.contains("no checksum") == true, "\(corrupt)")
    }

    /// Two runners on one cache at once (as two processes would be: each lock is its own open
    /// file) train every run exactly once between them, and every record verifies.
    func testTwoRunnersTrainEachRunOnce() throws {
        let cache = RunCache(output: DemoFixtures.tempFolder())
        let jobs = study.plan(profile: .quick)
        var summaries: [Runner.Summary] = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let s = Runner(cache: cache, jobs: 1).execute(jobs)
            lock.lock(); summaries.append(s); lock.unlock()
        }
        XCTAssertEqual(summaries.map(\.trained).reduce(0, +), jobs.count, "\(summaries.map { ($0.trained, $0.cached) })")
        XCTAssertEqual(summaries.map(\.cached).reduce(0, +), jobs.count)
        for job in jobs { if case .hit = cache.lookup(job.key) {} else { XCTFail("\(job.readableName) not stored") } }
    }

    /// A spec's files are part of its key by content: replacing the file makes a new key.
    func testFileContentsAreInTheKey() throws {
        let folder = DemoFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let weights = folder.appendingPathComponent("w.safetensors")
        try Data("one".utf8).write(to: weights)
        var spec = jobsSpec()
        spec.initialWeights = weights.path
        let first = RunCache.key(spec: spec, probes: [])
        Thread.sleep(forTimeInterval: 0.01)
        try Data("two".utf8).write(to: weights)
        let second = RunCache.key(spec: spec, probes: [])
        XCTAssertNotEqual(first, second)
        spec.initialWeights = nil
        XCTAssertNotEqual(RunCache.key(spec: spec, probes: []), first)
    }

    func jobsSpec() -> RunSpec { study.plan(profile: .quick)[0].spec }
}

/// The runner starts the longest runs first.
final class SchedulingTests: XCTestCase {
    func testLargestBatchesStartFirstInTheBatchSizeStudy() throws {
        let study = try XCTUnwrap(StudyRegistry.named("batchsize"))
        let jobs = study.plan(profile: .quick).filter { $0.experiment == "fixed" }
        let runner = Runner(cache: RunCache(output: DemoFixtures.tempFolder()), jobs: 1)
        let ordered = runner.longestFirst(jobs)
        XCTAssertEqual(Set(ordered.map(\.key)), Set(jobs.map(\.key)), "the same jobs")
        let batches = ordered.map(\.spec.batchSize)
        XCTAssertEqual(batches, batches.sorted(by: >), "same step budget: work grows with the batch")
        // Equal work keeps page order (seeds in order).
        let largest = ordered.prefix { $0.spec.batchSize == batches[0] }.map(\.seed)
        XCTAssertEqual(largest, largest.sorted())
    }

    func testWorkBoundCountsTrainingAndEvaluation() throws {
        let spec = DemoFixtures.study.plan(profile: .quick)[0].spec
        let data = try spec.data.load()
        let bound = try XCTUnwrap(spec.workBound(data: data))
        var longer = spec
        longer.budget = Budget(epochs: (spec.budget.epochs ?? 1) * 2)
        XCTAssertGreaterThan(try XCTUnwrap(longer.workBound(data: data)), bound)
    }
}
