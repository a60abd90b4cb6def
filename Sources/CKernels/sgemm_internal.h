#ifndef DLSTUDY_SGEMM_INTERNAL_H
#define DLSTUDY_SGEMM_INTERNAL_H

#include <stddef.h>
#include "CKernels.h"

/// Micro-tile: MR rows of A against NR columns of B.
enum { DL_MR = 6, DL_NR = 16 };

/// Rows of A per packed block, depth of a K block, columns of B per packed block. Constants,
/// never read from the machine: they decide when an entry is computed, not how.
enum { DL_MC = 120, DL_KC = 256, DL_NC = 2048 };

/// A row stride (in floats) from which A or B is packed rather than read in place, unless a
/// tile reads no more than DL_FEW of its rows.
enum { DL_FAR = 256, DL_FEW = 16 };

/// The chains of C[m×n] over k (see CKernels.h), each starting at 0 (`load` = 0) or at the
/// value in C (`load` = 1), on one path's micro-kernels.
void dl_chains_avx2(int transA, int transB, long m, long n, long k, const float *a, long lda,
                    const float *b, long ldb, float *c, long ldc, int load);
void dl_chains_portable(int transA, int transB, long m, long n, long k, const float *a, long lda,
                        const float *b, long ldb, float *c, long ldc, int load);

/// op(A)[i0..i0+mc, p0..p0+kc] as panels of MR rows (kc groups of MR values, zero past the
/// last row); op(B)[p0..p0+kc, j0..j0+nc] as panels of NR columns (kc groups of NR values,
/// zero past the last column).
void dl_pack_a(int transA, const float *a, long lda, long i0, long mc, long p0, long kc, float *dst);
void dl_pack_b(int transB, const float *b, long ldb, long p0, long kc, long j0, long nc, float *dst);

/// Per-thread packing buffers of at least `count` floats, 64-byte aligned.
float *dl_packed_a(size_t count);
float *dl_packed_b(size_t count);

/// The definition, entry by entry (see CKernels.h).
void dl_sgemm_reference(int transA, int transB, long m, long n, long k, float alpha,
                        const float *a, long lda, const float *b, long ldb,
                        float beta, float *c, long ldc);

#endif
