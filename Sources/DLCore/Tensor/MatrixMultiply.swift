import CKernels

/// The one door to matrix products. Everything in the engine that multiplies matrices comes
/// through here, to dlstudy's own kernels (`Sources/CKernels`), whose every entry is one chain
/// of fused multiply-adds in a fixed order: the same inputs give the same bits on every CPU,
/// whichever kernel runs. (OpenBLAS chooses its kernel, and with it the summation order, by
/// CPU model and version; see docs/check.md, "Same bits".)
public enum MatrixMultiply {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, row-major; `transA`/`transB` read A or B as
    /// transposed without copying. `lda`, `ldb`, `ldc` are row strides (default: packed).
    @inline(__always)
    public static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        let lda = lda ?? (transA ? m : k)
        let ldb = ldb ?? (transB ? k : n)
        let ldc = ldc ?? n
        if let path = forcedPath {
            gemm(on: path, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                 b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            dl_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
    }

    /// The same product on a chosen path, with explicit strides (tests and benchmarks).
    public static func gemm(
        on path: Path, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        switch path {
        case .openBLAS:
            BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                       b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        default:
            dl_sgemm_path(path.kernel, transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
    }

    /// The code that computes products in this process.
    public enum Path: String, CaseIterable, Sendable {
        /// Packed panels and a 6×16 AVX2/FMA micro-kernel (x86-64-v3).
        case avx2
        /// The same packing with a portable C micro-kernel.
        case portable
        /// One plain loop per entry: the definition.
        case reference
        /// OpenBLAS's `cblas_sgemm`: fast, but its summation order follows the CPU and the
        /// OpenBLAS version, so records made with it are of another numeric platform.
        case openBLAS = "openblas"

        /// Whether this path gives the fixed-order bits (every path but OpenBLAS).
        public var isFixedOrder: Bool { self != .openBLAS }

        var kernel: dl_gemm_path {
            switch self {
            case .avx2: return DL_GEMM_AVX2
            case .portable: return DL_GEMM_PORTABLE
            case .reference: return DL_GEMM_REFERENCE
            case .openBLAS: return DL_GEMM_AUTO
            }
        }
    }

    /// The variable that chooses a path (`avx2`, `portable`, `reference`, `openblas`; unset or
    /// `auto`: the fastest fixed-order path the CPU runs).
    public static let environmentVariable = "DLSTUDY_GEMM"

    /// The path every product takes in this process.
    public static var path: Path {
        if let forced = forcedPath { return forced }
        return dl_sgemm_current_path() == DL_GEMM_AVX2 ? .avx2 : .portable
    }

    /// A path chosen by `DLSTUDY_GEMM` (read once), or nil for the automatic choice. An
    /// `avx2` request on a CPU without AVX2 and FMA gets `portable` (same bits, slower).
    static let forcedPath: Path? = {
        guard let raw = getenv(environmentVariable).map({ String(cString: $0) }), !raw.isEmpty, raw != "auto" else { return nil }
        guard let path = Path(rawValue: raw.lowercased()) else {
            let names = (["auto"] + Path.allCases.map(\.rawValue)).joined(separator: ", ")
            fatalError("\(environmentVariable)=\(raw) is not a GEMM path; use one of \(names), or unset it")
        }
        if path == .avx2 && !cpuHasAVX2FMA { return .portable }
        return path
    }()

    /// Whether this CPU runs AVX2 and FMA (x86-64-v3).
    public static var cpuHasAVX2FMA: Bool { dl_cpu_has_avx2_fma() != 0 }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
