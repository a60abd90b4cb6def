// dl_sgemm's front: the path, alpha and beta, packing and its buffers. The blocked loops and
// micro-kernels live in each path's file (micro_kernel_*.c, sgemm_blocking.h). Each entry's
// chain over p is continued across K blocks from the value stored in C, so the blocking never
// changes the bits.
#pragma clang fp contract(off)
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "sgemm_internal.h"

static _Atomic int current_path = DL_GEMM_AUTO;

static dl_gemm_path resolve(dl_gemm_path path) {
    if (path == DL_GEMM_AUTO || path == DL_GEMM_AVX2)
        return dl_cpu_has_avx2_fma() ? DL_GEMM_AVX2 : DL_GEMM_PORTABLE;
    return path;
}

dl_gemm_path dl_sgemm_set_path(dl_gemm_path path) {
    dl_gemm_path resolved = resolve(path);
    atomic_store(&current_path, (int)resolved);
    return resolved;
}

dl_gemm_path dl_sgemm_current_path(void) {
    int path = atomic_load(&current_path);
    if (path == DL_GEMM_AUTO) return dl_sgemm_set_path(DL_GEMM_AUTO);
    return (dl_gemm_path)path;
}

/// A per-thread buffer that grows as needed, 64-byte aligned (the AVX2 kernel loads B panels
/// with aligned loads).
typedef struct { float *data; size_t capacity; } dl_buffer;

static float *reserve(dl_buffer *buffer, size_t count) {
    if (buffer->capacity < count) {
        free(buffer->data);
        size_t bytes = ((count * sizeof(float)) + 63) & ~(size_t)63;
        if (posix_memalign((void **)&buffer->data, 64, bytes) != 0) abort();
        buffer->capacity = count;
    }
    return buffer->data;
}

static _Thread_local dl_buffer packed_a, packed_b, scratch;

float *dl_packed_a(size_t count) { return reserve(&packed_a, count); }
float *dl_packed_b(size_t count) { return reserve(&packed_b, count); }

/// op(A)[i0..i0+mc, p0..p0+kc] as panels of MR rows: panel r holds kc groups of MR values,
/// zero past the last row.
void dl_pack_a(int transA, const float *a, long lda, long i0, long mc, long p0, long kc, float *dst) {
    for (long ir = 0; ir < mc; ir += DL_MR) {
        long rows = mc - ir < DL_MR ? mc - ir : DL_MR;
        float *panel = dst + ir * kc;
        if (transA) {
            for (long p = 0; p < kc; p++) {
                const float *src = a + (p0 + p) * lda + i0 + ir;
                float *out = panel + p * DL_MR;
                long r = 0;
                for (; r < rows; r++) out[r] = src[r];
                for (; r < DL_MR; r++) out[r] = 0.0f;
            }
        } else {
            for (long r = 0; r < DL_MR; r++) {
                if (r < rows) {
                    const float *src = a + (i0 + ir + r) * lda + p0;
                    for (long p = 0; p < kc; p++) panel[p * DL_MR + r] = src[p];
                } else {
                    for (long p = 0; p < kc; p++) panel[p * DL_MR + r] = 0.0f;
                }
            }
        }
    }
}

/// op(B)[p0..p0+kc, j0..j0+nc] as panels of NR columns: panel j holds kc groups of NR values,
/// zero past the last column.
void dl_pack_b(int transB, const float *b, long ldb, long p0, long kc, long j0, long nc, float *dst) {
    for (long jr = 0; jr < nc; jr += DL_NR) {
        long cols = nc - jr < DL_NR ? nc - jr : DL_NR;
        float *panel = dst + jr * kc;
        if (transB) {
            const float *src = b + (j0 + jr) * ldb + p0;
            for (long p = 0; p < kc; p++) {
                float *out = panel + p * DL_NR;
                long j = 0;
                for (; j < cols; j++) out[j] = src[j * ldb + p];
                for (; j < DL_NR; j++) out[j] = 0.0f;
            }
        } else {
            for (long p = 0; p < kc; p++) {
                const float *src = b + (p0 + p) * ldb + j0 + jr;
                float *out = panel + p * DL_NR;
                if (cols == DL_NR) {
                    memcpy(out, src, DL_NR * sizeof(float));
                } else {
                    long j = 0;
                    for (; j < cols; j++) out[j] = src[j];
                    for (; j < DL_NR; j++) out[j] = 0.0f;
                }
            }
        }
    }
}

void dl_sgemm_path(dl_gemm_path path, int transA, int transB, long m, long n, long k, float alpha,
                   const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    path = resolve(path);
    if (path == DL_GEMM_REFERENCE) {
        dl_sgemm_reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    void (*chains)(int, int, long, long, long, const float *, long, const float *, long, float *, long, int) =
        path == DL_GEMM_AVX2 ? dl_chains_avx2 : dl_chains_portable;
    if (alpha != 1.0f && beta != 0.0f) {
        // C = fma(alpha, chain from 0, beta·C): the chains go to a scratch matrix first.
        float *t = reserve(&scratch, (size_t)(m * n));
        if (k > 0) chains(transA, transB, m, n, k, a, lda, b, ldb, t, n, 0);
        else memset(t, 0, (size_t)(m * n) * sizeof(float));
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = __builtin_fmaf(alpha, t[i * n + j], beta * c[i * ldc + j]);
        return;
    }
    if (beta != 0.0f && beta != 1.0f) {
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = beta * c[i * ldc + j];
    }
    int load = beta != 0.0f;
    if (k > 0) {
        chains(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, load);
    } else if (!load) {
        for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
    }
    if (alpha != 1.0f) {
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = alpha * c[i * ldc + j];
    }
}

void dl_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc) {
    dl_sgemm_path(dl_sgemm_current_path(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
