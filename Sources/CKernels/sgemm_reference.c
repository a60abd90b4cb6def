// The definition of dl_sgemm, one entry at a time: the yardstick the packed paths are tested
// against. Contraction is off so that the compiler adds no fused operation of its own.
#pragma clang fp contract(off)
#include <math.h>
#include "sgemm_internal.h"

void dl_sgemm_reference(int transA, int transB, long m, long n, long k, float alpha,
                        const float *a, long lda, const float *b, long ldb,
                        float beta, float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            float *cij = c + i * ldc + j;
            int split = alpha != 1.0f && beta != 0.0f;
            float acc = (split || beta == 0.0f) ? 0.0f : (beta == 1.0f ? *cij : beta * *cij);
            for (long p = 0; p < k; p++) {
                float x = transA ? a[p * lda + i] : a[i * lda + p];
                float y = transB ? b[j * ldb + p] : b[p * ldb + j];
                acc = fmaf(x, y, acc);
            }
            if (split) *cij = fmaf(alpha, acc, beta * *cij);
            else *cij = alpha == 1.0f ? acc : alpha * acc;
        }
    }
}
