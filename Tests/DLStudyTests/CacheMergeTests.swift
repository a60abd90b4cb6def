import DLCore
import Foundation
import XCTest

@testable import DLStudy

/// `CacheMerge` on made-up caches: good records (with weights and artefacts) are copied whole,
/// anything that fails verification is named and skipped, and a good record in the destination
/// is never replaced.
final class CacheMergeTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func output(_ name: String) -> URL { root.appendingPathComponent(name, isDirectory: true) }

    static func key(_ n: Int) -> String { String(repeating: String(format: "%x", n % 16), count: 64) }

    /// A shard's output folder: `count` runs (the first with weights and a snapshot), a derived value.
    func shard(_ name: String, keys: [Int]) throws -> URL {
        let out = output(name)
        let cache = RunCache(output: out)
        for (i, n) in keys.enumerated() {
            let record = MadeUpRecords.record(losses: [(1, 1), (0.5, Double(n))])
            if i == 0 {
                let weights = SafeTensors(tensors: ["0.weight": Tensor([1, 2, Float(n)])], metadata: ["format": "pt"])
                let snapshot = SafeTensors(tensors: ["0.weight": Tensor([0, 0, 0])])
                try cache.store(record, key: Self.key(n), weights: weights, artefacts: ["snapshot-init": snapshot])
            } else {
                try cache.store(record, key: Self.key(n))
            }
        }
        try DerivedCache(beside: cache).store(DerivedValues(numbers: ["x": [Double(keys[0])]]), key: Self.key(keys[0] + 100))
        return out
    }

    func merge(_ folders: [URL], into destination: URL) throws -> CacheMerge.Outcome {
        var outcome = CacheMerge.Outcome()
        for f in folders { try CacheMerge(into: destination).merge(CacheMerge.runCache(in: f)!, into: &outcome) }
        return outcome
    }

    func testGoodShardsMergeWholeAndTwiceChangesNothing() throws {
        let a = try shard("a", keys: [1, 2]), b = try shard("b", keys: [3, 4])
        let merged = output("merged")
        let first = try merge([a, b], into: merged)
        XCTAssertEqual(first.copied, 4)
        XCTAssertEqual(first.derivedCopied, 2)
        XCTAssertEqual(first.skipped, [])
        let cache = RunCache(output: merged)
        for n in [1, 2, 3, 4] {
            guard case .hit(let record) = cache.lookup(Self.key(n), needsWeights: n == 1 || n == 3) else { return XCTFail("run \(n) not merged") }
            XCTAssertEqual(record.cacheKey, Self.key(n))
        }
        // Weights and artefacts came along, byte for byte; staged runs can start from them.
        XCTAssertNoThrow(try cache.tensors(ArtefactReference(run: Self.key(1), snapshot: "init")))
        XCTAssertEqual(try Data(contentsOf: cache.weightsURL(Self.key(3))), try Data(contentsOf: RunCache(output: b).weightsURL(Self.key(3))))
        XCTAssertNotNil(DerivedCache(beside: cache).lookup(Self.key(103)))
        let again = try merge([a, b], into: merged)
        XCTAssertEqual(again.copied, 0)
        XCTAssertEqual(again.present, 4)
        XCTAssertEqual(again.derivedPresent, 2)
    }

    func testCorruptRecordsAreSkippedByName() throws {
        let bad = try shard("bad", keys: [5, 6, 7])
        let cache = RunCache(output: bad)
        // 5: its weights replaced; 6: a number in its record changed; 7: its record moved under key 8.
        try Data([1, 2, 3]).write(to: cache.weightsURL(Self.key(5)))
        let url6 = cache.recordURL(Self.key(6))
        try String(contentsOf: url6, encoding: .utf8).replacingOccurrences(of: "0.5", with: "0.4").write(to: url6, atomically: true, encoding: .utf8)
        let moved = cache.folder(Self.key(8))
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: cache.recordURL(Self.key(7)), to: cache.recordURL(Self.key(8)))
        // A derived value edited by hand.
        let derived = DerivedCache(beside: cache).url(Self.key(105))
        try String(contentsOf: derived, encoding: .utf8).replacingOccurrences(of: "5", with: "6").write(to: derived, atomically: true, encoding: .utf8)

        let merged = output("merged")
        let outcome = try merge([bad], into: merged)
        XCTAssertEqual(outcome.copied, 0)
        XCTAssertEqual(outcome.skipped.count, 4, outcome.skipped.joined(separator: "\n"))
        let text = outcome.skipped.joined(separator: "\n")
        XCTAssertTrue(text.contains("weights.safetensors does not match its record"), text)
        XCTAssertTrue(text.contains("was changed after it was written"), text)
        XCTAssertTrue(text.contains("belongs to run"), text)
        XCTAssertTrue(text.contains("not a verified derived value"), text)
        for n in [5, 6, 7, 8] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: RunCache(output: merged).recordURL(Self.key(n)).path), "run \(n)")
        }
    }

    func testAMissingArtefactIsRefused() throws {
        let out = try shard("s", keys: [9])
        try FileManager.default.removeItem(at: RunCache(output: out).artefactURL(Self.key(9), "snapshot-init"))
        let outcome = try merge([out], into: output("merged"))
        XCTAssertEqual(outcome.copied, 0)
        XCTAssertTrue(outcome.skipped.first?.contains("snapshot-init.safetensors: missing") == true, "\(outcome.skipped)")
    }

    /// A good record in the destination stays as it is, whatever a source holds under its key;
    /// a broken one there is replaced by a good one.
    func testNeverOverwritesAGoodRecordButMendsABrokenOne() throws {
        let merged = output("merged")
        _ = try shard("merged", keys: [10, 11])
        let target = RunCache(output: merged)
        let before = try Data(contentsOf: target.recordURL(Self.key(10)))
        // The source has other (good) records under the same keys: a different loss.
        let other = output("other")
        let cache = RunCache(output: other)
        try cache.store(MadeUpRecords.record(losses: [(9, 9)]), key: Self.key(10))
        try cache.store(MadeUpRecords.record(losses: [(8, 8)]), key: Self.key(11))
        // Break run 11 in the destination.
        try Data("{".utf8).write(to: target.recordURL(Self.key(11)))
        let outcome = try merge([other], into: merged)
        XCTAssertEqual(outcome.present, 1)
        XCTAssertEqual(outcome.copied, 1)
        XCTAssertEqual(try Data(contentsOf: target.recordURL(Self.key(10))), before, "the good record was not replaced")
        guard case .hit(let mended) = target.lookup(Self.key(11)) else { return XCTFail("run 11 not mended") }
        XCTAssertEqual(mended.epochs[0].trainLoss, 8)
    }

    func testFoldersWithoutACacheAreNotSources() throws {
        XCTAssertNil(CacheMerge.runCache(in: output("nothing")))
        let out = try shard("x", keys: [12])
        XCTAssertNotNil(CacheMerge.runCache(in: out))
        XCTAssertNotNil(CacheMerge.runCache(in: out.appendingPathComponent(".cache")), "a .cache folder given directly")
    }
}
