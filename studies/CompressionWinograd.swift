import DLCore
import DLStudy
import Foundation

/// Winograd F(2×2, 3×3) against the direct convolution on one 3×3 layer: multiplies and the
/// numerical error of each path against a double-precision reference, measured in the run phase
/// (a derived job; deterministic, seeded inputs).
enum CompressionWinograd {
    static let (batch, channels, size) = (8, 16, 16)

    static func job() -> DerivedJob {
        DerivedJob(kind: "winograd", name: "compression/winograd", parameters: "batch \(batch) channels \(channels) size \(size) padding 1 seed 0", inputs: []) { _ in
            var rng = RandomStream(seed: 0, stream: "winograd")
            let x = Tensor(shape: [batch, channels, size, size], values: (0..<(batch * channels * size * size)).map { _ in rng.normal() })
            let std = Float((2.0 / Double(channels * 9)).squareRoot())  // He initialization
            let w = Tensor(shape: [channels, channels, 3, 3], values: (0..<(channels * channels * 9)).map { _ in rng.normal(std: std) })
            let conv = Conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, padding: 1, bias: false)
            conv.weight.value.assign(w)
            conv.isTraining = false
            let direct = conv.forward(x).values, winograd = Winograd.convolve(x, weight: w, padding: 1).values
            let reference = exact(x, w)
            func errors(_ y: [Float]) -> (max: Double, rms: Double) {
                var m = 0.0, s = 0.0
                for (a, b) in zip(y, reference) { let e = abs(Double(a) - b); m = max(m, e); s += e * e }
                return (m, (s / Double(y.count)).squareRoot())
            }
            let (d, v) = (errors(direct), errors(winograd))
            let rms = (reference.reduce(0) { $0 + $1 * $1 } / Double(reference.count)).squareRoot()
            let m = Winograd.multiplies(outputHeight: size, outputWidth: size, inChannels: channels, outChannels: channels)
            return DerivedValues(numbers: ["direct.max": [d.max], "direct.rms": [d.rms], "winograd.max": [v.max], "winograd.rms": [v.rms],
                                           "output.rms": [rms], "multiplies.winograd": [Double(m.winograd)], "multiplies.direct": [Double(m.direct)]])
        }
    }

    /// Three significant digits in scientific notation.
    static func sci(_ x: Double) -> String { Format.scientific(Double(String(format: "%.3g", x)) ?? x) }

    /// The convolution in double precision (stride 1, padding 1).
    static func exact(_ x: Tensor, _ w: Tensor) -> [Double] {
        let (n, c, h) = (batch, channels, size)
        var out = [Double](repeating: 0, count: n * c * h * h)
        for b in 0..<n { for o in 0..<c { for i in 0..<h { for j in 0..<h {
            var s = 0.0
            for ch in 0..<c { for a in 0..<3 { for e in 0..<3 {
                let (r, q) = (i + a - 1, j + e - 1)
                if r >= 0 && r < h && q >= 0 && q < h { s += Double(x[((b * c + ch) * h + r) * h + q]) * Double(w[((o * c + ch) * 3 + a) * 3 + e]) }
            } } }
            out[((b * c + o) * h + i) * h + j] = s
        } } } }
        return out
    }

    @StudyBuilder
    static func blocks() -> [StudyBlock] {
        Heading("Winograd's F(2×2, 3×3)")
        Derive { _ in [job()] }
        Prose("""
            Winograd's minimal filtering (Lavin & Gray 2016) computes a stride-1 3×3 convolution on 4×4 input \
            tiles: each (output, input) channel pair costs 16 multiplies per 2×2 output tile instead of the \
            direct convolution's 36, at the price of transforms (additions) and of rounding in them. The \
            MLP has no convolution, so this is measured on one layer on its own: \(channels) → \(channels) \
            channels, 3×3, padding 1, a batch of \(batch) random \(size)×\(size) inputs (standard normal) and \
            He-initialized filters; both paths in float32 (the engine's im2col + matrix product, and a direct \
            implementation of F(2×2, 3×3) with sums in a fixed order) against the same convolution in double \
            precision.
            """)
        Prose { r in
            guard let v = r.values(of: job()), let dMax = v[numbers: "direct.max"]?.first, let wMax = v[numbers: "winograd.max"]?.first,
                  let dRMS = v[numbers: "direct.rms"]?.first, let wRMS = v[numbers: "winograd.rms"]?.first, let out = v[numbers: "output.rms"]?.first,
                  let mw = v[numbers: "multiplies.winograd"]?.first, let md = v[numbers: "multiplies.direct"]?.first else {
                return "The Winograd measurement was not made in this run."
            }
            return """
                | path | multiplies per sample | max error vs double | RMS error vs double |
                |---|---|---|---|
                | direct (im2col + matrix product) | \(Format.count(Int(md))) | \(sci(dMax)) | \(sci(dRMS)) |
                | Winograd F(2×2, 3×3) | \(Format.count(Int(mw))) | \(sci(wMax)) | \(sci(wRMS)) |

                Winograd needs \(Format.ratio(mw / md)) of the direct multiplies (16/36 ≈ 0.44) and its error is \
                \(Format.ratio(wRMS / dRMS)) the direct path's (RMS), for outputs of RMS \(Format.number(out)): \
                both small against the outputs at F(2×2, 3×3)\(wRMS < dRMS ? ". Here Winograd is even the more accurate: the direct path accumulates \(channels * 9) products per output in one float sum, Winograd \(channels) per transformed tile entry" : ""). Larger tiles \
                (F(4×4, 3×3), F(6×6, 3×3)) save more multiplies and lose more precision. The engine's \
                implementation is scalar and allocates per tile, so its time says nothing about the method's \
                speed and is not reported.
                """
        }
    }
}
