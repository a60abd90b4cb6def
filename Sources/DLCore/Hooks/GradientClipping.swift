/// Gradient-norm clipping with PyTorch's `torch.nn.utils.clip_grad_norm_(params, max_norm)`:
///
///     total = ‖(‖g₁‖₂, ‖g₂‖₂, …)‖₂          the 2-norm of all gradients as one vector
///     coef  = min(max_norm / (total + 1e-6), 1)
///     g     ← coef · g                     for every parameter
///
/// in float32 where PyTorch rounds (each tensor's norm, the total, `(total + 1e-6)` then its
/// reciprocal times `max_norm`, as `Tensor.__rtruediv__` computes it); the norms are summed in
/// double here, so they can differ from ATen's in the last bit.
///
/// Why after the penalty: PyTorch would have the L1/L2 penalty in the loss, so its gradient is
/// part of what `clip_grad_norm_` sees; the mask zeroes pruned gradients before, as PyTorch's
/// `weight_orig` gets them already masked. The optimizer's own weight decay comes after
/// clipping, inside its step, as in PyTorch.
final class GradientClipping: TrainingCallback {
    let maxNorm: Double
    private let parameters: [Parameter]
    /// The total norm of the last step's gradients, before clipping.
    private(set) var lastNorm: Float = 0
    private(set) var clippedSteps = 0

    init(maxNorm: Double, model: Sequential) {
        self.maxNorm = maxNorm
        parameters = model.parameters
    }

    func gradientsReady(_ trainer: Trainer) {
        let (total, coefficient) = Self.clip(parameters, maxNorm: maxNorm)
        lastNorm = total
        if coefficient < 1 { clippedSteps += 1 }
    }

    func stepRecorded(_ row: inout StepMetrics) { row.gradientNorm = Double(lastNorm) }

    func runEnded(_ trainer: Trainer, record: inout RunRecord) -> Bool {
        record.clippedSteps = clippedSteps
        return false
    }

    /// min(max_norm · (total + 1e-6)⁻¹, 1) in float32; NaN stays NaN (PyTorch's `clamp`).
    static func coefficient(total: Float, maxNorm: Double) -> Float {
        let raw = (1 / (total + Float(1e-6))) * Float(maxNorm)
        return raw > 1 ? 1 : raw
    }

    /// The total 2-norm of the gradients, each tensor's norm rounded to float as ATen's is.
    static func totalNorm(_ parameters: [Parameter]) -> Float {
        var squares: Double = 0
        for p in parameters {
            let g = p.grad.pointer
            var s: Double = 0
            for i in 0..<p.count { s += Double(g[i]) * Double(g[i]) }
            let norm = Double(Float(s.squareRoot()))
            squares += norm * norm
        }
        return Float(squares.squareRoot())
    }

    /// Clips the gradients in place; returns their total norm before clipping and the factor.
    @discardableResult
    static func clip(_ parameters: [Parameter], maxNorm: Double) -> (total: Float, coefficient: Float) {
        let total = totalNorm(parameters)
        let c = coefficient(total: total, maxNorm: maxNorm)
        if c != 1 {  // multiplying by 1 changes no bit, so PyTorch's unconditional multiply is skipped
            for p in parameters {
                let g = p.grad.pointer
                for i in 0..<p.count { g[i] *= c }
            }
        }
        return (total, c)
    }
}
