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
// The element-wise loops live in CKernels (optimizer_updates.c): Swift's `addingProduct` is a
// call into libm's `fmaf` on a baseline x86-64 build, which made Adam's step about 1.6× and
// centered RMSprop's about 3× slower than the unfused loops; compiled for FMA the C loops are
// vector instructions, with the same bits (OptimizerKernelTests holds a Swift reference).

/// The Python float a PyTorch user writes for a setting this engine stores as `Float`: the
/// shortest decimal that rounds to it, read as a Double. `Double(Float(0.999))` is
/// 0.99900001287…, so 1 − β₂ computed from it is 1.3e-5 off the 0.001 PyTorch computes from
/// the Python float 0.999; through the decimal it is exact.
@inline(__always)
func pythonFloat(_ x: Float) -> Double {
    Double(x.description) ?? Double(x)
}
