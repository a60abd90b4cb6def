// The element-wise updates of Adam/AdamW and RMSprop, op for op as Sources/DLCore/Optim
// documents them (PyTorch's rounding: each tensor op rounded once, fused multiply-adds where
// ATen fuses). Here rather than in Swift because Swift's `addingProduct` is a call into libm's
// `fmaf` on a baseline x86-64 build; compiled for FMA (and run where the CPU has it), the same
// loops become vector FMA instructions. Every path rounds identically: fmaf is exact up to one
// rounding wherever it runs, `contract(off)` keeps the compiler from fusing anything else, and
// the square root is the correctly rounded one. The vector copies run when the matrix products
// take their AVX2 path (so DLSTUDY_GEMM=portable exercises the generic copies too).
#include "CKernels.h"
#include <math.h>

#pragma clang fp contract(off)

static inline float lerp(float start, float end, float weight) {
    float diff = end - start;
    return fabsf(weight) < 0.5f ? fmaf(weight, diff, start) : fmaf(weight - 1.0f, diff, end);
}

static inline float ieee_sqrt(float x) { return __builtin_elementwise_sqrt(x); }

static inline void adam_body(long n, float *restrict w, const float *restrict grad, float *restrict m,
                             float *restrict v, const dl_adam_scalars *s, const int coupled, const int decoupled) {
    const float l2 = s->l2, shrink = s->shrink, gw = s->grad_weight, decay = s->decay;
    const float sw = s->square_weight, bc2 = s->bc2_sqrt, eps = s->eps, step = s->negative_step;
    for (long i = 0; i < n; i++) {
        float wi = w[i];
        if (decoupled) wi = wi * shrink;                     // param.mul_(1 - lr*wd)
        float g = coupled ? fmaf(l2, wi, grad[i]) : grad[i]; // grad.add(param, alpha=wd)
        float mi = lerp(m[i], g, gw);                        // exp_avg.lerp_(grad, 1 - beta1)
        float scaled = v[i] * decay;                         // exp_avg_sq.mul_(beta2)
        float vi = fmaf(sw * g, g, scaled);                  //   .addcmul_(grad, grad, 1 - beta2)
        float denom = ieee_sqrt(vi) / bc2 + eps;             // (exp_avg_sq.sqrt() / bc2_sqrt).add_(eps)
        m[i] = mi;
        v[i] = vi;
        w[i] = wi + step * mi / denom;                       // param.addcdiv_(exp_avg, denom, -step_size)
    }
}

static inline void rmsprop_body(long n, float *restrict w, const float *restrict grad, float *restrict sq,
                                float *restrict ga, float *restrict buf, const dl_rmsprop_scalars *s,
                                const int decays, const int centered, const int momentum) {
    const float l2 = s->l2, decay = s->decay, nw = s->new_weight, eps = s->eps, mu = s->momentum;
    const float lr = s->negative_lr;
    for (long i = 0; i < n; i++) {
        float wi = w[i];
        float g = decays ? fmaf(l2, wi, grad[i]) : grad[i];  // grad.add(param, alpha=wd)
        float scaled = sq[i] * decay;                        // square_avg.mul_(alpha)
        float si = fmaf(nw * g, g, scaled);                  //   .addcmul_(grad, grad, 1 - alpha)
        sq[i] = si;
        float d;
        if (centered) {
            float gi = lerp(ga[i], g, nw);                   // grad_avg.lerp_(grad, 1 - alpha)
            ga[i] = gi;
            d = ieee_sqrt(fmaf(-gi, gi, si));                // square_avg.addcmul(ga, ga, -1).sqrt_()
        } else {
            d = ieee_sqrt(si);                               // square_avg.sqrt()
        }
        d = d + eps;                                         // .add_(eps)
        if (momentum) {
            float bi = buf[i] * mu + g / d;                  // buf.mul_(momentum).addcdiv_(grad, avg)
            buf[i] = bi;
            w[i] = fmaf(lr, bi, wi);                         // param.add_(buf, alpha=-lr)
        } else {
            w[i] = wi + lr * g / d;                          // param.addcdiv_(grad, avg, -lr)
        }
    }
}

// One copy of each loop per flag combination, so none has a branch inside.
#define ADAM_DISPATCH(body_name)                                                            \
    if (coupled) body_name(n, w, grad, m, v, s, 1, 0);                                      \
    else if (decoupled) body_name(n, w, grad, m, v, s, 0, 1);                               \
    else body_name(n, w, grad, m, v, s, 0, 0);

#define RMSPROP_DISPATCH(body_name)                                                         \
    for (int k = 0; k < 8; k++) {                                                           \
        if (k != ((decays ? 1 : 0) | (centered ? 2 : 0) | (momentum ? 4 : 0))) continue;    \
        switch (k) {                                                                        \
        case 0: body_name(n, w, grad, sq, ga, buf, s, 0, 0, 0); break;                      \
        case 1: body_name(n, w, grad, sq, ga, buf, s, 1, 0, 0); break;                      \
        case 2: body_name(n, w, grad, sq, ga, buf, s, 0, 1, 0); break;                      \
        case 3: body_name(n, w, grad, sq, ga, buf, s, 1, 1, 0); break;                      \
        case 4: body_name(n, w, grad, sq, ga, buf, s, 0, 0, 1); break;                      \
        case 5: body_name(n, w, grad, sq, ga, buf, s, 1, 0, 1); break;                      \
        case 6: body_name(n, w, grad, sq, ga, buf, s, 0, 1, 1); break;                      \
        case 7: body_name(n, w, grad, sq, ga, buf, s, 1, 1, 1); break;                      \
        }                                                                                   \
    }

__attribute__((target("avx2,fma")))
static void adam_fma(long n, float *w, const float *grad, float *m, float *v, const dl_adam_scalars *s,
                     int coupled, int decoupled) {
    ADAM_DISPATCH(adam_body)
}

static void adam_generic(long n, float *w, const float *grad, float *m, float *v, const dl_adam_scalars *s,
                         int coupled, int decoupled) {
    ADAM_DISPATCH(adam_body)
}

__attribute__((target("avx2,fma")))
static void rmsprop_fma(long n, float *w, const float *grad, float *sq, float *ga, float *buf,
                        const dl_rmsprop_scalars *s, int decays, int centered, int momentum) {
    RMSPROP_DISPATCH(rmsprop_body)
}

static void rmsprop_generic(long n, float *w, const float *grad, float *sq, float *ga, float *buf,
                            const dl_rmsprop_scalars *s, int decays, int centered, int momentum) {
    RMSPROP_DISPATCH(rmsprop_body)
}

void dl_adam_update(long n, float *w, const float *grad, float *m, float *v, const dl_adam_scalars *s,
                    int coupled, int decoupled) {
    if (dl_sgemm_current_path() == DL_GEMM_AVX2) adam_fma(n, w, grad, m, v, s, coupled, decoupled);
    else adam_generic(n, w, grad, m, v, s, coupled, decoupled);
}

void dl_rmsprop_update(long n, float *w, const float *grad, float *sq, float *ga, float *buf,
                       const dl_rmsprop_scalars *s, int decays, int centered, int momentum) {
    if (dl_sgemm_current_path() == DL_GEMM_AVX2) rmsprop_fma(n, w, grad, sq, ga, buf, s, decays, centered, momentum);
    else rmsprop_generic(n, w, grad, sq, ga, buf, s, decays, centered, momentum);
}

// start ← lerp(start, end, weight), element by element: torch.lerp_ with a scalar weight (an
// EMA's update, torch._foreach_lerp_ in get_ema_multi_avg_fn).
static inline void lerp_body(long n, float *restrict start, const float *restrict end, float weight) {
    for (long i = 0; i < n; i++) start[i] = lerp(start[i], end[i], weight);
}

__attribute__((target("avx2,fma")))
static void lerp_fma(long n, float *start, const float *end, float weight) { lerp_body(n, start, end, weight); }

static void lerp_generic(long n, float *start, const float *end, float weight) { lerp_body(n, start, end, weight); }

void dl_lerp_update(long n, float *start, const float *end, float weight) {
    if (dl_sgemm_current_path() == DL_GEMM_AVX2) lerp_fma(n, start, end, weight);
    else lerp_generic(n, start, end, weight);
}
