/// Updates parameters from their gradients. The learning rate is a plain property: the trainer
/// asks the schedule for the rate of step t and sets it before calling `step()`, so there is no
/// scheduler/optimizer call order to get wrong.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Applies one update to every parameter, reading `parameter.grad`.
    func step()
    /// Number of `step()` calls so far.
    var stepCount: Int { get }
}

/// A buffer per parameter, zero at the start (momentum, Adam moments).
func zeroStates(like parameters: [Parameter]) -> [Tensor] {
    parameters.map { Tensor(shape: $0.value.shape) }
}

// MARK: - PyTorch's arithmetic (Adam, AdamW, RMSprop)
//
// `torch.optim` keeps its settings as Python floats (doubles) and works out the scalars of an
// update (1 − β, bias corrections, lr / (1 − β₁ᵗ), 1 − lr·wd) in double; a scalar is rounded to
// float only where it meets a float32 tensor, and each tensor op rounds as ATen's CPU kernel
// does. The helpers below reproduce both, so these optimizers take the same steps as PyTorch's
// from the same gradients (checked bit for bit against torch 2.15; see OptimizerParityTests).
//
// The cost: on a baseline x86-64 build `addingProduct` is a call into the C library's `fmaf`
// (its FMA instruction where the CPU has one), not an inline instruction. Measured on a
// 79k-parameter MLP: Adam's step 300–400 → 520–640 µs, RMSprop's centered, momentum and
// weight-decay step 290–410 → 1050–1150 µs (the old loops were not vectorized either). An
// FMA kernel in C with a runtime CPU check, like CKernels' gemm, would take that back.

/// The Python float a PyTorch user writes for a setting this engine stores as `Float`: the
/// shortest decimal that rounds to it, read as a Double. `Double(Float(0.999))` is
/// 0.99900001287…, so 1 − β₂ computed from it is 1.3e-5 off the 0.001 PyTorch computes from
/// the Python float 0.999; through the decimal it is exact.
@inline(__always)
func pythonFloat(_ x: Float) -> Double {
    Double(x.description) ?? Double(x)
}

/// `start.lerp_(end, weight)` with a scalar weight, as ATen computes it on CPU: one fused
/// multiply-add, start + w·(end − start) for |w| < 0.5 and end + (w − 1)·(end − start)
/// otherwise. (Rounding w·(end − start) before the addition changes the last bit of about a
/// quarter of the results.)
@inline(__always)
func pytorchLerp(_ start: Float, _ end: Float, weight: Float) -> Float {
    let diff = end - start
    return abs(weight) < 0.5 ? start.addingProduct(weight, diff) : end.addingProduct(weight - 1, diff)
}
