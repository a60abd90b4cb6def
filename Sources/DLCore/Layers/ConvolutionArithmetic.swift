/// How many positions a sliding window (convolution or pooling) produces along one dimension:
/// PyTorch's formula ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 (Dumoulin & Visin 2016, relationship 15),
/// for input length n, kernel k, padding p on both ends, stride s and dilation d.
///
/// The engine's layers have dilation 1, where the formula is ⌊(n + 2p − k)/s⌋ + 1; dilation is
/// here so the rule can be stated (and checked against PyTorch's numbers) in full.
public enum ConvolutionArithmetic {
    /// A window setting the formula cannot take.
    public struct Problem: Error, CustomStringConvertible, Equatable, Sendable {
        public let description: String
    }

    /// The output length, or a `Problem` naming the bad argument and the fix.
    /// - Parameters:
    ///   - input: n ≥ 1 values along the dimension.
    ///   - kernel: k ≥ 1.
    ///   - padding: p ≥ 0 zeros added at each end.
    ///   - stride: s ≥ 1.
    ///   - dilation: d ≥ 1; the window spans d(k − 1) + 1 input positions.
    public static func outputSize(input n: Int, kernel k: Int, padding p: Int = 0, stride s: Int = 1,
                                  dilation d: Int = 1) throws -> Int {
        func need(_ ok: Bool, _ what: String, _ fix: String) throws {
            if !ok { throw Problem(description: "\(what) — \(fix)") }
        }
        try need(n >= 1, "input length \(n) is not positive", "use at least 1")
        try need(k >= 1, "kernel size \(k) is not positive", "use at least 1")
        try need(s >= 1, "stride \(s) is not positive", "use at least 1")
        try need(d >= 1, "dilation \(d) is not positive", "use at least 1 (1 means no gaps)")
        try need(p >= 0, "padding \(p) is negative", "use 0 or more")
        let span = d * (k - 1) + 1
        try need(n + 2 * p >= span,
                 "the padded input (\(n) + 2·\(p) = \(n + 2 * p)) is shorter than the window (\(span) positions)",
                 "use a smaller kernel or dilation, or at least \((span - n + 1) / 2) padding")
        return (n + 2 * p - d * (k - 1) - 1) / s + 1
    }

    /// The multiply-adds of a convolution layer's forward pass on one sample: one per weight
    /// per output position, `outChannels · outH · outW · inChannels · kh · kw` (bias adds not
    /// counted, as is usual).
    public static func multiplyAdds(inChannels: Int, outChannels: Int, kernel: (Int, Int), output: (Int, Int)) -> Int {
        outChannels * output.0 * output.1 * inChannels * kernel.0 * kernel.1
    }
}
