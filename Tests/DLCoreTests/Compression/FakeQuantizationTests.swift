@testable import DLCore
import Foundation
import XCTest

/// Fake-quantization against PyTorch (`scripts/make_compression_fixture.py`): MinMax observers'
/// scales and zero-points and `fake_quantize_per_{tensor,channel}_affine`, bit for bit; the
/// error bound; the stored size.
final class FakeQuantizationTests: XCTestCase {
    struct Fixture: Decodable {
        struct Weights: Decodable { var shape: [Int]; var values: [Float] }
        struct Case: Decodable {
            var tensor: String; var bits: Int; var symmetric: Bool; var perChannel: Bool
            var scales: [Float]; var zeroPoints: [Int]; var fakeQuantized: [Float]
        }
        struct SVD: Decodable { var rows: Int; var columns: Int; var values: [Double]; var singularValues: [Double] }
        var torch_version: String
        var tensors: [String: Weights]
        var cases: [Case]
        var svd: [SVD]

        static func load() throws -> Fixture {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/compression/compression.json")
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        }
    }

    func tensor(_ w: Fixture.Weights) -> Tensor { Tensor(shape: Shape(w.shape), values: w.values) }

    /// Every scheme of every fixture tensor: the same scales, zero-points and dequantized weights
    /// as PyTorch, exactly (24 cases).
    func testMatchesPyTorchObserversAndFakeQuantizeBitForBit() throws {
        let f = try Fixture.load()
        XCTAssertEqual(f.cases.count, 24)
        for c in f.cases {
            let scheme = QuantizationScheme(bits: c.bits, symmetric: c.symmetric, perChannel: c.perChannel)
            let w = tensor(f.tensors[c.tensor]!)
            let parameters = scheme.fakeQuantize(w)
            let label = "\(c.tensor) \(scheme) (torch \(f.torch_version))"
            XCTAssertEqual(parameters.map(\.scale), c.scales, label)
            XCTAssertEqual(parameters.map(\.zeroPoint), c.zeroPoints, label)
            XCTAssertEqual(w.values, c.fakeQuantized, label)
        }
    }

    /// Inside the range every weight moves by at most scale/2, and lands on a grid point.
    func testErrorIsAtMostHalfAScaleAndValuesLieOnTheGrid() throws {
        let f = try Fixture.load()
        for (name, weights) in f.tensors {
            for bits in [8, 4] {
                for symmetric in [true, false] {
                    for perChannel in [true, false] {
                        let scheme = QuantizationScheme(bits: bits, symmetric: symmetric, perChannel: perChannel)
                        let w = tensor(weights)
                        let parameters = scheme.fakeQuantize(w)
                        let groups = parameters.count, size = w.count / groups
                        for i in 0..<w.count {
                            let (scale, zero) = parameters[i / size]
                            let original = weights.values[i]
                            let lo = Float(scheme.quantMin - zero) * scale, hi = Float(scheme.quantMax - zero) * scale
                            let q = (w[i] / scale).rounded() + Float(zero)
                            XCTAssertEqual(w[i], (q - Float(zero)) * scale, accuracy: scale * 1e-5, "\(name) \(scheme): on the grid")
                            XCTAssert(q >= Float(scheme.quantMin) && q <= Float(scheme.quantMax), "\(name) \(scheme): in range")
                            if original >= lo && original <= hi {
                                XCTAssertLessThanOrEqual(abs(original - w[i]), scale / 2 * (1 + 1e-5), "\(name)[\(i)] \(scheme)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The observer's formulas at hand-made ranges: symmetric int8 over [−0.5, 1.27] has scale
    /// 1.27/127.5; affine int4 over [0.2, 0.9] widens to [0, 0.9] (zero must be exact), scale
    /// 0.9/15, zero-point −8; a constant-zero tensor gets scale ε, not 0.
    func testObserverFormulas() {
        let s8 = QuantizationScheme(bits: 8, symmetric: true, perChannel: false)
        XCTAssertEqual(s8.parameters(minimum: -0.5, maximum: 1.27).scale, Float(1.27) / 127.5)
        XCTAssertEqual(s8.parameters(minimum: -0.5, maximum: 1.27).zeroPoint, 0)
        let a4 = QuantizationScheme(bits: 4, symmetric: false, perChannel: false)
        XCTAssertEqual(a4.parameters(minimum: 0.2, maximum: 0.9).scale, Float(0.9) / 15)
        XCTAssertEqual(a4.parameters(minimum: 0.2, maximum: 0.9).zeroPoint, -8)
        XCTAssertEqual(s8.parameters(minimum: 0, maximum: 0).scale, Float.ulpOfOne)
        XCTAssertEqual([a4.quantMin, a4.quantMax], [-8, 7])
        XCTAssertEqual([s8.quantMin, s8.quantMax], [-128, 127])
    }

    /// Bytes: packed integers plus a float32 scale (and an int32 zero-point when affine) per group.
    func testBytes() {
        // 60 weights, 6 output channels:
        XCTAssertEqual(QuantizationScheme(bits: 8, symmetric: true, perChannel: false).bytes(count: 60, channels: 6), 60 + 4)
        XCTAssertEqual(QuantizationScheme(bits: 8, symmetric: false, perChannel: false).bytes(count: 60, channels: 6), 60 + 8)
        XCTAssertEqual(QuantizationScheme(bits: 4, symmetric: true, perChannel: true).bytes(count: 60, channels: 6), 30 + 24)
        XCTAssertEqual(QuantizationScheme(bits: 4, symmetric: false, perChannel: true).bytes(count: 61, channels: 6), 31 + 48)  // 61 nibbles round up
    }
}
