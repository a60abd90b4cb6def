/// Binary and ternary weights, one scale per layer:
/// - binary (BinaryConnect, Courbariaux et al. 2015, with the per-layer scale α = mean|w| of
///   Rastegari et al. 2016): q = α · sign(w), sign(0) = +1;
/// - ternary (TWN, Li et al. 2016): Δ = 0.7 · mean|w|; q = α · sign(w) where |w| > Δ, else 0,
///   with α the mean of |w| over the weights above Δ.
/// Trained with a straight-through estimator (`LowBitTraining`): the network computes with q,
/// and the gradient with respect to q updates the float weights w unchanged.
public enum LowBitWeights: String, Codable, Hashable, Sendable, CaseIterable {
    case binary, ternary

    /// Writes q(source) into `target` (same count); returns α.
    @discardableResult
    public func quantize(_ source: Tensor, into target: Tensor) -> Float {
        let n = source.count, w = source.pointer, q = target.pointer
        var sum = 0.0
        for i in 0..<n { sum += Double(abs(w[i])) }
        switch self {
        case .binary:
            let alpha = Float(sum / Double(n))
            for i in 0..<n { q[i] = w[i] >= 0 ? alpha : -alpha }
            return alpha
        case .ternary:
            let delta = Float(0.7 * sum / Double(n))
            var above = 0.0, count = 0
            for i in 0..<n where abs(w[i]) > delta { above += Double(abs(w[i])); count += 1 }
            let alpha = count > 0 ? Float(above / Double(count)) : 0
            for i in 0..<n { q[i] = abs(w[i]) > delta ? (w[i] > 0 ? alpha : -alpha) : 0 }
            return alpha
        }
    }

    /// Bits per weight: 1 (binary) or 2 (ternary, three levels).
    public var bits: Int { self == .binary ? 1 : 2 }

    /// Bytes of one layer: the packed codes and a float32 α.
    public func bytes(count: Int) -> Int { (count * bits + 7) / 8 + 4 }
}

/// The straight-through estimator as a training hook (`TrainingHook.lowBitWeights`): the model's
/// weights (role `.weight`) hold q(w) whenever the network computes — forward, backward and
/// evaluation — and the float w (kept here) whenever the optimizer steps:
/// before the first step w ← weights, weights ← q(w); after backward (gradients of q), weights ← w,
/// so the optimizer moves w by the gradient taken at q (∂q/∂w := 1); after the step
/// w ← weights, weights ← q(w). The run ends with the quantized weights.
final class LowBitTraining: TrainingCallback {
    let kind: LowBitWeights
    let weights: [Parameter]
    let latent: [Tensor]

    init(_ kind: LowBitWeights, model: Sequential) {
        self.kind = kind
        weights = model.parameters.filter { $0.role == .weight }
        latent = weights.map { Tensor(shape: $0.value.shape) }
    }

    func runWillStart(_ trainer: Trainer) { quantize() }

    func gradientsReady(_ trainer: Trainer) { restoreFloatWeights() }

    func stepEnded(_ trainer: Trainer, step: Int) { quantize() }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        record.probes[ModelSize.probeKey] = [Double(ModelSize.bytes(of: trainer.model, weights: { kind.bytes(count: $0.count) }))]
        return false
    }

    /// weights ← w: the optimizer moves the float weights.
    func restoreFloatWeights() {
        for (p, w) in zip(weights, latent) { p.value.assign(w) }
    }

    /// w ← weights; weights ← q(w).
    func quantize() {
        for (p, w) in zip(weights, latent) {
            w.assign(p.value)
            kind.quantize(w, into: p.value)
        }
    }
}
