// Two memory passes of a convolution around its GEMMs (Sources/DLCore/Layers/
// ConvolutionEngine.swift): the scatter of the output block [Cout, samples·P] to [N, C, P] with
// the bias, and the gather of dY into the block layout with the bias-gradient sums.
//
// They move and add floats in the order the Swift loops they replace did, so no bit changes:
// copies are exact, y = product + bias as before, and every bias-gradient entry is
// ((0 + g₀) + g₁) + … per sample and output channel, added to db in sample order. What C buys is
// four samples' sums at a time (four independent chains in place of one serial chain).
//
// Tried and not kept (benchmarks/README.md): im2col and col2im of 1-D convolutions in C with the
// stride-2 copies as AVX2 shuffles — no faster than the Swift loops at these run lengths (5–19).
#pragma clang fp contract(off)
#include "CKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

void dl_conv_scatter_output(const float *block, long ld, long samples, long channels, long positions,
                            const float *bias, float *y) {
    for (long s = 0; s < samples; s++) {
        for (long o = 0; o < channels; o++) {
            const float *from = block + o * ld + s * positions;
            float *to = y + (s * channels + o) * positions;
            const float b = bias ? bias[o] : 0.0f;
            for (long i = 0; i < positions; i++) to[i] = from[i] + b;
        }
    }
}

void dl_conv_gather_gradient(const float *dy, long samples, long channels, long positions, float *block, long ld,
                             float *db) {
    const long step = channels * positions;  // from one sample's row o to the next sample's
    for (long o = 0; o < channels; o++) {
        float *to = block + o * ld;
        const float *from = dy + o * positions;
        long s = 0;
        for (; s + 4 <= samples; s += 4) {
            const float *f0 = from + s * step, *f1 = f0 + step, *f2 = f1 + step, *f3 = f2 + step;
            float *t0 = to + s * positions, *t1 = t0 + positions, *t2 = t1 + positions, *t3 = t2 + positions;
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (long i = 0; i < positions; i++) {
                const float v0 = f0[i], v1 = f1[i], v2 = f2[i], v3 = f3[i];
                t0[i] = v0, t1[i] = v1, t2[i] = v2, t3[i] = v3;
                a0 += v0, a1 += v1, a2 += v2, a3 += v3;
            }
            if (db) db[o] += a0, db[o] += a1, db[o] += a2, db[o] += a3;
        }
        for (; s < samples; s++) {
            const float *f = from + s * step;
            float *t = to + s * positions;
            float a = 0;
            for (long i = 0; i < positions; i++) {
                const float v = f[i];
                t[i] = v;
                a += v;
            }
            if (db) db[o] += a;
        }
    }
}
