/// dlstudy's CPU deep-learning engine: tensors with fixed-order matrix products, layers with their own backward passes,
/// losses, initializers and optimizers with PyTorch's semantics.
///
/// (Not named `DLCore`: an enum with the module's name would hide the module's own types,
/// so `DLCore.Layer` could not be written.)
public enum Engine {
    /// Bumped whenever a change can alter the numbers a run produces; part of every cache key.
    /// 0.2.0: matrix products in one fixed summation order on every CPU (`MatrixMultiply`);
    /// singular values by Jacobi rotations. 0.2.1: epoch 0 records the schedule's first rate.
    /// 0.3.0: Adam, AdamW and RMSprop with PyTorch's arithmetic (double scalars, lerp, fused
    /// multiply-adds where ATen fuses). `GoldenRunsTests` fails until this is bumped whenever a
    /// change alters results.
    public static let version = "0.3.0"
}
