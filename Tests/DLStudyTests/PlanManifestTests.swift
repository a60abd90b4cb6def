import DLCore
import Foundation
import XCTest

@testable import DLStudy

/// The plan manifest on a staged study: every run once, dependencies named, chains in one
/// shard, shards as `Shard.select` deals them, the same bytes every time.
final class PlanManifestTests: XCTestCase {
    func testManifestOfAStagedStudy() throws {
        let study = StagedRunsTests.chain()
        let manifest = try study.manifest(profile: .quick, shards: 3)
        let jobs = try study.stagedPlan(profile: .quick)
        XCTAssertEqual(manifest.runs.map(\.key), jobs.map(\.key), "plan order")
        XCTAssertEqual(manifest.runs.map(\.name), jobs.map(\.readableName))
        XCTAssertEqual(manifest.runs.map(\.dependencies), jobs.map(\.dependencies))
        XCTAssertEqual(manifest.runs.map(\.spec), jobs.map(\.spec))
        let shardOf = Dictionary(uniqueKeysWithValues: manifest.runs.map { ($0.key, $0.shard) })
        for run in manifest.runs {
            for d in run.dependencies { XCTAssertEqual(shardOf[d], run.shard, "a chain stays in one shard") }
        }
        let derived = study.derivedPlan(profile: .quick, runs: jobs)
        for i in 1...3 {
            let (r, d) = Shard(index: i, count: 3).select(jobs, derived: derived)
            XCTAssertEqual(Set(manifest.runs(inShard: i).map(\.key)), Set(r.map(\.key)), "shard \(i)")
            XCTAssertEqual(Set(manifest.derived.filter { $0.shard == i }.map(\.key)), Set(d.map(\.key)), "shard \(i)")
        }
        XCTAssertEqual(manifest.derived.map(\.key), derived.map(\.key))
        // Deterministic, and it reads back.
        XCTAssertEqual(try manifest.encoded(), try study.manifest(profile: .quick, shards: 3).encoded())
        XCTAssertEqual(try PlanManifest.decode(manifest.encoded()), manifest)
        XCTAssertEqual(manifest.format, "dlstudy-plan/1")
        XCTAssertEqual(manifest.engine, Engine.version)
    }

    func testOneShardHoldsEverything() throws {
        let manifest = try DemoFixtures.study.manifest(profile: .quick)
        XCTAssertEqual(manifest.shards, 1)
        XCTAssertTrue(manifest.runs.allSatisfy { $0.shard == 1 })
        XCTAssertTrue(manifest.derived.allSatisfy { $0.shard == 1 })
    }
}
