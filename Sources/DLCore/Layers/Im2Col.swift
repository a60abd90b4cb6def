/// A sliding window over the last two dimensions of [N, C, H, W]: kernel, stride and padding.
/// One-dimensional layers use a window of height 1 over H = 1.
struct Window: Equatable {
    var kernelHeight: Int, kernelWidth: Int
    var strideHeight: Int, strideWidth: Int
    var padHeight: Int, padWidth: Int

    /// The output size, PyTorch's ⌊(in + 2·pad − kernel)/stride⌋ + 1, or nil when the padded
    /// input is smaller than the kernel.
    func outputSize(height h: Int, width w: Int) -> (height: Int, width: Int)? {
        let ph = h + 2 * padHeight
        let pw = w + 2 * padWidth
        guard ph >= kernelHeight, pw >= kernelWidth else { return nil }
        return ((ph - kernelHeight) / strideHeight + 1, (pw - kernelWidth) / strideWidth + 1)
    }

    /// The output columns `lo..<hi` whose input column `ow·stride − pad + j` lies in `0..<w`.
    @inline(__always)
    func validColumns(offset j: Int, width w: Int, outputWidth wo: Int) -> (lo: Int, hi: Int) {
        let first = padWidth - j  // the input column of ow = 0 is −first
        let lo = first <= 0 ? 0 : (first + strideWidth - 1) / strideWidth
        let last = w - 1 + padWidth - j
        let hi = last < 0 ? 0 : min(wo, last / strideWidth + 1)
        return (min(lo, hi), hi)
    }

    /// The same window turned to run down the rows (for the valid output rows).
    var vertical: Window {
        Window(
            kernelHeight: 1, kernelWidth: kernelHeight, strideHeight: 1, strideWidth: strideHeight,
            padHeight: 0, padWidth: padHeight)
    }
}

/// The im2col map of a convolution over [samples, C, H, W] (1-D: H = 1) and its adjoint.
///
/// Columns are laid out as `cols[C·kh·kw, samples·P]` with P = Ho·Wo:
/// `cols[(c·kh + i)·kw + j, s·P + oh·Wo + ow] = x[s, c, oh·sh − ph + i, ow·sw − pw + j]`.
/// Each row is a run of P outputs per sample, read from the input at the column stride, so the
/// copy loops are long and simple. Entries that fall in the zero padding are never written
/// (`gather`) or read (`scatterAdd`): the caller zeroes the column buffer once per geometry.
struct Im2Col: Equatable {
    var channels = 0, height = 0, width = 0, outHeight = 0, outWidth = 0
    var window = Window(
        kernelHeight: 1, kernelWidth: 1, strideHeight: 1, strideWidth: 1, padHeight: 0, padWidth: 0)

    var positions: Int { outHeight * outWidth }
    var patchSize: Int { channels * window.kernelHeight * window.kernelWidth }

    /// Copies the patches of `samples` samples starting at `x` into `cols`, whose rows start
    /// `rowStride` ≥ samples·P elements apart.
    func gather(
        _ x: UnsafePointer<Float>, samples: Int, into cols: UnsafeMutablePointer<Float>,
        rowStride: Int
    ) {
        switch window.strideWidth {  // constant strides let the copy loops vectorize
        case 1:
            forEachRun(samples, cols, rowStride) { row, offset, lo, hi in
                let src = x + offset
                for ow in lo..<hi { row[ow] = src[ow] }
            }
        case 2:
            forEachRun(samples, cols, rowStride) { row, offset, lo, hi in
                let src = x + offset
                for ow in lo..<hi { row[ow] = src[2 * ow] }
            }
        case let sw:
            forEachRun(samples, cols, rowStride) { row, offset, lo, hi in
                let src = x + offset
                for ow in lo..<hi { row[ow] = src[ow * sw] }
            }
        }
    }

    /// The adjoint of `gather`: adds every column entry onto the input element it came from.
    /// `dx` must hold zeros (or what the sum should start from).
    func scatterAdd(
        _ cols: UnsafeMutablePointer<Float>, samples: Int, rowStride: Int,
        into dx: UnsafeMutablePointer<Float>
    ) {
        switch window.strideWidth {
        case 1:
            forEachRun(samples, cols, rowStride) { row, offset, lo, hi in
                let dst = dx + offset
                for ow in lo..<hi { dst[ow] += row[ow] }
            }
        case 2:
            forEachRun(samples, cols, rowStride) { row, offset, lo, hi in
                let dst = dx + offset
                for ow in lo..<hi { dst[2 * ow] += row[ow] }
            }
        case let sw:
            forEachRun(samples, cols, rowStride) { row, offset, lo, hi in
                let dst = dx + offset
                for ow in lo..<hi { dst[ow * sw] += row[ow] }
            }
        }
    }

    /// Visits every run of the map over `samples` samples whose column rows start `ld` apart:
    /// for each (channel, kernel row i, kernel column j, sample, output row) inside the input,
    /// `body(columnRow, inputOffset, lo, hi)`, where output columns `ow ∈ lo..<hi` map
    /// `columnRow[ow]` to input element `inputOffset + ow·sw`.
    @inline(__always)
    private func forEachRun(
        _ samples: Int, _ cols: UnsafeMutablePointer<Float>, _ ld: Int,
        _ body: (UnsafeMutablePointer<Float>, Int, Int, Int) -> Void
    ) {
        let w = width, ho = outHeight, wo = outWidth, p = positions
        let kh = window.kernelHeight, kw = window.kernelWidth, sh = window.strideHeight
        let plane = height * w, sampleSize = channels * plane
        for c in 0..<channels {
            for i in 0..<kh {
                let (ohLo, ohHi) = window.vertical.validColumns(
                    offset: i, width: height, outputWidth: ho)
                for j in 0..<kw {
                    let (lo, hi) = window.validColumns(offset: j, width: w, outputWidth: wo)
                    guard lo < hi && ohLo < ohHi else { continue }
                    var row = cols + ((c * kh + i) * kw + j) * ld
                    // The input element of (oh, ow) = (0, 0), possibly in the padding.
                    var offset = c * plane + (i - window.padHeight) * w + j - window.padWidth
                    if ho == 1 {  // 1-D: one run per sample, without the row loop
                        for _ in 0..<samples {
                            body(row, offset, lo, hi)
                            row += p
                            offset += sampleSize
                        }
                        continue
                    }
                    for _ in 0..<samples {
                        for oh in ohLo..<ohHi { body(row + oh * wo, offset + oh * sh * w, lo, hi) }
                        row += p
                        offset += sampleSize
                    }
                }
            }
        }
    }
}
