@testable import DLCore
import XCTest

/// Winograd F(2×2, 3×3) against the direct convolution: the same numbers within float
/// tolerance, for even and odd sizes, with and without padding; the multiply counts.
final class WinogradTests: XCTestCase {
    func random(_ shape: Shape, seed: UInt64) -> Tensor {
        var rng = RandomStream(seed: seed, stream: "winograd")
        return Tensor(shape: shape, values: (0..<shape.count).map { _ in rng.normal() })
    }

    /// Cross-correlation in double, PyTorch's `conv2d` (stride 1).
    func direct(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, padding p: Int) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), k = w.shape[0]
        let (oh, ow) = (h + 2 * p - 2, wd + 2 * p - 2)
        var out = [Double](repeating: 0, count: n * k * oh * ow)
        for b in 0..<n { for o in 0..<k { for i in 0..<oh { for j in 0..<ow {
            var s = Double(bias?[o] ?? 0)
            for ch in 0..<c { for a in 0..<3 { for e in 0..<3 {
                let (r, q) = (i + a - p, j + e - p)
                if r >= 0 && r < h && q >= 0 && q < wd {
                    s += Double(x[((b * c + ch) * h + r) * wd + q]) * Double(w[((o * c + ch) * 3 + a) * 3 + e])
                }
            } } }
            out[((b * k + o) * oh + i) * ow + j] = s
        } } } }
        return out
    }

    func testEqualsTheDirectConvolutionWithinFloatTolerance() {
        for (h, w, p) in [(6, 6, 0), (7, 5, 0), (8, 8, 1), (5, 9, 1), (3, 3, 0)] {
            let x = random([2, 3, h, w], seed: UInt64(h * 10 + w)), weight = random([4, 3, 3, 3], seed: 7), bias = random([4], seed: 8)
            let y = Winograd.convolve(x, weight: weight, bias: bias, padding: p)
            let reference = direct(x, weight, bias, padding: p)
            XCTAssertEqual(y.shape, Shape(2, 4, h + 2 * p - 2, w + 2 * p - 2))
            for (a, b) in zip(y.values, reference) { XCTAssertEqual(Double(a), b, accuracy: 1e-5 * max(1, abs(b)), "\(h)×\(w) p=\(p)") }
            // And the engine's own convolution layer (im2col + sgemm).
            let conv = Conv2d(inChannels: 3, outChannels: 4, kernelSize: 3, padding: p)
            conv.weight.value.assign(weight)
            conv.bias!.value.assign(bias)
            conv.isTraining = false
            for (a, b) in zip(y.values, conv.forward(x).values) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        }
    }

    /// The transformed filter of a one-hot kernel: G e Gᵀ for the centre tap is the outer
    /// product of G's middle column (0, ½, −½, 0) with itself.
    func testFilterTransform() {
        let g = Tensor(shape: [1, 1, 3, 3], values: [0, 0, 0, 0, 1, 0, 0, 0, 0])
        let column: [Float] = [0, 0.5, -0.5, 0]
        XCTAssertEqual(Winograd.transformFilters(g), column.flatMap { a in column.map { a * $0 } })
    }

    func testMultiplyCounts() {
        XCTAssertEqual(Winograd.multipliesPerTile.winograd, 16)
        XCTAssertEqual(Winograd.multipliesPerTile.direct, 2 * 2 * 9)
        let m = Winograd.multiplies(outputHeight: 4, outputWidth: 6, inChannels: 3, outChannels: 5)
        XCTAssertEqual(m.winograd, 2 * 3 * 15 * 16)
        XCTAssertEqual(m.direct, 24 * 15 * 9)
        XCTAssertEqual(Double(m.winograd) / Double(m.direct), 16.0 / 36)
        // Odd sizes waste part of the last tiles.
        XCTAssertEqual(Winograd.multiplies(outputHeight: 5, outputWidth: 5, inChannels: 1, outChannels: 1).winograd, 9 * 16)
    }
}
