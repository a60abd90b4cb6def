// The micro-kernels for x86-64 with AVX2 and FMA. The full one keeps twelve 8-wide
// accumulators (6 rows × 2 vectors of 8 columns) and does one broadcast of A and two loads of
// B per step — the register layout of BLIS's Haswell kernel; narrower and shorter tiles get
// their own specialisations of the same code. Every lane is one entry's fmaf chain over p, so
// the result is the bits of the portable kernels and of the reference loop.
#include "sgemm_internal.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

/// R rows (1…6) × 8·W columns (W = 1 or 2); R and W are constants at every call, so the
/// accumulators live in registers.
static inline __attribute__((always_inline))
void kernel(const int R, const int W, long kc, const float *a, long rsa, long csa, const float *b, long rsb,
            float *c, long ldc, int load) {
    __m256 acc[DL_MR][2];
    for (int r = 0; r < R; r++)
        for (int w = 0; w < W; w++) acc[r][w] = load ? _mm256_loadu_ps(c + r * ldc + 8 * w) : _mm256_setzero_ps();
    for (long p = 0; p < kc; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = W > 1 ? _mm256_loadu_ps(b + 8) : _mm256_setzero_ps();
        const float *ap = a + p * csa;
        for (int r = 0; r < R; r++) {
            __m256 x = _mm256_broadcast_ss(ap + r * rsa);
            acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
            if (W > 1) acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
        }
        b += rsb;
    }
    for (int r = 0; r < R; r++)
        for (int w = 0; w < W; w++) _mm256_storeu_ps(c + r * ldc + 8 * w, acc[r][w]);
}

#define DL_KERNEL(R, W, kc, a, rsa, csa, b, rsb, c, ldc, load) kernel(R, W, kc, a, rsa, csa, b, rsb, c, ldc, load)

/// Eight rows of 8 floats transposed in registers.
static inline __attribute__((always_inline)) void transpose8(__m256 *r) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20); r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20); r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31); r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31); r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/// `dl_pack_b` with 8×8 register transposes for the full panels of a transposed B (the
/// weights of a Linear layer's forward pass): the same values in the same places.
static void pack_b(int transB, const float *b, long ldb, long p0, long kc, long j0, long nc, float *dst) {
    if (!transB) { dl_pack_b(transB, b, ldb, p0, kc, j0, nc, dst); return; }
    long ncFull = nc / DL_NR * DL_NR, kc8 = kc / 8 * 8;
    for (long jr = 0; jr < ncFull; jr += DL_NR) {
        float *panel = dst + jr * kc;
        for (int half = 0; half < 2; half++) {
            const float *src = b + (j0 + jr + 8 * half) * ldb + p0;
            for (long p = 0; p < kc8; p += 8) {
                __m256 r[8];
                for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * ldb + p);
                transpose8(r);
                for (int q = 0; q < 8; q++) _mm256_storeu_ps(panel + (p + q) * DL_NR + 8 * half, r[q]);
            }
            for (long p = kc8; p < kc; p++)
                for (int i = 0; i < 8; i++) panel[p * DL_NR + 8 * half + i] = src[i * ldb + p];
        }
    }
    long rest = nc - ncFull;
    if (rest < 8) {
        if (rest > 0) dl_pack_b(transB, b, ldb, p0, kc, j0 + ncFull, rest, dst + ncFull * kc);
        return;
    }
    // A partial last panel of 8 to 15 columns (a convolution's 75 patch rows leave 11): its first
    // 8 columns by register transposes too, the others one by one, zeros past the last.
    float *panel = dst + ncFull * kc;
    const float *src = b + (j0 + ncFull) * ldb + p0;
    for (long p = 0; p < kc8; p += 8) {
        __m256 r[8];
        for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * ldb + p);
        transpose8(r);
        for (int q = 0; q < 8; q++) _mm256_storeu_ps(panel + (p + q) * DL_NR, r[q]);
    }
    for (long p = kc8; p < kc; p++)
        for (int i = 0; i < 8; i++) panel[p * DL_NR + i] = src[i * ldb + p];
    for (long p = 0; p < kc; p++) {
        long j = 8;
        for (; j < rest; j++) panel[p * DL_NR + j] = src[j * ldb + p];
        for (; j < DL_NR; j++) panel[p * DL_NR + j] = 0.0f;
    }
}

#define DL_PACK_B pack_b
#define DL_TILE tile_avx2
#define DL_CHAINS chains_avx2
#include "sgemm_blocking.h"

void dl_chains_avx2(int transA, int transB, long m, long n, long k, const float *a, long lda,
                    const float *b, long ldb, float *c, long ldc, int load) {
    chains_avx2(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, load);
}

#pragma clang attribute pop

int dl_cpu_has_avx2_fma(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return known;
}

#else

void dl_chains_avx2(int transA, int transB, long m, long n, long k, const float *a, long lda,
                    const float *b, long ldb, float *c, long ldc, int load) {
    dl_chains_portable(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, load);
}

int dl_cpu_has_avx2_fma(void) { return 0; }

#endif
