/// Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray 2016): a stride-1 3×3 convolution
/// computed on 4×4 input tiles, each giving a 2×2 output tile, with
///
///     Y = Aᵀ [ Σ_c (G g_kc Gᵀ) ⊙ (Bᵀ d_c B) ] A
///
///     G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]      Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
///     Aᵀ = [1 1 1 0; 0 1 −1 −1]
///
/// so each (output channel, input channel) pair costs 16 multiplies per output tile instead of
/// the direct convolution's 2·2·9 = 36 (the transforms' additions, and the filter transform done
/// once, aside). An alternative path for inference (no backward): the same result as the direct
/// convolution up to float rounding, which the transforms change. Sums run in a fixed order
/// (input channels in order), in float32.
public enum Winograd {
    /// Multiplies per 2×2 output tile per (output, input) channel pair: Winograd and direct.
    public static let multipliesPerTile = (winograd: 16, direct: 36)

    /// Multiplies of one sample's convolution (elementwise products only; transforms aside):
    /// Winograd over ⌈oh/2⌉·⌈ow/2⌉ tiles, direct over oh·ow outputs.
    public static func multiplies(outputHeight oh: Int, outputWidth ow: Int, inChannels c: Int, outChannels k: Int) -> (winograd: Int, direct: Int) {
        (((oh + 1) / 2) * ((ow + 1) / 2) * k * c * 16, oh * ow * k * c * 9)
    }

    /// The transformed filters U = G g Gᵀ, [K, C, 16].
    public static func transformFilters(_ weight: Tensor) -> [Float] {
        precondition(weight.shape.rank == 4 && weight.shape[2] == 3 && weight.shape[3] == 3, "Winograd F(2×2, 3×3) needs 3×3 filters, got \(weight.shape)")
        let kc = weight.shape[0] * weight.shape[1]
        var u = [Float](repeating: 0, count: kc * 16)
        for f in 0..<kc {
            let g = weight.pointer + f * 9
            // Gg: 4×3
            var t = [Float](repeating: 0, count: 12)
            for j in 0..<3 {
                let a = g[j], b = g[3 + j], c = g[6 + j]
                t[j] = a
                t[3 + j] = (a + b + c) * 0.5
                t[6 + j] = (a - b + c) * 0.5
                t[9 + j] = c
            }
            // (Gg)Gᵀ: 4×4
            for i in 0..<4 {
                let a = t[i * 3], b = t[i * 3 + 1], c = t[i * 3 + 2]
                u[f * 16 + i * 4] = a
                u[f * 16 + i * 4 + 1] = (a + b + c) * 0.5
                u[f * 16 + i * 4 + 2] = (a - b + c) * 0.5
                u[f * 16 + i * 4 + 3] = c
            }
        }
        return u
    }

    /// The convolution of `input` [N, C, H, W] with `weight` [K, C, 3, 3] (stride 1, zero
    /// `padding` on each side) plus `bias` [K]: [N, K, H + 2p − 2, W + 2p − 2].
    public static func convolve(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, padding: Int = 0) -> Tensor {
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let k = weight.shape[0]
        precondition(weight.shape[1] == c, "the filters take \(weight.shape[1]) channels, the input has \(c)")
        let (oh, ow) = (h + 2 * padding - 2, w + 2 * padding - 2)
        precondition(oh >= 1 && ow >= 1, "input \(h)×\(w) is smaller than the 3×3 kernel")
        let u = transformFilters(weight)
        let (th, tw) = ((oh + 1) / 2, (ow + 1) / 2)
        let out = Tensor(shape: [n, k, oh, ow])
        let x = input.pointer
        // Input value at padded coordinates (zero outside).
        @inline(__always) func at(_ b: Int, _ ch: Int, _ i: Int, _ j: Int) -> Float {
            let (r, s) = (i - padding, j - padding)
            return r >= 0 && r < h && s >= 0 && s < w ? x[((b * c + ch) * h + r) * w + s] : 0
        }
        var v = [Float](repeating: 0, count: c * 16)
        var m = [Float](repeating: 0, count: 16)
        for b in 0..<n {
            for ti in 0..<th {
                for tj in 0..<tw {
                    // V = Bᵀ d B for every input channel.
                    for ch in 0..<c {
                        var d = [Float](repeating: 0, count: 16)
                        for i in 0..<4 { for j in 0..<4 { d[i * 4 + j] = at(b, ch, 2 * ti + i, 2 * tj + j) } }
                        var t = [Float](repeating: 0, count: 16)  // Bᵀ d
                        for j in 0..<4 {
                            t[j] = d[j] - d[8 + j]
                            t[4 + j] = d[4 + j] + d[8 + j]
                            t[8 + j] = d[8 + j] - d[4 + j]
                            t[12 + j] = d[4 + j] - d[12 + j]
                        }
                        for i in 0..<4 {  // (Bᵀ d) B
                            let r = t[(i * 4)..<(i * 4 + 4)].map { $0 }
                            v[ch * 16 + i * 4] = r[0] - r[2]
                            v[ch * 16 + i * 4 + 1] = r[1] + r[2]
                            v[ch * 16 + i * 4 + 2] = r[2] - r[1]
                            v[ch * 16 + i * 4 + 3] = r[1] - r[3]
                        }
                    }
                    for o in 0..<k {
                        for e in 0..<16 { m[e] = 0 }
                        for ch in 0..<c {
                            let uf = (o * c + ch) * 16
                            for e in 0..<16 { m[e] += u[uf + e] * v[ch * 16 + e] }
                        }
                        // Y = Aᵀ M A: 2×2.
                        var y = [Float](repeating: 0, count: 4)
                        for j in 0..<4 {
                            let a = m[j] + m[4 + j] + m[8 + j], bb = m[4 + j] - m[8 + j] - m[12 + j]
                            if j == 0 { y[0] += a; y[2] += bb }
                            if j == 1 { y[0] += a; y[1] += a; y[2] += bb; y[3] += bb }
                            if j == 2 { y[0] += a; y[1] -= a; y[2] += bb; y[3] -= bb }
                            if j == 3 { y[1] -= a; y[3] -= bb }
                        }
                        let shift = bias.map { $0[o] } ?? 0
                        for di in 0..<2 {
                            for dj in 0..<2 {
                                let (r, s) = (2 * ti + di, 2 * tj + dj)
                                if r < oh && s < ow { out.pointer[((b * k + o) * oh + r) * ow + s] = y[di * 2 + dj] + shift }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
