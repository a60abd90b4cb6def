import DLCore
import DLStudy
import Foundation
import XCTest

/// Small studies for tests: seconds in a debug build.
enum DemoFixtures {
    static let base = RunSpec(
        data: DataSpec(.builtin(.blobs(BlobsConfig()))), model: .mlp(hidden: [16]),
        optimizer: .sgd(lr: 0.05), batchSize: 50, budget: .epochs(3))

    static let study = Study("fixture", title: "Fixture <study> & friends") { _ in
        Prose("Some *prose* with <b>tags</b>.")
        Experiment(base: base, vary: Vary(\.optimizer.lr, [0.01, 0.2], name: "lr"), seeds: Seeds(2))
        FigureBlock.curves("loss", caption: "Loss.", metrics: [.trainLoss])
        TableBlock("final", caption: "Final.", [.final(.testAccuracy)])
        Claim("Larger rate, lower loss", .final(.trainLoss), "0.2", lessThan: "0.01")
    }

    /// A fresh output folder under the temporary directory, removed when the test bundle
    /// finishes (not at the end of the test: some are caches shared by a test class).
    static func tempFolder(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("dlstudy-tests-\(name.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        TemporaryFolders.shared.add(url)
        return url
    }
}

/// Removes the tests' temporary folders when the bundle has run (set `DLSTUDY_KEEP_TEST_FOLDERS=1`
/// to keep them for a look).
final class TemporaryFolders: NSObject, XCTestObservation, @unchecked Sendable {
    static let shared: TemporaryFolders = {
        let folders = TemporaryFolders()
        XCTestObservationCenter.shared.addTestObserver(folders)
        return folders
    }()

    private let lock = NSLock()
    private var urls: [URL] = []

    func add(_ url: URL) { lock.withLock { urls.append(url) } }

    func testBundleDidFinish(_ testBundle: Bundle) {
        guard ProcessInfo.processInfo.environment["DLSTUDY_KEEP_TEST_FOLDERS"] != "1" else { return }
        for url in lock.withLock({ urls }) { try? FileManager.default.removeItem(at: url) }
    }
}

extension RunRecord {
    /// The record without wall-clock fields, for bit-for-bit comparisons.
    var withoutTimes: RunRecord {
        var r = self
        r.wallSeconds = 0
        r.evaluationSeconds = nil
        r.probeSeconds = nil
        r.epochs = r.epochs.map { var m = $0; m.elapsedSeconds = 0; return m }
        r.final?.elapsedSeconds = 0
        r.checksum = nil  // covers the times
        return r
    }

    var canonicalData: Data {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try! e.encode(withoutTimes)
    }
}
