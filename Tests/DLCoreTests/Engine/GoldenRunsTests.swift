import DLCore
import Foundation
import XCTest

/// The engine's fingerprint, enforced: a few tiny runs that together touch every layer,
/// optimizer, schedule, penalty, augmentation and the divergence path, whose record digests are
/// committed in `Fixtures/golden-runs.json` beside the `Engine.version` they were made with.
///
/// `Engine.version` is part of every cache key, so a change that alters results without bumping
/// it would serve stale records as current. This test makes that impossible to miss: when a
/// golden record changes while the version stays, it fails and says to bump the version; the
/// fixture is then re-made with `DLSTUDY_BLESS_GOLDEN=1 scripts/test.sh --filter GoldenRuns`.
/// Digests are kept per numeric platform (`NumericPlatform.current`), since bits are promised
/// within a platform only.
final class GoldenRunsTests: XCTestCase {
    struct Golden: Codable, Equatable {
        var engineVersion: String
        /// Platform → spec file name → `RunFingerprint.digest`.
        var platforms: [String: [String: String]]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let fixture = folder.appendingPathComponent("golden-runs.json")

    /// Trains every golden spec and returns its digest, by spec file name.
    static func digests() throws -> [String: String] {
        let specs = try FileManager.default.contentsOfDirectory(at: folder.appendingPathComponent("golden"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        var out: [String: String] = [:]
        for url in specs {
            let trainer = try Trainer(spec: RunSpec.load(from: url), baseDirectory: url.deletingLastPathComponent())
            out[url.deletingPathExtension().lastPathComponent] = trainer.run().fingerprint.digest
        }
        return out
    }

    func testGoldenRecordsMatchTheEngineVersion() throws {
        let platform = NumericPlatform.current
        let now = try Self.digests()
        XCTAssertGreaterThanOrEqual(now.count, 5, "the golden specs were not found")
        let committed = try? JSONDecoder().decode(Golden.self, from: Data(contentsOf: Self.fixture))
        if ProcessInfo.processInfo.environment["DLSTUDY_BLESS_GOLDEN"] == "1" {
            var golden = committed ?? Golden(engineVersion: Engine.version, platforms: [:])
            if golden.engineVersion != Engine.version { golden.platforms = [:] }
            golden.engineVersion = Engine.version
            golden.platforms[platform] = now
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try (encoder.encode(golden) + Data("\n".utf8)).write(to: Self.fixture)
            print("golden runs: wrote \(now.count) digests for engine \(Engine.version) on \(platform) to \(Self.fixture.path)")
            return
        }
        let golden = try XCTUnwrap(committed, "\(Self.fixture.path) is missing or unreadable")
        guard let expected = golden.platforms[platform] else {
            throw XCTSkip("no golden digests for platform \(platform) yet (have: \(golden.platforms.keys.sorted().joined(separator: ", "))); "
                          + "make them with DLSTUDY_BLESS_GOLDEN=1 scripts/test.sh --filter GoldenRuns")
        }
        let changed = now.keys.sorted().filter { now[$0] != expected[$0] }
        let bless = "DLSTUDY_BLESS_GOLDEN=1 scripts/test.sh --filter GoldenRuns"
        if golden.engineVersion == Engine.version {
            XCTAssert(changed.isEmpty, """
                engine results changed (golden runs \(changed.joined(separator: ", "))) but Engine.version is still \
                \(Engine.version): cached records would be served as current. Bump Engine.version in \
                Sources/DLCore/DLCore.swift (say what changed in its comment), then run \(bless)
                """)
        } else {
            XCTFail("""
                golden-runs.json was made with engine \(golden.engineVersion), the engine is \(Engine.version) \
                (\(changed.isEmpty ? "no golden run changed" : "changed: \(changed.joined(separator: ", "))")): run \(bless)
                """)
        }
    }

    /// The golden runs cover what they claim: at least one diverges, one stops early, and every
    /// optimizer type appears.
    func testGoldenSpecsCoverTheEngine() throws {
        let specs = try FileManager.default.contentsOfDirectory(at: Self.folder.appendingPathComponent("golden"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.map { try RunSpec.load(from: $0) }
        let optimizers = Set(specs.map { $0.optimizer.type.rawValue })
        XCTAssertGreaterThanOrEqual(optimizers.count, 4, "\(optimizers)")
        XCTAssert(specs.contains { $0.earlyStopping != nil })
        XCTAssert(specs.contains { !$0.augmentation.isEmpty })
    }
}
