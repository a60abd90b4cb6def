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
#define DL_CHAINS dl_chains_portable
#include "sgemm_blocking.h"
