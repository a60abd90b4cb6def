import DLCore
import Foundation
import XCTest

/// The coloured shapes set: deterministic from its seed, [3, H, W] samples, balanced classes,
/// figures that differ from their background, colours that carry no class, and its errors.
final class ColorShapesTests: XCTestCase {
    let small = ColorShapesConfig(trainCount: 60, testCount: 30, size: 12)

    func testSameSeedSameBitsOtherSeedOtherImages() throws {
        let a = try ColorShapes.generate(small), b = try ColorShapes.generate(small)
        XCTAssertEqual(a.train.inputs, b.train.inputs)
        XCTAssertEqual(a.test.inputs, b.test.inputs)
        var other = small
        other.seed = 1
        XCTAssertNotEqual(try ColorShapes.generate(other).train.inputs, a.train.inputs)
    }

    func testShapesAndClassBalance() throws {
        let d = try ColorShapes.generate(small)
        XCTAssertEqual(d.train.sampleShape, Shape(3, 12, 12))
        XCTAssertEqual(d.train.inputs.count, 60 * 3 * 144)
        XCTAssertEqual(d.test.count, 30)
        XCTAssertEqual(d.train.classes, 6)
        for split in [d.train, d.test] {
            let counts = Dictionary(grouping: split.labels, by: { $0 }).mapValues(\.count)
            XCTAssertEqual(Set(counts.values), [split.count / 6], "every class equally often")
            XCTAssertEqual(split.labels.prefix(7).map { Int($0) }, [0, 1, 2, 3, 4, 5, 0], "sample i has class i mod 6")
        }
        XCTAssertEqual(BuiltinData.named("colorshapes")?.sampleShape, Shape(3, 16, 16))
        XCTAssertEqual(try BuiltinData.colorShapes(small).make().train.inputs, d.train.inputs)
    }

    func testFiguresStandOutInColourButNotNecessarilyInOneChannel() throws {
        // Without noise every value is background + (figure − background)·coverage.
        var clean = small
        clean.noise = 0
        clean.trainCount = 120
        let d = try ColorShapes.generate(clean)
        let plane = 144
        var flatChannels = 0
        for i in 0..<d.train.count {
            let img = Array(d.train.inputs[(i * 3 * plane)..<((i + 1) * 3 * plane)])
            // Corner pixel (0, 0) vs the pixel of largest change: the colour distance reaches the contrast.
            var contrast = [Float](repeating: 0, count: 3)
            for c in 0..<3 {
                let channel = img[(c * plane)..<((c + 1) * plane)]
                contrast[c] = channel.max()! - channel.min()!
            }
            let distance = contrast.map { $0 * $0 }.reduce(0, +).squareRoot()
            XCTAssertGreaterThanOrEqual(distance, 0.5 * 0.99, "sample \(i): figure and background at least minContrast apart")
            if contrast.min()! < 0.1 { flatChannels += 1 }
            XCTAssert(img.allSatisfy { $0 >= 0 && $0 <= 1 }, "noise-free values stay in the unit cube")
            // value_c(p) = b_c + (f_c − b_c)·coverage(p) with f_c ≥ b_c: every channel rises with the
            // coverage, so the most covered pixel (largest channel sum) is the brightest in every channel.
            let sums = (0..<plane).map { p in (0..<3).map { img[$0 * plane + p] }.reduce(0, +) }
            let top = sums.indices.max { sums[$0] < sums[$1] }!
            for c in 0..<3 {
                let channel = img[(c * plane)..<((c + 1) * plane)]
                XCTAssertEqual(img[c * plane + top], channel.max()!, accuracy: 1e-6, "sample \(i) channel \(c): the figure is lighter than its background")
            }
        }
        XCTAssertGreaterThan(flatChannels, 0, "some images hide the figure in one channel")
    }

    func testCodableAndErrors() throws {
        let data = BuiltinData.colorShapes(ColorShapesConfig(size: 10, minContrast: 0.3, seed: 4))
        XCTAssertEqual(try JSONDecoder().decode(BuiltinData.self, from: JSONEncoder().encode(data)), data)
        XCTAssertEqual(try JSONDecoder().decode(BuiltinData.self, from: Data(#"{"colorshapes": {"seed": 2}}"#.utf8)),
                       .colorShapes(ColorShapesConfig(seed: 2)))
        XCTAssertThrowsError(try ColorShapes.generate(ColorShapesConfig(minContrast: 2))) { e in
            XCTAssert("\(e)".contains("colorshapes.minContrast") && "\(e)".contains("default 0.5"), "\(e)")
        }
        XCTAssertThrowsError(try ColorShapes.generate(ColorShapesConfig(size: 2))) { e in
            XCTAssert("\(e)".contains("colorshapes.size"), "\(e)")
        }
    }
}
