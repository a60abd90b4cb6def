/// The probes' values by name, so a study writes `.hessianTop` rather than the key
/// `"hessian_top"` (a mistyped key is a compile error, not an empty column). Each is
/// `Quantity.probe(key)`: the same name, label and values.
extension Quantity {
    /// Keskar et al.'s ε-sharpness (`ProbeSpec.sharpness`).
    public static let sharpness = Quantity.probe("sharpness")
    /// The top Hessian eigenvalue λ₁ (`ProbeSpec.hessianTopEigenvalue`).
    public static let hessianTop = Quantity.probe("hessian_top")
    /// The Hessian's trace (`ProbeSpec.hessianTrace`).
    public static let hessianTrace = Quantity.probe("hessian_trace")
    /// The L2 norm of the first weight matrix (`ProbeSpec.weightStatistics`; `probeTotal`
    /// reads the total over every weight matrix).
    public static let firstWeightNorm = Quantity.probe("weights.l2")
    /// The numerical rank of layer `layer`'s weight (`ProbeSpec.symmetry`; the layer's index
    /// in the model, so 0 and 2 in an MLP with one ReLU between them).
    public static func weightRank(layer: Int) -> Quantity { .probe("symmetry.\(layer).rank") }
}
