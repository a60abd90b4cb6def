#ifndef DLSTUDY_CKERNELS_H
#define DLSTUDY_CKERNELS_H

/// dlstudy's own matrix product, with one fixed summation order on every machine.
///
/// Every entry of C is defined as one chain of fused multiply-adds over k in increasing order:
///
///     acc = start;  for p in 0..<k: acc = fma(A[i,p], B[p,j], acc)
///
/// with `start` = 0 when beta = 0, C[i,j] when beta = 1, and beta·C[i,j] (rounded) otherwise;
/// then C[i,j] = acc when alpha = 1 and alpha·acc (rounded) otherwise. When alpha ≠ 1 and
/// beta ≠ 0 the chain starts at 0 and C[i,j] = fma(alpha, acc, beta·C[i,j]). As in BLAS, C is
/// not read when beta = 0. An IEEE-754 fma is exact up to one rounding, so every path below
/// (vector kernels, portable C, the reference loop) gives the same bits for the same inputs,
/// whatever the CPU: the blocking and the tile sizes change the order in which entries are
/// computed, never the order of one entry's sum.
typedef enum {
    /// The fastest exact path this CPU runs: `DL_GEMM_AVX2` where AVX2 and FMA exist, else
    /// `DL_GEMM_PORTABLE`.
    DL_GEMM_AUTO = 0,
    /// Packed panels and a 6×16 AVX2/FMA micro-kernel (x86-64 with AVX2 and FMA).
    DL_GEMM_AVX2 = 1,
    /// The same packing with a portable C micro-kernel (any machine; fast where the compiler
    /// turns `fmaf` into a vector instruction, as on arm64).
    DL_GEMM_PORTABLE = 2,
    /// One plain loop per entry, no packing: the definition above, for tests.
    DL_GEMM_REFERENCE = 3,
} dl_gemm_path;

/// Row-major C[m×n] = alpha·op(A)·op(B) + beta·C in the fixed order above. op(A) is m×k
/// (A is stored k×m when transA), op(B) is k×n (B is stored n×k when transB); lda, ldb, ldc
/// are the row strides of A, B and C as stored.
void dl_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc);

/// The same product on a chosen path (`DL_GEMM_AVX2` on a CPU without it falls back to
/// `DL_GEMM_PORTABLE`).
void dl_sgemm_path(dl_gemm_path path, int transA, int transB, long m, long n, long k, float alpha,
                   const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc);

/// Chooses the path `dl_sgemm` takes in this process (all threads). Returns the path in use.
dl_gemm_path dl_sgemm_set_path(dl_gemm_path path);

/// The path `dl_sgemm` takes now (never `DL_GEMM_AUTO`).
dl_gemm_path dl_sgemm_current_path(void);

/// 1 when this CPU (and its operating system) runs AVX2 and FMA instructions.
int dl_cpu_has_avx2_fma(void);

/// The scalars of one Adam/AdamW step, each already rounded to float where PyTorch rounds it
/// (see Sources/DLCore/Optim/Adam.swift).
typedef struct {
    float l2, shrink, grad_weight, decay, square_weight, bc2_sqrt, eps, negative_step;
} dl_adam_scalars;

/// One Adam/AdamW step over n parameters: w, m, v updated in place, op for op as Adam.swift
/// documents (coupled: L2 weight decay added to the gradient; decoupled: AdamW's shrink). The
/// same bits on every path; vector FMA instructions where the CPU has them.
void dl_adam_update(long n, float *w, const float *grad, float *m, float *v, const dl_adam_scalars *s,
                    int coupled, int decoupled);

/// The scalars of one RMSprop step (see Sources/DLCore/Optim/RMSprop.swift).
typedef struct {
    float l2, decay, new_weight, eps, momentum, negative_lr;
} dl_rmsprop_scalars;

/// One RMSprop step over n parameters: w, the square average, and (when centered) the gradient
/// average and (with momentum) the buffer updated in place, op for op as RMSprop.swift documents.
void dl_rmsprop_update(long n, float *w, const float *grad, float *square_avg, float *grad_avg, float *buffer,
                       const dl_rmsprop_scalars *s, int decays, int centered, int momentum);

/// start ← lerp(start, end, weight) over n floats, as ATen's CPU lerp computes it (one fused
/// multiply-add; the weight-above-½ form for large weights). EMA's update of averaged weights.
void dl_lerp_update(long n, float *start, const float *end, float weight);

#endif
