/*
 * Optimiser updates over a range of the parameter slab, PyTorch's formulas
 * (torch.optim, single-tensor path); the runtime's OptimizerRule documents
 * them and computes the per-step constants.
 */

/* Runs BODY(i_, n_) over [lo, hi) in vectors, the tail as a partial vector. */
#define OVER_RANGE(lo, hi, BODY)                                        \
    do {                                                                \
        long i_ = (lo);                                                 \
        for (; i_ + LANES <= (hi); i_ += LANES) { BODY(i_, LANES); }    \
        if (i_ < (hi)) { BODY(i_, (hi) - i_); }                         \
    } while (0)

static void sgd(float *p, const float *g, float *buffer, int64_t lo, int64_t hi, float lr, float mu,
                int32_t nesterov) {
#define SGD_STEP(i, n)                                          \
    {                                                           \
        vf gv = ld(g + i, n, 0);                                \
        vf d = gv;                                              \
        if (buffer) {                                           \
            vf buf = vfma(ld(buffer + i, n, 0), vsplat(mu), gv); \
            st(buffer + i, buf, n);                             \
            d = nesterov ? vfma(buf, vsplat(mu), gv) : buf;     \
        }                                                       \
        st(p + i, ld(p + i, n, 0) - d * lr, n);                 \
    }
    OVER_RANGE(lo, hi, SGD_STEP);
#undef SGD_STEP
}

/* m = m + (1−β1)(g − m) (torch's lerp), v = β2·v + (1−β2)·g²;
   p = p·decay − (stepSize·corr2)·m / (√v + ε·corr2): one division a vector. */
static void adam(float *p, const float *g, float *m, float *v, int64_t lo, int64_t hi, nnc_adam c) {
#define ADAM_STEP(i, n)                                              \
    {                                                                \
        vf gv = ld(g + i, n, 0);                                     \
        vf mv = ld(m + i, n, 0);                                     \
        vf vv = ld(v + i, n, 0);                                     \
        mv = vfma(gv - mv, vsplat(c.c1), mv);                        \
        vv = vfma(vv, vsplat(c.b2), gv * gv * c.c2);                 \
        st(m + i, mv, n);                                            \
        st(v + i, vv, n);                                            \
        vf denominator = vsqrt(vv) + c.eps;                          \
        vf pv = ld(p + i, n, 0) * c.decay;                           \
        st(p + i, pv - c.step * (mv / denominator), n);              \
    }
    OVER_RANGE(lo, hi, ADAM_STEP);
#undef ADAM_STEP
}

/* v = α·v + (1−α)·g²; p −= lr·g/(√v + ε). */
static void rmsprop(float *p, const float *g, float *s, int64_t lo, int64_t hi, float lr, float alpha, float rest,
                    float eps) {
#define RMS_STEP(i, n)                                               \
    {                                                                \
        vf gv = ld(g + i, n, 0);                                     \
        vf v = vfma(ld(s + i, n, 0), vsplat(alpha), gv * gv * rest); \
        st(s + i, v, n);                                             \
        st(p + i, ld(p + i, n, 0) - lr * (gv / (vsqrt(v) + eps)), n); \
    }
    OVER_RANGE(lo, hi, RMS_STEP);
#undef RMS_STEP
}

/* s += g²; p −= lr·g/(√s + ε). */
static void adagrad(float *p, const float *g, float *s, int64_t lo, int64_t hi, float lr, float eps) {
#define ADAGRAD_STEP(i, n)                                             \
    {                                                                  \
        vf gv = ld(g + i, n, 0);                                       \
        vf sum = vfma(gv, gv, ld(s + i, n, 0));                        \
        st(s + i, sum, n);                                             \
        st(p + i, ld(p + i, n, 0) - lr * (gv / (vsqrt(sum) + eps)), n); \
    }
    OVER_RANGE(lo, hi, ADAGRAD_STEP);
#undef ADAGRAD_STEP
}

/* One rule's update of the parameters [lo, hi). */
static void update(float *p, const float *g, int64_t lo, int64_t hi, const nnc_update *u) {
    switch (u->rule) {
    case NNC_SGD: sgd(p, g, u->first, lo, hi, u->lr, u->momentum, u->nesterov); break;
    case NNC_ADAM: adam(p, g, u->first, u->second, lo, hi, u->adam); break;
    case NNC_RMSPROP: rmsprop(p, g, u->first, lo, hi, u->lr, u->alpha, u->rest, u->eps); break;
    case NNC_ADAGRAD: adagrad(p, g, u->first, lo, hi, u->lr, u->eps); break;
    default: break;
    }
}

/* Σ g²: float lanes over blocks of 512, summed in double. */
static double sum_squares(const float *g, int64_t count) {
    double squares = 0;
    for (long i = 0; i < count;) {
        vf lanes = vsplat(0.0f);
        long end = lmin(count, i + 512);
        for (; i < end; i += LANES) {
            vf v = ld(g + i, lmin(LANES, end - i), 0);
            lanes = vfma(v, v, lanes);
        }
        squares += vsum_d(lanes);
    }
    return squares;
}

INLINE vf f_scale(vf x, float c) { return x * c; }

static void scale(float *g, float c, int64_t count) { MAP1(f_scale, g, g, count, c); }
