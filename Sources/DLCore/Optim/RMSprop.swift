import CKernels
import Foundation

/// RMSprop computed as PyTorch's `torch.optim.RMSprop` computes it on CPU (its default
/// single-tensor path):
///
///     g ← ∇ + wd·w
///     s ← α·s + (1 − α)g²
///     centered: a ← lerp(a, g, 1 − α),  d ← √(s − a²) + ε;  otherwise d ← √s + ε
///     momentum: b ← μ·b + g/d,  w ← w − lr·b;  otherwise w ← w − lr·g/d
///
/// With PyTorch's rounding: the scalars (1 − α, −lr) are worked out in double from the settings
/// as Python floats (`pythonFloat`) and rounded to float where they meet a tensor, and each
/// tensor op rounds as ATen's CPU kernel does:
///
///     g = grad.add(w, alpha: wd)              g + wd·w, one fused multiply-add
///     s.mul_(α).addcmul_(g, g, 1 − α)         s·α, then s + ((1 − α)·g)·g with the last step fused
///     a.lerp_(g, 1 − α)                       a + (1 − α)·(g − a), one fused multiply-add
///     d = s.addcmul(a, a, −1).sqrt_().add_(ε) s − a·a fused, then √, then + ε
///     b.mul_(μ).addcdiv_(g, d); w.add_(b, alpha: −lr)   b·μ + g/d; w + (−lr)·b fused
///     w.addcdiv_(g, d, −lr)                   w + ((−lr)·g) / d
///
/// Up to engine 0.2.1 this computed 1 − α in Float and folded the ops together: the same rule,
/// parting from PyTorch's trajectory by a rounding or so at every step. The square root is
/// IEEE `squareRoot()`; PyTorch's on x86 is MKL's, 1 ulp off it for about a sixth of the inputs.
public final class RMSprop: Optimizer {
    public var learningRate: Float
    public let alpha: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let momentum: Float
    public let centered: Bool
    public private(set) var stepCount = 0
    private let parameters: [Parameter]
    private let squareAverage: [Tensor]
    private let gradAverage: [Tensor]
    private let buffers: [Tensor]

    public init(parameters: [Parameter], learningRate: Float = 1e-2, alpha: Float = 0.99, epsilon: Float = 1e-8,
                weightDecay: Float = 0, momentum: Float = 0, centered: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        squareAverage = zeroStates(like: parameters)
        gradAverage = centered ? zeroStates(like: parameters) : []
        buffers = momentum > 0 ? zeroStates(like: parameters) : []
    }

    public func step() {
        // The Python-float (double) scalars of torch/optim/rmsprop.py's `_single_tensor_rmsprop`,
        // each rounded to float where it meets a tensor.
        let lr = pythonFloat(learningRate), a = pythonFloat(alpha), wd = pythonFloat(weightDecay)
        let decay = Float(a), newWeight = Float(1 - a), eps = Float(pythonFloat(epsilon))
        let l2 = Float(wd), mu = Float(pythonFloat(momentum)), negativeLR = Float(-lr)
        let decays = wd != 0
        var scalars = dl_rmsprop_scalars(l2: l2, decay: decay, new_weight: newWeight, eps: eps, momentum: mu, negative_lr: negativeLR)
        // Per element, in CKernels/optimizer_updates.c (vector FMA where the CPU has it), the ops
        // listed above in that order.
        for (k, p) in parameters.enumerated() {
            dl_rmsprop_update(p.count, p.value.pointer, p.grad.pointer, squareAverage[k].pointer,
                              centered ? gradAverage[k].pointer : nil, momentum > 0 ? buffers[k].pointer : nil,
                              &scalars, decays ? 1 : 0, centered ? 1 : 0, momentum > 0 ? 1 : 0)
        }
        stepCount += 1
    }
}
