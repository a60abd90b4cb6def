import DLCore
import Foundation
import TestSupport
import XCTest

/// The output-size rule ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1: against PyTorch's measured sizes (a fixture
/// `scripts/make_conv_arithmetic_fixture.py` wrote, dilation included), against the shapes the
/// engine's convolution and pooling layers actually produce, and its errors.
final class ConvolutionArithmeticTests: XCTestCase {
    struct Case: Decodable { var n, k, p, s, d, conv: Int; var maxPool, avgPool: Int? }
    struct Fixture: Decodable { var torch: String; var cases: [Case] }

    func testMatchesPyTorchIncludingDilation() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conv_output_sizes.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertGreaterThan(fixture.cases.filter { $0.d > 1 }.count, 100, "the fixture covers dilation")
        for c in fixture.cases {
            let size = try ConvolutionArithmetic.outputSize(input: c.n, kernel: c.k, padding: c.p, stride: c.s, dilation: c.d)
            XCTAssertEqual(size, c.conv, "Conv1d n=\(c.n) k=\(c.k) p=\(c.p) s=\(c.s) d=\(c.d)")
            // Pooling uses the same rule (floor mode).
            if let m = c.maxPool { XCTAssertEqual(size, m, "MaxPool1d \(c)") }
            if let a = c.avgPool { XCTAssertEqual(size, a, "AvgPool1d \(c)") }
        }
    }

    func testMatchesTheEngineLayers() throws {
        var checked = 0
        let grid = [3, 5, 8, 16].flatMap { n in [1, 2, 3, 5].flatMap { k in [0, 1, 2].flatMap { p in [1, 2, 3].map { s in (n, k, p, s) } } } }
        for (n, k, p, s) in grid where n + 2 * p >= k {
            let expected = try ConvolutionArithmetic.outputSize(input: n, kernel: k, padding: p, stride: s)
            // Rectangular inputs: height n, width n + 1, so the two dimensions are checked apart.
            let wide = try ConvolutionArithmetic.outputSize(input: n + 1, kernel: k, padding: p, stride: s)
            let conv2d = Conv2d(inChannels: 2, outChannels: 3, kernelSize: k, stride: s, padding: p)
            XCTAssertEqual(try conv2d.outputShape(for: [2, n, n + 1]), [3, expected, wide], "\(conv2d) on \(n)×\(n + 1)")
            XCTAssertEqual(conv2d.forward(Tensor(shape: [1, 2, n, n + 1])).shape, [1, 3, expected, wide], "\(conv2d) forward")
            let conv1d = Conv1d(inChannels: 1, outChannels: 1, kernelSize: k, stride: s, padding: p)
            XCTAssertEqual(try conv1d.outputShape(for: [1, n]), [1, expected], "\(conv1d)")
            if 2 * p <= k {  // PyTorch's (and the engine's) pooling padding limit
                for pool in [MaxPool2d(kernelSize: k, stride: s, padding: p), AvgPool2d(kernelSize: k, stride: s, padding: p)] as [Layer] {
                    XCTAssertEqual(try pool.outputShape(for: [2, n, n + 1]), [2, expected, wide], "\(pool)")
                    XCTAssertEqual(pool.forward(Tensor(shape: [1, 2, n, n + 1])).shape, [1, 2, expected, wide], "\(pool) forward")
                }
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testTableCases() throws {
        // (n, k, p, s, d, out): the cases a reader checks by hand.
        let cases: [(Int, Int, Int, Int, Int, Int)] = [
            (5, 3, 0, 1, 1, 3),  // "valid": n − k + 1
            (5, 3, 1, 1, 1, 5),  // "same" for odd k: p = (k − 1)/2
            (5, 3, 1, 2, 1, 3),  // stride 2 halves, rounding up from the padded size
            (4, 2, 0, 2, 1, 2),  // the 4×4 pooling example: 2×2 windows, stride 2
            (7, 3, 0, 1, 2, 3),  // dilation 2: a 3-tap kernel spans 5 positions
            (6, 3, 0, 2, 1, 2),  // floor: the last input column is never a window's start
            (1, 1, 0, 1, 1, 1),
        ]
        for (n, k, p, s, d, out) in cases {
            XCTAssertEqual(try ConvolutionArithmetic.outputSize(input: n, kernel: k, padding: p, stride: s, dilation: d), out)
        }
    }

    func testBadSettingsNameTheProblemAndTheFix() {
        let bad: [((Int, Int, Int, Int, Int), String)] = [
            ((0, 3, 0, 1, 1), "input length 0"), ((5, 0, 0, 1, 1), "kernel size 0"), ((5, 3, 0, 0, 1), "stride 0"),
            ((5, 3, 0, 1, 0), "dilation 0"), ((5, 3, -1, 1, 1), "padding -1"),
            ((3, 3, 0, 1, 2), "shorter than the window (5 positions)"),
        ]
        for ((n, k, p, s, d), text) in bad {
            XCTAssertThrowsError(try ConvolutionArithmetic.outputSize(input: n, kernel: k, padding: p, stride: s, dilation: d)) { e in
                XCTAssert("\(e)".contains(text) && "\(e)".contains(" — "), "\(e)")
            }
        }
    }

    func testMultiplyAddsMatchTheLayersCount() {
        let conv = Conv2d(inChannels: 16, outChannels: 4, kernelSize: 3, padding: 1)
        XCTAssertEqual(ConvolutionArithmetic.multiplyAdds(inChannels: 16, outChannels: 4, kernel: (3, 3), output: (8, 8)),
                       conv.forwardMACs(for: [16, 8, 8]))
        XCTAssertEqual(conv.forwardMACs(for: [16, 8, 8]), 4 * 64 * 16 * 9)
    }
}
