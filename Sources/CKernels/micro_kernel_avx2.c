// The micro-kernels for x86-64 with AVX2 and FMA. The full one keeps twelve 8-wide
// accumulators (6 rows × 2 vectors of 8 columns) and does one broadcast of A and two loads of
// B per step — the register layout of BLIS's Haswell kernel; narrower and shorter tiles get
// their own specialisations of the same code. Every lane is one entry's fmaf chain over p, so
// the result is the bits of the portable kernels and of the reference loop.
#include "sgemm_internal.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

/// Lanes 0..<n set (n ≤ 0: none; n ≥ 8: all), for masked loads that never touch memory past a
/// row's last column.
static inline __m256i first_lanes(long n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n < 0 ? 0 : n > 8 ? 8 : n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// R rows (1…6) × 8·W columns (W = 1 or 2), of which the first `cols` are C's: R and W are
/// constants at every call, so the accumulators live in registers. A tile narrower than 8·W
/// (the last one of a row of C) loads and stores C through lane masks, never touching memory
/// past its last column; the lanes beyond compute on B's padding and are dropped.
static inline __attribute__((always_inline))
void kernel(const int R, const int W, long cols, long kc, const float *a, long rsa, long csa, const float *b, long rsb,
            float *c, long ldc, int load) {
    __m256 acc[DL_MR][2];
    const int full = cols == 8 * W;
    __m256i mask[2] = {first_lanes(cols), first_lanes(cols - 8)};
    for (int r = 0; r < R; r++)
        for (int w = 0; w < W; w++)
            acc[r][w] = !load ? _mm256_setzero_ps()
                        : full ? _mm256_loadu_ps(c + r * ldc + 8 * w) : _mm256_maskload_ps(c + r * ldc + 8 * w, mask[w]);
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
        for (int w = 0; w < W; w++) {
            if (full) _mm256_storeu_ps(c + r * ldc + 8 * w, acc[r][w]);
            else _mm256_maskstore_ps(c + r * ldc + 8 * w, mask[w], acc[r][w]);
        }
}

#define DL_KERNEL_COLS(R, W, cols, kc, a, rsa, csa, b, rsb, c, ldc, load) kernel(R, W, cols, kc, a, rsa, csa, b, rsb, c, ldc, load)

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

/// Up to 8 columns of a transposed B (`cols` rows of `b`, read along p) into one 8-wide half of
/// each of kc panel groups: 8×8 register transposes, zeros in the lanes past the last column.
static inline __attribute__((always_inline))
void pack_transposed_half(const float *src, long ldb, long kc, long cols, float *out) {
    long kc8 = kc / 8 * 8;
    for (long p = 0; p < kc8; p += 8) {
        __m256 r[8];
        for (int i = 0; i < 8; i++) r[i] = i < cols ? _mm256_loadu_ps(src + i * ldb + p) : _mm256_setzero_ps();
        transpose8(r);
        for (int q = 0; q < 8; q++) _mm256_storeu_ps(out + (p + q) * DL_NR, r[q]);
    }
    for (long p = kc8; p < kc; p++)
        for (int i = 0; i < 8; i++) out[p * DL_NR + i] = i < cols ? src[i * ldb + p] : 0.0f;
}

/// `dl_pack_b`'s panels, vectorized: a transposed B by 8×8 register transposes (the weights of
/// a Linear layer's forward pass, a convolution's patches in dW), an untransposed one by masked
/// loads. The same values in the same places, zeros past the last column — except that a last
/// panel of at most 8 columns leaves lanes 8–15 unwritten: its tiles take the 8-wide kernel,
/// which never reads them (conv1's dW has 5 columns, and zeroing 11 lanes per p took half of
/// its packing).
static void pack_b(int transB, const float *b, long ldb, long p0, long kc, long j0, long nc, float *dst) {
    for (long jr = 0; jr < nc; jr += DL_NR) {
        long cols = nc - jr < DL_NR ? nc - jr : DL_NR;
        float *panel = dst + jr * kc;
        if (transB) {
            const float *src = b + (j0 + jr) * ldb + p0;
            pack_transposed_half(src, ldb, kc, cols < 8 ? cols : 8, panel);
            if (cols > 8) pack_transposed_half(src + 8 * ldb, ldb, kc, cols - 8, panel + 8);
        } else {
            const float *src = b + p0 * ldb + j0 + jr;
            __m256i lo = first_lanes(cols), hi = first_lanes(cols - 8);
            for (long p = 0; p < kc; p++) {
                _mm256_storeu_ps(panel + p * DL_NR, _mm256_maskload_ps(src + p * ldb, lo));
                if (cols > 8) _mm256_storeu_ps(panel + p * DL_NR + 8, _mm256_maskload_ps(src + p * ldb + 8, hi));
            }
        }
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
