import CBLAS

/// The door to the system BLAS (OpenBLAS; Accelerate on Apple platforms). The engine computes
/// its products with `MatrixMultiply`; BLAS remains the yardstick of `dlstudy bench` (its sgemm
/// peak) and the `openblas` path that shows what a CPU-chosen summation order does to a run.
public enum BLAS {
    /// `cblas_sgemm`, row-major, with explicit strides.
    @inline(__always)
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Limits BLAS to `n` threads. dlstudy runs one BLAS thread per training run and gets its
    /// parallelism from running several runs at once.
    public static func setThreads(_ n: Int) {
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(n))
        #endif
    }

    /// A description of the BLAS library for reproducibility footers.
    public static var description: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        let config = String(cString: openblas_get_config())
        let core = String(cString: openblas_get_corename())
        return "\(config) (core \(core))"
        #endif
    }

    /// The kernel OpenBLAS chose for this CPU ("Haswell", "Zen", "SkylakeX", …).
    public static var coreName: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        return String(cString: openblas_get_corename())
        #endif
    }
}
