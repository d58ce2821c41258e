/*
 * Loss kernels: each returns the loss (accumulated in double) and, when a
 * gradient buffer is given, writes d loss / d prediction in the same pass.
 * Reductions follow PyTorch's defaults: the mean over every element for the
 * regression losses and binary cross-entropy, the mean over samples for
 * categorical cross-entropy (feature-major [classes][batch]).
 */

/* Float lanes are flushed into the double total every this many vectors. */
#define FLUSH_VECTORS 64

/* Sums BODY (a vf of per-lane losses, for lanes i_ .. i_ + n_) over count
   elements in chunks of LANES; BODY sees i_ and n_ (n_ < LANES in the tail). */
#define ACCUMULATE(total, count, BODY)                  \
    do {                                                \
        vf lanes_ = vsplat(0.0f);                       \
        int pending_ = 0;                               \
        for (long i_ = 0; i_ < (count); i_ += LANES) {  \
            long n_ = lmin(LANES, (count) - i_);        \
            lanes_ += (BODY);                           \
            if (++pending_ == FLUSH_VECTORS) {          \
                total += vsum_d(lanes_);                \
                lanes_ = vsplat(0.0f);                  \
                pending_ = 0;                           \
            }                                           \
        }                                               \
        total += vsum_d(lanes_);                        \
    } while (0)

INLINE vf ld(const float *p, long n, float fill) { return n == LANES ? vload(p) : vload_n(p, n, fill); }
INLINE void st(float *p, vf v, long n) {
    if (n == LANES) vstore(p, v); else vstore_n(p, v, n);
}
/* v with the lanes at or beyond n zeroed. */
INLINE vf first_lanes(vf v, long n) { return n == LANES ? v : vselect(vlanes_from(n), vsplat(0.0f), v); }

INLINE vf mse_body(const float *p, const float *t, float *g, long i, long n, float scale) {
    vf r = ld(p + i, n, 0) - ld(t + i, n, 0);
    if (g) st(g + i, r * scale, n);
    return r * r;
}

/* mean((p − t)²); gradient 2(p − t)/N. */
static double mse(const float *p, const float *t, float *g, int64_t count) {
    float scale = (float)(2.0 / (double)count);
    double total = 0;
    ACCUMULATE(total, count, mse_body(p, t, g, i_, n_, scale));
    return total / (double)count;
}

INLINE vf mae_body(const float *p, const float *t, float *g, long i, long n, float scale) {
    vf r = ld(p + i, n, 0) - ld(t + i, n, 0);
    if (g) {
        vf s = vselect(r > 0.0f, vsplat(scale), vsplat(0.0f));
        s = vselect(r < 0.0f, vsplat(-scale), s);
        st(g + i, s, n);
    }
    return vabs(r);
}

/* mean|p − t|; gradient sign(p − t)/N (0 at 0, as PyTorch). */
static double mae(const float *p, const float *t, float *g, int64_t count) {
    float scale = (float)(1.0 / (double)count);
    double total = 0;
    ACCUMULATE(total, count, mae_body(p, t, g, i_, n_, scale));
    return total / (double)count;
}

INLINE vf huber_body(const float *p, const float *t, float *g, long i, long n, float scale, float delta) {
    vf r = ld(p + i, n, 0) - ld(t + i, n, 0);
    vf a = vabs(r);
    if (g) st(g + i, vclamp(r, -delta, delta) * scale, n);
    vf linear = (a - 0.5f * delta) * delta;
    return vselect(a < delta, 0.5f * r * r, linear);
}

/* ½r² where |r| < δ, else δ(|r| − ½δ); gradient r or δ·sign(r), over N. */
static double huber(const float *p, const float *t, float *g, int64_t count, float delta) {
    float scale = (float)(1.0 / (double)count);
    double total = 0;
    ACCUMULATE(total, count, huber_body(p, t, g, i_, n_, scale, delta));
    return total / (double)count;
}

INLINE vf bce_body(const float *pp, const float *tt, float *g, long i, long n, float scale) {
    vf p = ld(pp + i, n, 0.5f);
    vf t = ld(tt + i, n, 0.5f);
    vf floor = vsplat(-100.0f);
    vf logP = vmax(v_log(p), floor);
    vf logQ = vmax(v_log(1.0f - p), floor);
    if (g) {
        vf denominator = vmax(p * (1.0f - p), vsplat(1e-12f));
        st(g + i, (p - t) / denominator * scale, n);
    }
    return first_lanes(-(t * logP + (1.0f - t) * logQ), n);
}

/* Binary cross-entropy on probabilities (PyTorch's BCELoss): each log clamped
   at −100; gradient (p − t) / max(p(1 − p), 1e-12) / N. */
static double binary_crossentropy(const float *p, const float *t, float *g, int64_t count) {
    float scale = (float)(1.0 / (double)count);
    double total = 0;
    ACCUMULATE(total, count, bce_body(p, t, g, i_, n_, scale));
    return total / (double)count;
}

INLINE vf sbce_body(const float *zz, const float *tt, float *probabilities, float *g, long i, long n,
                    float scale) {
    vf z = ld(zz + i, n, 0);
    vf t = ld(tt + i, n, 0);
    vf p = v_sigmoid(z);
    if (probabilities) st(probabilities + i, p, n);
    if (g) st(g + i, (p - t) * scale, n);
    vf u = v_exp(-vabs(z));
    return first_lanes(vmax(z, vsplat(0.0f)) - z * t + v_log1p_pos(u), n);
}

/* Binary cross-entropy fused with the output sigmoid, from the logits
   (PyTorch's BCEWithLogitsLoss): mean(max(z, 0) − z·t + log(1 + e^−|z|)). */
static double sigmoid_binary_crossentropy(const float *z, const float *t, float *probabilities, float *g,
                                          int64_t count) {
    float scale = (float)(1.0 / (double)count);
    double total = 0;
    ACCUMULATE(total, count, sbce_body(z, t, probabilities, g, i_, n_, scale));
    return total / (double)count;
}

/* Categorical cross-entropy fused with the output softmax: mean over samples
   of Σ_c t_c·(logsumexp(z) − z_c); probabilities to `probabilities`, and
   (p·Σ_c t_c − t)/B to the gradient. */
static double softmax_crossentropy(const float *logits, const float *target, float *probabilities, float *g,
                                   int64_t classes, int64_t batch) {
    float scale = (float)(1.0 / (double)batch);
    double total = 0;
    for (long b = 0; b < batch; b += LANES) {
        long n = lmin(LANES, batch - b);
        vf top = vsplat(-__builtin_inff());
        for (long c = 0; c < classes; c++) top = vmax(top, ld(logits + c * batch + b, n, 0));
        vf sum = vsplat(0.0f), targetSum = vsplat(0.0f), weighted = vsplat(0.0f);
        for (long c = 0; c < classes; c++) {
            long o = c * batch + b;
            vf shifted = ld(logits + o, n, 0) - top;
            vf t = ld(target + o, n, 0);
            sum += v_exp(shifted);
            targetSum += t;
            weighted += t * shifted;
        }
        /* Σ t·(lse − z) = Σt·log Σe^(z−max) − Σ t·(z − max). */
        vf loss = targetSum * v_log(sum) - weighted;
        total += vsum_d(first_lanes(loss, n));
        if (probabilities || g) {
            vf inverse = 1.0f / sum;
            for (long c = 0; c < classes; c++) {
                long o = c * batch + b;
                vf p = v_exp(ld(logits + o, n, 0) - top) * inverse;
                if (probabilities) st(probabilities + o, p, n);
                if (g) st(g + o, (p * targetSum - ld(target + o, n, 0)) * scale, n);
            }
        }
    }
    return total / (double)batch;
}

INLINE vf cce_body(const float *pp, const float *tt, float *g, long i, long n, float scale) {
    vf p = ld(pp + i, n, 1.0f);
    vf t = ld(tt + i, n, 0);
    if (g) st(g + i, -t / vmax(p, vsplat(1e-12f)) * scale, n);
    return -t * vmax(v_log(p), vsplat(-100.0f));
}

/* Categorical cross-entropy on probabilities: −mean over samples of
   Σ_c t·max(log p, −100); gradient −t/(max(p, 1e-12)·B). */
static double categorical_crossentropy(const float *p, const float *t, float *g, int64_t classes,
                                       int64_t batch) {
    float scale = (float)(1.0 / (double)batch);
    double total = 0;
    long count = classes * batch;
    ACCUMULATE(total, count, cce_body(p, t, g, i_, n_, scale));
    return total / (double)batch;
}

INLINE vf chi2_body(const float *p, const float *t, const float *sigma, float *g, long i, long n, float scale) {
    vf r = ld(p + i, n, 0) - ld(t + i, n, 0);
    vf s = ld(sigma + i, n, 1.0f);
    vf rw = r / (s * s);
    if (g) st(g + i, rw * scale, n);
    return r * rw;
}

/* χ² with per-point σ: mean((p − t)²/σ²); gradient 2(p − t)/(σ²N). */
static double chi2(const float *p, const float *t, const float *sigma, float *g, int64_t count) {
    float scale = (float)(2.0 / (double)count);
    double total = 0;
    ACCUMULATE(total, count, chi2_body(p, t, sigma, g, i_, n_, scale));
    return total / (double)count;
}

/* χ² with a full covariance: rᵀ C⁻¹ r / N over the N = outputs × batch
   residuals ordered point-major (index b·outputs + o); gradient 2·C⁻¹r/N back
   in the feature-major layout. `inverse` has rows of `ld` floats of which the
   leading N × N block is used; scratch holds N floats. */
static double chi2_covariance(const float *p, const float *t, const float *inverse, float *g, int64_t outputs,
                              int64_t batch, int64_t ld_, float *scratch) {
    long count = outputs * batch;
    for (long o = 0; o < outputs; o++) {
        for (long b = 0; b < batch; b++) scratch[b * outputs + o] = p[o * batch + b] - t[o * batch + b];
    }
    float scale = (float)(2.0 / (double)count);
    double total = 0;
    for (long i = 0; i < count; i++) {
        const float *row = inverse + i * ld_;
        vf s0 = vsplat(0.0f), s1 = vsplat(0.0f);
        long j = 0;
        for (; j + 2 * LANES <= count; j += 2 * LANES) {
            s0 = vfma(vload(row + j), vload(scratch + j), s0);
            s1 = vfma(vload(row + j + LANES), vload(scratch + j + LANES), s1);
        }
        double cr = (double)vhsum(s0 + s1);
        for (; j < count; j++) cr += (double)row[j] * (double)scratch[j];
        total += (double)scratch[i] * cr;
        /* Residual i is point i / outputs, output i % outputs. */
        if (g) g[(i % outputs) * batch + i / outputs] = (float)cr * scale;
    }
    return total / (double)count;
}

INLINE vf l2_body(const float *w, float *g, long i, long n, float l2) {
    vf v = ld(w + i, n, 0);
    if (g) st(g + i, vfma(v, vsplat(2 * l2), ld(g + i, n, 0)), n);
    return v * v;
}

/* Keras's L2 penalty: l2·Σw², adding 2·l2·w to the gradient when given. */
static double l2_penalty(const float *w, float *g, int64_t count, float l2) {
    double total = 0;
    ACCUMULATE(total, count, l2_body(w, g, i_, n_, l2));
    return (double)l2 * total;
}
