// im2col and col2im for 1-D convolutions through phase planes. With the zero padding written
// out, xp[t] = x[t − pad], a patch entry is xp[stride·ow + j] = plane_{j mod stride}[ow + j div
// stride], where plane_f[u] = xp[stride·u + f]. So each sample and channel is split once into
// `stride` planes (about L values in all, instead of kernel·P strided copies), and every column
// row is a contiguous run of a plane. The adjoint adds each row onto its plane as a contiguous
// run, kernel offsets j in increasing order, then interleaves the planes into dx: every dx
// element receives its terms in the order of increasing j, from +0, as the per-row scatter
// (Im2Col.scatterAdd) adds them, so the bits are the same.
#pragma clang fp contract(off)
#include <stdlib.h>
#include <string.h>
#include "CKernels.h"

static _Thread_local float *plane_buffer;
static _Thread_local size_t plane_capacity;

static float *planes_for(size_t count) {
    if (plane_capacity < count) {
        free(plane_buffer);
        plane_buffer = malloc(count * sizeof(float));
        if (!plane_buffer) abort();
        plane_capacity = count;
    }
    return plane_buffer;
}

/// Plane length: enough for every xp index a patch reads (stride·(out − 1) + kernel − 1).
static long span_of(long length, long kernel, long stride, long pad, long out) {
    long reach = stride * (out - 1) + kernel;
    long padded = length + 2 * pad > reach ? length + 2 * pad : reach;
    return (padded + stride - 1) / stride;
}

void dl_im2col_1d(const float *x, long samples, long channels, long length, long kernel, long stride,
                  long pad, long out, float *cols, long ld) {
    long span = span_of(length, kernel, stride, pad, out);
    float *planes = planes_for((size_t)(stride * span));
    for (long s = 0; s < samples; s++) {
        for (long c = 0; c < channels; c++) {
            const float *src = x + (s * channels + c) * length;
            for (long f = 0; f < stride; f++) {
                float *plane = planes + f * span;
                // u with 0 ≤ stride·u + f − pad < length
                long lo = pad - f <= 0 ? 0 : (pad - f + stride - 1) / stride;
                long hi = length - 1 + pad - f < 0 ? 0 : (length - 1 + pad - f) / stride + 1;
                if (hi > span) hi = span;
                if (lo > hi) lo = hi;
                for (long u = 0; u < lo; u++) plane[u] = 0.0f;
                const float *from = src + f - pad;
                if (stride == 2) {
                    for (long u = lo; u < hi; u++) plane[u] = from[2 * u];
                } else if (stride == 1) {
                    memcpy(plane + lo, from + lo, (size_t)(hi - lo) * sizeof(float));
                } else {
                    for (long u = lo; u < hi; u++) plane[u] = from[stride * u];
                }
                for (long u = hi; u < span; u++) plane[u] = 0.0f;
            }
            for (long j = 0; j < kernel; j++) {
                const float *run = planes + (j % stride) * span + j / stride;
                float *row = cols + (c * kernel + j) * ld + s * out;
                for (long ow = 0; ow < out; ow++) row[ow] = run[ow];
            }
        }
    }
}

void dl_col2im_1d(const float *cols, long ld, long samples, long channels, long length, long kernel,
                  long stride, long pad, long out, float *dx) {
    long span = span_of(length, kernel, stride, pad, out);
    float *planes = planes_for((size_t)(stride * span));
    for (long s = 0; s < samples; s++) {
        for (long c = 0; c < channels; c++) {
            memset(planes, 0, (size_t)(stride * span) * sizeof(float));
            for (long j = 0; j < kernel; j++) {
                float *run = planes + (j % stride) * span + j / stride;
                const float *row = cols + (c * kernel + j) * ld + s * out;
                for (long ow = 0; ow < out; ow++) run[ow] += row[ow];
            }
            float *dst = dx + (s * channels + c) * length;
            for (long f = 0; f < stride; f++) {
                const float *plane = planes + f * span;
                long lo = pad - f <= 0 ? 0 : (pad - f + stride - 1) / stride;
                long hi = length - 1 + pad - f < 0 ? 0 : (length - 1 + pad - f) / stride + 1;
                if (hi > span) hi = span;
                float *to = dst + f - pad;
                if (stride == 2) {
                    for (long u = lo; u < hi; u++) to[2 * u] = plane[u];
                } else {
                    for (long u = lo; u < hi; u++) to[stride * u] = plane[u];
                }
            }
        }
    }
}
