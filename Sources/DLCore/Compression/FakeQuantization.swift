/// Post-training quantization of a weight tensor, evaluated in fake-quant: each weight is
/// quantized to a `bits`-bit integer and dequantized back to float, and inference runs in float
/// on the dequantized weights — PyTorch's `torch.fake_quantize_per_tensor_affine` /
/// `torch.fake_quantize_per_channel_affine`, with the scale and zero-point of
/// `torch.ao.quantization.MinMaxObserver` / `PerChannelMinMaxObserver` (channel axis 0, the
/// output channel) over the signed range [−2^(bits−1), 2^(bits−1) − 1]:
///
///     min⁻ = min(min w, 0)          max⁺ = max(max w, 0)
///     symmetric: scale = max(−min⁻, max⁺) / ((q_max − q_min) / 2),  zero_point = 0
///     affine:    scale = (max⁺ − min⁻) / (q_max − q_min),  zero_point = clamp(q_min − round(min⁻ / scale))
///     scale = max(scale, ε_float32)
///     dq(q(w)) = (clamp(zero_point + nearbyint(w · (1 / scale)), q_min, q_max) − zero_point) · scale
///
/// all in float32 as ATen computes it (round half to even). Inside the range every weight moves
/// by at most scale / 2.
public struct QuantizationScheme: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Bits per weight, 2 … 16 (8 and 4 in the studies).
    public var bits: Int
    /// Symmetric (zero_point 0, `torch.per_tensor_symmetric`) or affine (`torch.per_tensor_affine`).
    public var symmetric: Bool
    /// One scale (and zero-point) per output channel instead of one per tensor.
    public var perChannel: Bool

    public init(bits: Int, symmetric: Bool, perChannel: Bool) {
        self.bits = bits; self.symmetric = symmetric; self.perChannel = perChannel
    }

    public var quantMin: Int { -(1 << (bits - 1)) }
    public var quantMax: Int { (1 << (bits - 1)) - 1 }

    public var description: String {
        "int\(bits) \(symmetric ? "symmetric" : "affine") per \(perChannel ? "channel" : "tensor")"
    }

    func validate(field: String) throws {
        guard (2...16).contains(bits) else {
            throw SpecError(field: "\(field).bits", problem: "\(bits) bits", fix: "use 2 … 16 bits (8 and 4 are usual)")
        }
    }

    /// The observer's scale and zero-point for values in [minimum, maximum] (MinMaxObserver's
    /// `_calculate_qparams`, float32).
    public func parameters(minimum: Float, maximum: Float) -> (scale: Float, zeroPoint: Int) {
        let lo = Swift.min(minimum, 0), hi = Swift.max(maximum, 0)
        let qmin = Float(quantMin), qmax = Float(quantMax)
        if symmetric {
            let scale = Swift.max(Swift.max(-lo, hi) / ((qmax - qmin) / 2), Float.ulpOfOne)
            return (scale, 0)
        }
        let scale = Swift.max((hi - lo) / (qmax - qmin), Float.ulpOfOne)
        let zero = quantMin - Int((lo / scale).rounded(.toNearestOrEven))
        return (scale, Swift.min(Swift.max(zero, quantMin), quantMax))
    }

    /// The integer a value maps to (ATen's fake-quant kernel: zero_point + nearbyint(x · (1/scale)), clamped).
    public func quantize(_ x: Float, scale: Float, zeroPoint: Int) -> Int {
        let inverse = 1 / scale
        let q = Float(zeroPoint) + (x * inverse).rounded(.toNearestOrEven)
        return Int(Swift.min(Swift.max(q, Float(quantMin)), Float(quantMax)))
    }

    public func dequantize(_ q: Int, scale: Float, zeroPoint: Int) -> Float { Float(q - zeroPoint) * scale }

    /// Quantizes and dequantizes `w` in place; returns the scale and zero-point of each group
    /// (one per tensor, or one per output channel: index 0 of the shape).
    @discardableResult
    public func fakeQuantize(_ w: Tensor) -> [(scale: Float, zeroPoint: Int)] {
        let groups = perChannel ? w.shape[0] : 1
        let size = w.count / groups
        let p = w.pointer
        var parameters: [(scale: Float, zeroPoint: Int)] = []
        for g in 0..<groups {
            let base = p + g * size
            var lo = Float.infinity, hi = -Float.infinity
            for i in 0..<size { lo = Swift.min(lo, base[i]); hi = Swift.max(hi, base[i]) }
            let (scale, zero) = self.parameters(minimum: lo, maximum: hi)
            for i in 0..<size { base[i] = dequantize(quantize(base[i], scale: scale, zeroPoint: zero), scale: scale, zeroPoint: zero) }
            parameters.append((scale, zero))
        }
        return parameters
    }

    /// Bytes to store a weight tensor of `count` entries with `channels` output channels: the
    /// integers packed (`bits` each, rounded up to whole bytes), a float32 scale per group and,
    /// for affine schemes, an int32 zero-point per group (as PyTorch stores them).
    public func bytes(count: Int, channels: Int) -> Int {
        let groups = perChannel ? channels : 1
        return (count * bits + 7) / 8 + groups * (symmetric ? 4 : 8)
    }
}
