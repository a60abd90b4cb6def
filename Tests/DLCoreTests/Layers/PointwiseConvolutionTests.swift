import DLCore
import TestSupport
import XCTest

/// "Is a 1×1 convolution the same as multiplying the input by a scalar?" Only with one input and
/// one output channel; otherwise it is a Linear layer over channels applied at every pixel.
final class PointwiseConvolutionTests: XCTestCase {
    /// [N, C, H, W] → rows of [N·H·W, C] (one row per pixel).
    func pixelsAsRows(_ x: Tensor) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let rows = Tensor(shape: [n * h * w, c])
        for s in 0..<n { for ch in 0..<c { for p in 0..<(h * w) { rows[(s * h * w + p) * c + ch] = x[(s * c + ch) * h * w + p] } } }
        return rows
    }

    func testOneByOneConvolutionIsALinearLayerAtEveryPixel() {
        // 4×4 = 16 positions and 8×8 = 64: the engine's batched and per-sample GEMM paths.
        for (cin, cout, side) in [(3, 5, 4), (3, 5, 8), (16, 4, 8), (4, 16, 5)] {
            let conv = Conv2d(inChannels: cin, outChannels: cout, kernelSize: 1)
            let linear = Linear(inputs: cin, outputs: cout)
            linear.weight.value.assign(Tensor(shape: [cout, cin], values: conv.weight.value.values))
            linear.bias!.value.assign(conv.bias!.value)
            let n = 3
            let x = randomTensor([n, cin, side, side], seed: UInt64(cin * side))
            let y = conv.forward(x).copy()
            let z = linear.forward(pixelsAsRows(x))
            XCTAssertEqual(y.shape, [n, cout, side, side], "a 1×1 convolution keeps the resolution")
            var largest: Float = 0
            for s in 0..<n {
                for o in 0..<cout {
                    for p in 0..<(side * side) {
                        let a = y[(s * cout + o) * side * side + p], b = z[(s * side * side + p) * cout + o]
                        largest = max(largest, abs(a - b) / max(1, abs(b)))
                    }
                }
            }
            // Float precision: a few units in the last place of sums of `cin` products.
            XCTAssertLessThan(largest, 4 * Float(cin) * Float.ulpOfOne, "in \(cin) out \(cout) side \(side)")
        }
    }

    func testItIsAScalarMultiplicationOnlyWithOneInputAndOneOutputChannel() {
        let one = Conv2d(inChannels: 1, outChannels: 1, kernelSize: 1, bias: false)
        let w = one.weight.value[0]
        let x = randomTensor([2, 1, 6, 6], seed: 5)
        XCTAssertEqual(one.forward(x).values, x.values.map { w * $0 }, "one channel in and out: y = w·x exactly")

        // Two channels: the best single scalar λ (least squares, y ≈ λ·x) leaves most of y unexplained.
        let two = Conv2d(inChannels: 2, outChannels: 2, kernelSize: 1, bias: false)
        two.weight.value.assign(Tensor(shape: [2, 2, 1, 1], values: [0.5, -1, 2, 0.25]))
        let x2 = randomTensor([2, 2, 6, 6], seed: 6)
        let y2 = two.forward(x2).values, xs = x2.values
        let lambda = zip(xs, y2).map { $0 * $1 }.reduce(0, +) / xs.map { $0 * $0 }.reduce(0, +)
        let residual = zip(xs, y2).map { ($1 - lambda * $0) * ($1 - lambda * $0) }.reduce(0, +)
        let energy = y2.map { $0 * $0 }.reduce(0, +)
        XCTAssertGreaterThan(residual / energy, 0.5, "a mixing 1×1 convolution is not a scalar multiple")
        // Each output channel mixes both inputs: y₀ = 0.5·x₀ − x₁ at every pixel.
        for p in 0..<36 { XCTAssertEqual(y2[p], 0.5 * xs[p] - xs[36 + p], accuracy: 1e-6) }
    }
}
