import DLCore
@testable import DLStudy
import Foundation
import XCTest

/// `dlstudy train` replays a staged run: a spec whose `start` names another run of a study's
/// cache starts from that run's weights, given the cache with `--cache`.
final class StagedTrainTests: XCTestCase {
    func testTrainStartsFromACachedRunsWeights() throws {
        let folder = try CLIRunner.temporaryDirectory("staged-train")
        defer { try? FileManager.default.removeItem(at: folder) }
        var upstream = try RunSpec.decode(Data(TrainCommandTests.toySpec.utf8), fileName: "toy.json")
        upstream.record.keepWeights = true
        let cache = RunCache(root: folder.appendingPathComponent("cache"))
        let key = RunCache.key(spec: upstream, probes: [])
        let job = RunJob(study: "s", experiment: "e", cellIndex: 0, cellLabel: "a", seed: upstream.seed, spec: upstream,
                         probes: [], keepWeights: true, key: key)
        XCTAssertEqual(Runner(cache: cache, jobs: 1).execute([job]).trained, 1)
        guard case .hit(let first) = cache.lookup(key) else { return XCTFail("no upstream record") }

        var downstream = upstream
        downstream.record.keepWeights = false
        downstream.optimizer.lr = 0.001
        downstream.start = StartPoint(weights: ArtefactReference(run: key))
        let specURL = folder.appendingPathComponent("next.json")
        try downstream.prettyJSON.write(to: specURL)

        let out = folder.appendingPathComponent("out")
        let r = try dlstudy(["train", specURL.path, "--cache", cache.root.path, "--out", out.path])
        XCTAssertEqual(r.exitCode, 0, r.output)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let record = try decoder.decode(RunRecord.self, from: Data(contentsOf: out.appendingPathComponent("metrics.json")))
        XCTAssertEqual(record.epochs[0].trainLoss, first.final?.trainLoss, "epoch 0 evaluates the upstream's final weights")

        let withoutCache = try dlstudy(["train", specURL.path, "--out", out.path])
        XCTAssertEqual(withoutCache.exitCode, 2, withoutCache.output)
        XCTAssertTrue(withoutCache.stderr.contains("--cache"), withoutCache.output)

        downstream.start = StartPoint(weights: ArtefactReference(run: String(repeating: "0", count: 64)))
        try downstream.prettyJSON.write(to: specURL)
        let unknown = try dlstudy(["train", specURL.path, "--cache", cache.root.path, "--out", out.path])
        XCTAssertEqual(unknown.exitCode, 2, unknown.output)
        XCTAssertTrue(unknown.stderr.contains("is not in the cache"), unknown.output)
    }
}
