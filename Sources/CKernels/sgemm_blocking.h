// The blocked loops of Goto's algorithm (as BLIS writes them), included by each path's file
// after it defines its micro-kernels, so they inline:
//   DL_KERNEL(R, W, kc, a, rsa, csa, b, rsb, c, ldc, load)  an R×8W tile (R ≤ MR, W = 1 or 2)
//     or DL_KERNEL_COLS(R, W, cols, …)                        the same, storing only C's first `cols` columns
//   DL_PACK_B                                                 dl_pack_b or a faster equivalent
//   DL_TILE, DL_CHAINS                                        the names of the (static) functions to define
// A micro-kernel reads A(r, p) at a[r·rsa + p·csa] and B(p, j) at b[p·rsb + j], and stores its
// chains into C, starting from C's values when `load`. A and B are read in place where they
// can be (our matrices are small, and packing them cost a fifth of the time); B is packed when
// transposed, either is packed when its rows lie 4 KiB or more apart (they would share cache
// sets), and a partial last column panel of B is packed with zeros.
#include <string.h>

/// One tile of C: `rows` (1…MR) × `cols` (1…NR). A kernel that masks its loads and stores of C
/// (DL_KERNEL_COLS) takes any width in place; otherwise widths of 8 and 16 are stored in place
/// and other widths go through a full-width copy of the tile.
static inline void DL_TILE(long kc, const float *a, long rsa, long csa, long rows,
                           const float *b, long rsb, long cols, float *c, long ldc, int load) {
#ifdef DL_KERNEL_COLS
#define DL_TILE_KERNEL(R, W) DL_KERNEL_COLS(R, W, cols, kc, a, rsa, csa, b, rsb, c, ldc, load)
#else
    float t[DL_MR * DL_NR];
    int inPlace = cols == 8 || cols == 16;
    float *tc = inPlace ? c : t;
    long tldc = inPlace ? ldc : DL_NR;
    if (!inPlace && load) {
        for (long r = 0; r < rows; r++) memcpy(t + r * DL_NR, c + r * ldc, (size_t)cols * sizeof(float));
    }
#define DL_TILE_KERNEL(R, W) DL_KERNEL(R, W, kc, a, rsa, csa, b, rsb, tc, tldc, load)
#endif
#define DL_ROWS(W) \
    switch (rows) { \
    case 1: DL_TILE_KERNEL(1, W); break; \
    case 2: DL_TILE_KERNEL(2, W); break; \
    case 3: DL_TILE_KERNEL(3, W); break; \
    case 4: DL_TILE_KERNEL(4, W); break; \
    case 5: DL_TILE_KERNEL(5, W); break; \
    default: DL_TILE_KERNEL(6, W); break; \
    }
    if (cols <= 8) { DL_ROWS(1) } else { DL_ROWS(2) }
#undef DL_ROWS
#undef DL_TILE_KERNEL
#ifndef DL_KERNEL_COLS
    if (!inPlace) {
        for (long r = 0; r < rows; r++) memcpy(c + r * ldc, t + r * DL_NR, (size_t)cols * sizeof(float));
    }
#endif
}

/// How many tiles the mc rows of C take when A is read in place: 0 for tiles of MR rows, unless
/// those would leave a last tile of one or two rows, whose 2–4 accumulator chains are too few to
/// hide the FMA latency (it costs two thirds of a full tile); then as many tiles as MR-row tiles
/// would need, of even height (25 rows: 5 × 5, not 4 × 6 + 1; the M = 25 products of the
/// MNIST-1D CNN's convolutions run 4–6% faster, measured alone). Each entry of C is still its own
/// chain over p, so the bits do not change.
#ifndef DL_EVEN_TILES
#define DL_EVEN_TILES
static inline long dl_even_tiles(long mc) {
    return mc > DL_MR && (mc % DL_MR == 1 || mc % DL_MR == 2) ? (mc + DL_MR - 1) / DL_MR : 0;
}
#endif

static void DL_CHAINS(int transA, int transB, long m, long n, long k, const float *a, long lda,
               const float *b, long ldb, float *c, long ldc, int load) {
    // A tile reads kc rows of B and, when A is transposed, kc rows of A: many rows far apart in
    // memory (1 KiB and more) fall into the same cache sets, so those are packed.
    int packA = transA && lda >= DL_FAR && k > DL_FEW, packB = transB || (ldb >= DL_FAR && k > DL_FEW);
    long rsa = transA ? 1 : lda, csa = transA ? lda : 1;
    long kcMax = k < DL_KC ? k : DL_KC, ncMax = n < DL_NC ? n : DL_NC, mcMax = m < DL_MC ? m : DL_MC;
    long panelsA = packA ? (mcMax + DL_MR - 1) / DL_MR : 1;
    float *packedA = dl_packed_a((size_t)(panelsA * DL_MR + DL_NR) * (size_t)kcMax), *edgeB = packedA + panelsA * DL_MR * kcMax;
    float *packedB = packB ? dl_packed_b((size_t)((ncMax + DL_NR - 1) / DL_NR * DL_NR) * (size_t)kcMax) : NULL;
    for (long j0 = 0; j0 < n; j0 += DL_NC) {
        long nc = n - j0 < DL_NC ? n - j0 : DL_NC, ncFull = nc / DL_NR * DL_NR;
        for (long p0 = 0; p0 < k; p0 += DL_KC) {
            long kc = k - p0 < DL_KC ? k - p0 : DL_KC;
            int loadBlock = load || p0 > 0;
            if (packB) DL_PACK_B(transB, b, ldb, p0, kc, j0, nc, packedB);
            else if (ncFull < nc) DL_PACK_B(0, b, ldb, p0, kc, j0 + ncFull, nc - ncFull, edgeB);
            for (long i0 = 0; i0 < m; i0 += DL_MC) {
                long mc = m - i0 < DL_MC ? m - i0 : DL_MC;
                if (packA) dl_pack_a(transA, a, lda, i0, mc, p0, kc, packedA);
                for (long jr = 0; jr < nc; jr += DL_NR) {
                    long cols = nc - jr < DL_NR ? nc - jr : DL_NR;
                    const float *bp = packB ? packedB + jr * kc : cols == DL_NR ? b + p0 * ldb + j0 + jr : edgeB;
                    long rsb = packB || cols < DL_NR ? DL_NR : ldb;
                    float *cp = c + i0 * ldc + j0 + jr;
                    // Packed A comes in MR-row panels; with short chains (kc < 16) the tile's loads
                    // and stores of C, not the FMA latency, set its cost.
                    const long tiles = packA || kc < 16 ? 0 : dl_even_tiles(mc);
                    for (long t = 0, ir = 0, rows; ir < mc; ir += rows, t++) {
                        rows = tiles ? mc / tiles + (t < mc % tiles) : (mc - ir < DL_MR ? mc - ir : DL_MR);
                        if (packA) DL_TILE(kc, packedA + ir * kc, 1, DL_MR, rows, bp, rsb, cols, cp + ir * ldc, ldc, loadBlock);
                        else DL_TILE(kc, a + (i0 + ir) * rsa + p0 * csa, rsa, csa, rows, bp, rsb, cols, cp + ir * ldc, ldc, loadBlock);
                    }
                }
            }
        }
    }
}
