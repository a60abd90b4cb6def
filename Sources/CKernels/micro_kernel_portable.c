// The micro-kernels in portable C. Each entry is one fmaf chain over p, as the definition asks;
// the compiler may vectorize across j (arm64 does, with exact fused instructions) but may not
// fuse or reorder anything else, so contraction is off.
#pragma clang fp contract(off)
#include <math.h>
#include "sgemm_internal.h"

/// R rows (1…6) × 8·W columns (W = 1 or 2).
static inline void kernel(const int R, const int W, long kc, const float *a, long rsa, long csa, const float *b, long rsb,
                          float *c, long ldc, int load) {
    float acc[DL_MR][DL_NR];
    const int width = 8 * W;
    for (int r = 0; r < R; r++)
        for (int j = 0; j < width; j++) acc[r][j] = load ? c[r * ldc + j] : 0.0f;
    for (long p = 0; p < kc; p++) {
        const float *bp = b + p * rsb;
        for (int r = 0; r < R; r++) {
            float x = a[r * rsa + p * csa];
            for (int j = 0; j < width; j++) acc[r][j] = fmaf(x, bp[j], acc[r][j]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int j = 0; j < width; j++) c[r * ldc + j] = acc[r][j];
}

#define DL_KERNEL(R, W, kc, a, rsa, csa, b, rsb, c, ldc, load) kernel(R, W, kc, a, rsa, csa, b, rsb, c, ldc, load)
#define DL_PACK_B dl_pack_b
#define DL_TILE tile_portable
#define DL_CHAINS chains_portable
#include "sgemm_blocking.h"
#undef DL_TILE
#undef DL_CHAINS

#if defined(__x86_64__)
// The same C compiled for a CPU with FMA (so fmaf is an instruction, not a call into the C
// library): on x86-64 the portable path takes it whenever the CPU has FMA.
#pragma clang attribute push(__attribute__((target("fma"))), apply_to = function)
#define DL_TILE tile_portable_fma
#define DL_CHAINS chains_portable_fma
#include "sgemm_blocking.h"
#pragma clang attribute pop
#endif

void dl_chains_portable(int transA, int transB, long m, long n, long k, const float *a, long lda,
                        const float *b, long ldb, float *c, long ldc, int load) {
#if defined(__x86_64__)
    if (dl_cpu_has_avx2_fma()) {
        chains_portable_fma(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, load);
        return;
    }
#endif
    chains_portable(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, load);
}
