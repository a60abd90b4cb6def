// The definition of dl_sgemm, one entry at a time, kept as plain as the definition reads: the
// yardstick the packed paths are tested against. Row i of C is kept in a buffer while p runs so
// the chains of a row advance together (the compiler can vectorize across j); each entry's
// chain is still one fma after another in increasing p. Contraction is off so that the compiler
// adds no fused operation of its own; on a CPU with FMA the same code is compiled for it, so
// fmaf is an instruction rather than a call into the C library.
#pragma clang fp contract(off)
#include <math.h>
#include <stdlib.h>
#include "sgemm_internal.h"

static inline __attribute__((always_inline))
void reference(int transA, int transB, long m, long n, long k, float alpha, const float *a, long lda,
               const float *b, long ldb, float beta, float *c, long ldc, float *row) {
    int split = alpha != 1.0f && beta != 0.0f;
    for (long i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        for (long j = 0; j < n; j++) row[j] = (split || beta == 0.0f) ? 0.0f : (beta == 1.0f ? ci[j] : beta * ci[j]);
        for (long p = 0; p < k; p++) {
            float x = transA ? a[p * lda + i] : a[i * lda + p];
            if (transB) {
                for (long j = 0; j < n; j++) row[j] = fmaf(x, b[j * ldb + p], row[j]);
            } else {
                const float *bp = b + p * ldb;
                for (long j = 0; j < n; j++) row[j] = fmaf(x, bp[j], row[j]);
            }
        }
        for (long j = 0; j < n; j++) {
            if (split) ci[j] = fmaf(alpha, row[j], beta * ci[j]);
            else ci[j] = alpha == 1.0f ? row[j] : alpha * row[j];
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("fma")))
static void reference_fma(int transA, int transB, long m, long n, long k, float alpha, const float *a, long lda,
                          const float *b, long ldb, float beta, float *c, long ldc, float *row) {
    reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, row);
}
#endif

void dl_sgemm_reference(int transA, int transB, long m, long n, long k, float alpha,
                        const float *a, long lda, const float *b, long ldb,
                        float beta, float *c, long ldc) {
    float *row = malloc((size_t)(n > 0 ? n : 1) * sizeof(float));
    if (!row) abort();
#if defined(__x86_64__)
    if (dl_cpu_has_avx2_fma()) {
        reference_fma(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, row);
        free(row);
        return;
    }
#endif
    reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, row);
    free(row);
}
