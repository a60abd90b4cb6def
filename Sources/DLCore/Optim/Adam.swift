import CKernels
import Foundation

/// Adam (Kingma & Ba 2015), and AdamW (Loshchilov & Hutter 2019) when `decoupledWeightDecay` is
/// set, computed as PyTorch's `torch.optim.Adam` / `AdamW` compute them on CPU (their default
/// single-tensor path: not foreach, fused, capturable or amsgrad):
///
///     Adam:  g ← ∇ + wd·w                 AdamW: w ← w·(1 − lr·wd),  g ← ∇
///     m ← lerp(m, g, 1 − β₁)    (= β₁m + (1 − β₁)g)
///     v ← β₂v + (1 − β₂)g²
///     w ← w − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// Same rule, and the same rounding. PyTorch works out every scalar from the settings as Python
/// floats, in double: 1 − β₁, 1 − β₂, 1 − β₁ᵗ, (1 − β₂ᵗ)^0.5, lr / (1 − β₁ᵗ), 1 − lr·wd (the
/// settings are recovered from our Floats through `pythonFloat`: 0.999, not 0.99900001…). Each is
/// rounded to float where it meets a float32 tensor, and the tensor ops round as ATen's CPU
/// kernels do, one op at a time:
///
///     g = grad.add(w, alpha: wd)           g + wd·w, one fused multiply-add
///     m.lerp_(g, 1 − β₁)                   m + (1 − β₁)·(g − m), one fused multiply-add
///     v.mul_(β₂).addcmul_(g, g, 1 − β₂)    v·β₂, then v + ((1 − β₂)·g)·g with the last step fused
///     d = (v.sqrt() / √bc₂).add_(ε)        three roundings
///     w.addcdiv_(m, d, −lr/bc₁)            w + ((−lr/bc₁)·m) / d
///
/// Up to engine 0.2.1 this computed the scalars in Float and the moments as β·m + (1 − β)·g:
/// also Adam, but parting from PyTorch's trajectory by a rounding or so at every step.
///
/// One difference remains: PyTorch's float32 `sqrt` on x86 is MKL's vector square root, 1 ulp
/// off the correctly rounded one for about a sixth of the inputs; this uses IEEE `squareRoot()`
/// (what PyTorch computes where it does not use MKL).
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let decoupledWeightDecay: Bool
    public private(set) var stepCount = 0
    private let parameters: [Parameter]
    private let m: [Tensor]
    private let v: [Tensor]

    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        m = zeroStates(like: parameters)
        v = zeroStates(like: parameters)
    }

    /// AdamW with PyTorch's defaults (weight decay 0.01, decoupled).
    public static func adamW(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9,
                             beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 1e-2) -> Adam {
        Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
             weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public func step() {
        stepCount += 1
        // The Python-float (double) scalars of torch/optim/adam.py's `_single_tensor_adam`.
        let t = Double(stepCount)
        let lr = pythonFloat(learningRate), b1 = pythonFloat(beta1), b2 = pythonFloat(beta2)
        let wd = pythonFloat(weightDecay)
        let biasCorrection1 = 1 - pow(b1, t)
        let biasCorrection2 = 1 - pow(b2, t)
        let stepSize = lr / biasCorrection1
        let biasCorrection2Sqrt = pow(biasCorrection2, 0.5)  // Python's `bias_correction2**0.5`
        // Each rounded to float where it meets a tensor.
        let gradWeight = Float(1 - b1), decay = Float(b2), squareWeight = Float(1 - b2)
        let negativeStep = Float(-stepSize), bc2Sqrt = Float(biasCorrection2Sqrt), eps = Float(pythonFloat(epsilon))
        let l2 = Float(wd), shrink = Float(1 - lr * wd)
        let coupled = wd != 0 && !decoupledWeightDecay, decoupled = wd != 0 && decoupledWeightDecay
        var scalars = dl_adam_scalars(l2: l2, shrink: shrink, grad_weight: gradWeight, decay: decay, square_weight: squareWeight,
                                      bc2_sqrt: bc2Sqrt, eps: eps, negative_step: negativeStep)
        // Per element, in CKernels/optimizer_updates.c (vector FMA where the CPU has it):
        //   if decoupled { w *= shrink }                  param.mul_(1 - lr*wd)
        //   g = coupled ? fma(l2, w, ∇) : ∇               grad.add(param, alpha=wd)
        //   m = lerp(m, g, 1 − β₁)                        exp_avg.lerp_(grad, 1 - beta1)
        //   v = fma((1 − β₂)·g, g, v·β₂)                  exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)
        //   w = w + (−step·m) / (√v / bc₂ + ε)            param.addcdiv_(exp_avg, denom, -step_size)
        for (k, p) in parameters.enumerated() {
            dl_adam_update(p.count, p.value.pointer, p.grad.pointer, m[k].pointer, v[k].pointer, &scalars,
                           coupled ? 1 : 0, decoupled ? 1 : 0)
        }
    }
}
