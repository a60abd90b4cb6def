import DLHash
import Foundation
import XCTest

@testable import DLCore

/// MNIST-1D must reproduce the canonical data set (`../shared/reference/mnist1d.md`) bit for bit.
final class MNIST1DTests: XCTestCase {
    static let canonical: DataSplits = try! MNIST1D.generate()

    static func sha256<T>(_ values: [T]) -> String {
        values.withUnsafeBytes { SHA256.hash(data: $0).map { String(format: "%02x", $0) }.joined() }
    }

    /// float32 C-order bytes and int64 little-endian labels, as the fingerprints are defined.
    func testFingerprintsMatchTheCanonicalDataSet() {
        let d = Self.canonical
        XCTAssertEqual(d.train.count, 4000)
        XCTAssertEqual(d.test.count, 1000)
        XCTAssertEqual(d.train.sampleShape, Shape(40))
        XCTAssertEqual(
            Self.sha256(d.train.inputs.map { $0.bitPattern.littleEndian }),
            "d53506bddd12d3b72c7153b1ae7f34807724b1dd078a7273809bf9d0792319f6")
        XCTAssertEqual(
            Self.sha256(d.train.labels.map { Int64($0).littleEndian }),
            "d97dc7aecec8ad6b5d8f143ba3e9c4bd7e25c420d7dfc2eb990591cfc0ed3e15")
        XCTAssertEqual(
            Self.sha256(d.test.inputs.map { $0.bitPattern.littleEndian }),
            "30addc43827c82aafa5db8bc97cea63349ca687e87db2f201cc4f5415d9a4ebd")
        XCTAssertEqual(
            Self.sha256(d.test.labels.map { Int64($0).littleEndian }),
            "8de99be3ff9dab15ae0dc072c3d6ced7cf6b33d365888ce4a386fc944489452c")
    }

    /// The first values quoted in mnist1d.md.
    func testFirstValuesAndClassCounts() {
        let d = Self.canonical
        let x0: [Float] = [-0.33200567, -0.47191037, -0.77869708, -1.00974083, -0.88235257]
        XCTAssertEqual(Array(d.train.inputs[0..<5]), x0)
        XCTAssertEqual(
            d.train.labels[0..<20].map(Int.init),
            [2, 6, 4, 5, 6, 6, 6, 0, 3, 1, 6, 9, 4, 3, 4, 5, 1, 9, 0, 3])
        XCTAssertEqual(
            d.test.labels[0..<20].map(Int.init),
            [2, 6, 3, 9, 4, 3, 1, 9, 5, 2, 0, 7, 7, 1, 4, 6, 1, 4, 3, 9])
        XCTAssertEqual(d.train.classCounts, [398, 396, 411, 394, 394, 402, 401, 404, 402, 398])
    }
}

extension MNIST1DTests {
    /// The committed reference npz (in `../shared/reference/`, beside the repo) when present.
    func testEqualsTheReferenceNPZWhenPresent() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let url = repo.deletingLastPathComponent().appendingPathComponent(
            "shared/reference/mnist1d_default.npz")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("no reference npz at \(url.path)")
        }
        let ref = try Dataset.load(npz: url)
        XCTAssertEqual(ref.train, Self.canonical.train)
        XCTAssertEqual(ref.test, Self.canonical.test)
    }

    /// Fresh draws are exact too: these fingerprints come from the mnist1d package
    /// (`make_dataset` with the same arguments, numpy 2.4.6, scipy 1.17.1).
    func testOtherSeedsAndKnobsMatchThePackage() throws {
        let seed0 = try MNIST1D.generate(MNIST1DConfig(seed: 0))
        XCTAssertEqual(
            Self.sha256(seed0.train.inputs),
            "989346b088e2235f79be5336c2cd1b9b1bdbf958daeb15126f56fd463e6bc371")
        XCTAssertEqual(
            Self.sha256(seed0.test.labels.map { Int64($0) }),
            "d44a9762138db8117de7a41bd9d47e4a97b95d2ef6d04af29780cf8197deaf85")

        let shuffled = try MNIST1D.generate(MNIST1DConfig(shuffleSeq: true))
        XCTAssertEqual(
            Self.sha256(shuffled.train.inputs),
            "c94aded3ac20330bce40bdf6306edca21558a1f13825c583ce522197c5fc9e0a")
        XCTAssertEqual(
            shuffled.test.labels, Self.canonical.test.labels,
            "shuffle_seq permutes positions, not examples")

        let knobs = try MNIST1D.generate(
            MNIST1DConfig(
                numSamples: 2000, templateLength: 20, padding: 10...30, scaleCoeff: 0.8,
                maxTranslation: 60,
                corrNoiseScale: 0.5, iidNoiseScale: 0.1, shearScale: 1.5, finalSeqLength: 64,
                seed: 123))
        XCTAssertEqual(knobs.train.count, 1600)
        XCTAssertEqual(knobs.train.sampleShape, Shape(64))
        XCTAssertEqual(
            Self.sha256(knobs.train.inputs),
            "a9c88634db1bff86f7c71ae60460ed178f67174350585c8626fdf111f6d5e36e")
        XCTAssertEqual(
            Self.sha256(knobs.test.labels.map { Int64($0) }),
            "b9d41ceedec3f6e7f0ff3c1de9936e07b629f1b527eba802b2cf32e951ec1751")
    }

    /// A shuffled-positions data set holds the same values as the plain one, each row permuted
    /// by one fixed permutation.
    func testShuffleSeqIsOneFixedPermutation() throws {
        let plain = Self.canonical.train
        let shuffled = try MNIST1D.generate(MNIST1DConfig(shuffleSeq: true)).train
        // Find the permutation from the first row, check it on all rows.
        let row0 = Array(plain.sample(0))
        let srow0 = Array(shuffled.sample(0))
        let perm = srow0.map { v in row0.indices.min { abs(row0[$0] - v) < abs(row0[$1] - v) }! }
        XCTAssertEqual(Set(perm).count, 40)
        XCTAssertNotEqual(perm, Array(0..<40))
        for i in stride(from: 0, to: plain.count, by: 97) {
            let a = Array(plain.sample(i))
            let b = Array(shuffled.sample(i))
            for j in 0..<40 { XCTAssertEqual(b[j], a[perm[j]], accuracy: 1e-5) }
        }
    }

    func testConfigCodableWithDefaultsAndValidation() throws {
        let c = try JSONDecoder().decode(
            MNIST1DConfig.self, from: Data(#"{"seed": 3, "padding": [30, 50]}"#.utf8))
        XCTAssertEqual(c.seed, 3)
        XCTAssertEqual(c.padding, 30...50)
        XCTAssertEqual(c.numSamples, 5000)
        let back = try JSONDecoder().decode(MNIST1DConfig.self, from: JSONEncoder().encode(c))
        XCTAssertEqual(back, c)
        XCTAssertThrowsError(try MNIST1D.generate(MNIST1DConfig(maxTranslation: 0))) { e in
            XCTAssertEqual((e as? DataError)?.kind, .invalidConfig)
            XCTAssert("\(e)".contains("maxTranslation"), "\(e)")
        }
        XCTAssertThrowsError(try MNIST1D.generate(MNIST1DConfig(trainSplit: 1.5)))
    }

    func testDifferentSeedGivesDifferentData() throws {
        let other = try MNIST1D.generate(MNIST1DConfig(seed: 43))
        XCTAssertNotEqual(other.train.inputs, Self.canonical.train.inputs)
        XCTAssertEqual(other.train.count, 4000)
    }
}
