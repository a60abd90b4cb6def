/// The family of machines on which a run spec gives the same bits.
///
/// Within a family every product has one summation order (`MatrixMultiply`), the elementwise
/// code is the same compiled Swift, and the C library's `expf`/`logf`/`exp`/`pow` take the same
/// branch. Families:
/// - `x86_64-v3`: x86-64 with AVX2 and FMA (Haswell and later, Zen 1–5, Skylake-X, Cooperlake,
///   Sapphire Rapids…) on Linux. glibc's math functions pick their FMA variants on all of them.
/// - `x86_64`: older x86-64 without AVX2 or FMA; the products are the same bits, but glibc
///   takes its SSE2 math branches, so runs may differ from `x86_64-v3` in the last bit and then
///   drift.
/// - `arm64`: 64-bit ARM on Linux.
/// - a `-darwin` suffix for macOS, whose math library is Apple's.
/// - a `+openblas-CORE` suffix when `DLSTUDY_GEMM=openblas` hands the products to OpenBLAS,
///   whose order follows its kernel (`CORE`) and version: a family of one machine.
///
/// Records, `summary.json` and baselines name their family; `dlstudy check` expects the same
/// bits only within one.
public enum NumericPlatform {
    /// This process's family, e.g. `x86_64-v3`.
    public static let current: String = {
        var name: String
        #if arch(x86_64)
        name = MatrixMultiply.cpuHasAVX2FMA ? "x86_64-v3" : "x86_64"
        #elseif arch(arm64)
        name = "arm64"
        #else
        name = "unknown-arch"
        #endif
        #if os(macOS)
        name += "-darwin"
        #elseif !os(Linux)
        name += "-other-os"
        #endif
        if MatrixMultiply.path == .openBLAS { name += "+openblas-" + BLAS.coreName }
        return name
    }()

    /// The families whose bits the committed baselines and the tests were made on, and that
    /// other machines are compared with statistically.
    public static let reference = "x86_64-v3"

    /// A sentence for report footers and `check`: the family, the product path, and whether
    /// this machine is in the reference family.
    public static var description: String {
        let path = MatrixMultiply.path
        var text = "\(current) (products: \(path.rawValue)"
        text += path.isFixedOrder ? ", fixed summation order)" : ", summation order chosen by OpenBLAS)"
        if current != reference {
            text += "; outside the \(reference) family the records and baselines were made in, so numbers are compared statistically, not bit for bit"
        }
        return text
    }
}
