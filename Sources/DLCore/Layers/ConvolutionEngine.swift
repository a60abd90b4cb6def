/// The convolution arithmetic shared by `Conv1d` and `Conv2d`, on [N, C, H, W] (1-D: H = 1).
///
/// Forward is im2col and one GEMM per block of samples: the block's patches are laid out as
/// columns, `cols[Cin·kh·kw, samples·P]` (P output positions per sample), so that each row is a
/// long run the copy loops stream through, and `Y[Cout, samples·P] = W · cols`; Y is then
/// scattered to NCL/NCHW with the bias added. Backward gathers dY in the same layout, takes
/// dW += dY · colsᵀ and dcols = Wᵀ · dY, and scatters dcols back with col2im. Blocks keep
/// OpenBLAS on its small-matrix kernels and the working set in cache. A 1×1 kernel with stride 1
/// and no padding on large planes skips im2col: `Y_n = W · X_n` per sample, straight into NCHW.
///
/// Every buffer is owned here and only grows, so after the first batch nothing is allocated.
final class ConvolutionEngine {
    let inChannels: Int, outChannels: Int
    let window: Window
    let weight: Parameter
    let bias: Parameter?
    var computesInputGradient = true

    let output = Tensor(shape: [0])
    let gradInput = Tensor(shape: [0])
    private let columns = Tensor(shape: [0])  // [CK, rowStride] per block, kept for backward
    private let blockOut = Tensor(shape: [0])  // Y or dY of the current block, [Cout, ≤ rowStride]
    private let blockColumnGrad = Tensor(shape: [0])  // dcols of the current block, [CK, rowStride]
    private var input: Tensor?
    private var map = Im2Col()  // the geometry of the last forward
    // The layout `columns`' padding zeros were laid out for, and how far they reach.
    private var columnsMap = Im2Col(), columnsBlock = 0, zeroedColumns = 0
    private var batch = 0, samplesPerBlock = 1

    /// Multiply-accumulates per block GEMM: OpenBLAS's small-matrix path, the fastest here, takes
    /// products up to M·N·K = 10⁶, and a block's columns then stay in L2.
    static let targetBlockMACs = 1 << 19
    /// The widest block (samples · positions) whose column rows our GEMM reads in place: rows
    /// 256 or more floats apart are packed first when K > 16 (`DL_FAR`, `DL_FEW` in
    /// Sources/CKernels), a copy of the whole block (forward: the columns; backward: dY) that
    /// narrower blocks avoid. The block size changes no bit: every product entry and the db and
    /// dW sums keep their order.
    static let inPlaceWidth = 240
    /// Planes at least this large take the per-sample 1×1 GEMM; smaller ones are cheaper batched.
    static let directMinimumPositions = 32

    init(
        inChannels: Int, outChannels: Int, window: Window, weightShape: Shape, bias: Bool,
        name: String
    ) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.window = window
        weight = Parameter(name: "weight", role: .weight, shape: weightShape)
        self.bias = bias ? Parameter(name: "bias", role: .bias, shape: Shape(outChannels)) : nil
        var rng = RandomStream(seed: 0, stream: "\(name) default init")
        let fanIn = inChannels * window.kernelHeight * window.kernelWidth
        let fanOut = outChannels * window.kernelHeight * window.kernelWidth
        Initializer.pytorchDefault.fill(
            weight.value, fanIn: fanIn, fanOut: fanOut, role: .weight, using: &rng)
        if let b = self.bias {
            Initializer.pytorchDefault.fill(
                b.value, fanIn: fanIn, fanOut: fanOut, role: .bias, using: &rng)
        }
    }

    private var isDirect: Bool {
        window.kernelHeight == 1 && window.kernelWidth == 1 && window.strideHeight == 1
            && window.strideWidth == 1 && window.padHeight == 0 && window.padWidth == 0
            && map.positions >= Self.directMinimumPositions
    }

    /// Convolves `x` viewed as [n, inChannels, h, w] into `output`, shaped `outShape`.
    func forward(_ x: Tensor, n: Int, h: Int, w: Int, outShape: Shape) -> Tensor {
        guard let (ho, wo) = window.outputSize(height: h, width: w) else {
            preconditionFailure("convolution input \(x.shape) is smaller than its kernel")
        }
        batch = n
        map = Im2Col(
            channels: inChannels, height: h, width: w, outHeight: ho, outWidth: wo, window: window)
        input = x
        output.resize(to: outShape)
        let p = ho * wo
        let ck = map.patchSize
        let cout = outChannels
        let wp = weight.value.pointer
        let y = output.pointer
        if isDirect {
            for s in 0..<n {
                let ys = y + s * cout * p
                fillBias(ys, positions: p)
                MatrixMultiply.gemm(
                    m: cout, n: p, k: ck, a: wp, b: x.pointer + s * ck * p,
                    beta: bias == nil ? 0 : 1, c: ys)
            }
            return output
        }
        samplesPerBlock = max(1, min(n, Self.targetBlockMACs / max(1, cout * ck * p)))
        if ck > 16 && p <= Self.inPlaceWidth { samplesPerBlock = min(samplesPerBlock, Self.inPlaceWidth / p) }
        let nb = samplesPerBlock
        let rowStride = Self.gemmWidth(nb * p)
        let blockStride = ck * rowStride
        prepareColumns(count: ((n + nb - 1) / nb) * blockStride, samplesPerBlock: nb)
        blockOut.resize(to: Shape(cout * rowStride))
        let zero: Float = 0
        for (k, n0) in stride(from: 0, to: n, by: nb).enumerated() {
            let count = min(nb, n - n0)
            let cols = columns.pointer + k * blockStride
            // The product runs over whole multiples of 16 columns; the last ones (unused
            // patches of a short block, or the slack) are computed and ignored.
            let ld = Self.gemmWidth(count * p)
            map.gather(
                x.pointer + n0 * inChannels * h * w, samples: count, into: cols,
                rowStride: rowStride)
            MatrixMultiply.gemm(m: cout, n: ld, k: ck, a: wp, b: cols, ldb: rowStride, c: blockOut.pointer)
            // Scatter [Cout, count·P] to [count, Cout, P], adding the bias.
            let src = blockOut.pointer
            let b = bias?.value.pointer
            for s in 0..<count {
                let dst = y + (n0 + s) * cout * p
                for o in 0..<cout {
                    let from = src + o * ld + s * p
                    let to = dst + o * p
                    let bo = b?[o] ?? zero
                    for i in 0..<p { to[i] = from[i] + bo }
                }
            }
        }
        return output
    }

    /// Writes dW (and db) and returns dL/dx shaped like the input (empty when not wanted).
    func backward(_ dy: Tensor) -> Tensor {
        guard let x = input else {
            preconditionFailure("convolution backward called before forward")
        }
        let n = batch
        let p = map.positions
        let ck = map.patchSize
        let cout = outChannels
        let g = dy.pointer
        let wp = weight.value.pointer
        let dw = weight.grad.pointer
        precondition(
            dy.count == n * cout * p,
            "convolution backward got \(dy.shape), expected \(output.shape)")
        let db = bias?.grad.pointer
        db?.update(repeating: 0, count: cout)
        let wantInput = computesInputGradient
        gradInput.resize(to: wantInput ? x.shape : Shape(0))
        if isDirect {
            for s in 0..<n {
                let gs = g + s * cout * p
                let xs = x.pointer + s * ck * p
                if let db {
                    for o in 0..<cout {
                        let row = gs + o * p
                        var acc: Float = 0
                        for i in 0..<p { acc += row[i] }
                        db[o] += acc
                    }
                }
                MatrixMultiply.gemm(
                    transB: true, m: cout, n: ck, k: p, a: gs, b: xs, beta: s == 0 ? 0 : 1, c: dw)
                if wantInput {
                    MatrixMultiply.gemm(
                        transA: true, m: ck, n: p, k: cout, a: wp, b: gs,
                        c: gradInput.pointer + s * ck * p)
                }
            }
            return gradInput
        }
        let nb = samplesPerBlock
        let rowStride = Self.gemmWidth(nb * p)
        let blockStride = ck * rowStride
        let planeSize = inChannels * map.height * map.width
        if wantInput { blockColumnGrad.resize(to: Shape(ck * rowStride)) }
        for (k, n0) in stride(from: 0, to: n, by: nb).enumerated() {
            let count = min(nb, n - n0)
            let cols = columns.pointer + k * blockStride
            let ld = count * p
            // Gather dY of the block as [Cout, count·P], summing db on the way.
            let gy = blockOut.pointer
            for s in 0..<count {
                let src = g + (n0 + s) * cout * p
                for o in 0..<cout {
                    let from = src + o * p
                    let to = gy + o * ld + s * p
                    var acc: Float = 0
                    for i in 0..<p {
                        let v = from[i]
                        to[i] = v
                        acc += v
                    }
                    db?[o] += acc
                }
            }
            MatrixMultiply.gemm(
                transB: true, m: cout, n: ck, k: ld, a: gy, b: cols, ldb: rowStride,
                beta: k == 0 ? 0 : 1, c: dw)
            guard wantInput else { continue }
            MatrixMultiply.gemm(
                transA: true, m: ck, n: ld, k: cout, a: wp, b: gy, c: blockColumnGrad.pointer,
                ldc: rowStride)
            let dx = gradInput.pointer + n0 * planeSize
            dx.update(repeating: 0, count: count * planeSize)
            map.scatterAdd(
                blockColumnGrad.pointer, samples: count, rowStride: rowStride, into: dx)
        }
        return gradInput
    }

    /// A GEMM width of `columns` rounded up to a multiple of 16. OpenBLAS's small-matrix kernel
    /// for the forward product mallocs a scratch buffer on every call whose width leaves 1 to 8
    /// modulo 16 (with 32 or more rows of patches); whole multiples keep training off the heap.
    @inline(__always)
    static func gemmWidth(_ columns: Int) -> Int { (columns + 15) & ~15 }

    /// Sizes `columns` for blocks of `samplesPerBlock` samples. Every block keeps the full width
    /// (a short last block leaves its tail unused), so the padding entries, which im2col never
    /// writes, sit at the same places whatever the batch size: they are zeroed once per
    /// geometry, and again only where the buffer grows.
    private func prepareColumns(count: Int, samplesPerBlock nb: Int) {
        if columnsMap != map || columnsBlock != nb {
            columnsMap = map
            columnsBlock = nb
            zeroedColumns = 0
        }
        let capacity = columns.capacity
        columns.resize(to: Shape(count))
        if columns.capacity != capacity {
            zeroedColumns = count  // a fresh allocation is all zeros
        } else if zeroedColumns < count {
            (columns.pointer + zeroedColumns).update(repeating: 0, count: count - zeroedColumns)
            zeroedColumns = count
        }
    }

    private func fillBias(_ y: UnsafeMutablePointer<Float>, positions p: Int) {
        guard let b = bias?.value.pointer else { return }
        for o in 0..<outChannels { (y + o * p).update(repeating: b[o], count: p) }
    }
}
