/*
 * The activations, forward from the pre-activation and backward (the incoming
 * gradient times f′) from the saved output or the pre-activation, over
 * feature-major buffers. Each formula is one always-inline function of a
 * vector; the loops below run it on four independent vectors a pass, since
 * the functions are long dependency chains.
 */

#define SELU_ALPHA 1.6732632423543772848f
#define SELU_SCALE 1.0507009873554804934f
#define INV_SQRT2 0.7071067811865475f
#define INV_SQRT2PI 0.3989422804014327f

/* y[i] = F(x[i], alpha) for i < count; x may equal y. */
#define MAP1(F, x, y, count, alpha)                                                       \
    do {                                                                                  \
        long i_ = 0;                                                                      \
        for (; i_ + 4 * LANES <= (count); i_ += 4 * LANES) {                              \
            vf a_ = F(vload((x) + i_), alpha);                                            \
            vf b_ = F(vload((x) + i_ + LANES), alpha);                                    \
            vf c_ = F(vload((x) + i_ + 2 * LANES), alpha);                                \
            vf d_ = F(vload((x) + i_ + 3 * LANES), alpha);                                \
            vstore((y) + i_, a_);                                                         \
            vstore((y) + i_ + LANES, b_);                                                 \
            vstore((y) + i_ + 2 * LANES, c_);                                             \
            vstore((y) + i_ + 3 * LANES, d_);                                             \
        }                                                                                 \
        for (; i_ + LANES <= (count); i_ += LANES) vstore((y) + i_, F(vload((x) + i_), alpha)); \
        if (i_ < (count)) {                                                               \
            long n_ = (count) - i_;                                                       \
            vstore_n((y) + i_, F(vload_n((x) + i_, n_, 0.0f), alpha), n_);                \
        }                                                                                 \
    } while (0)

/* out[i] = F(a[i], b[i], alpha); out may equal a or b. */
#define MAP2(F, a, b, out, count, alpha)                                                   \
    do {                                                                                   \
        long i_ = 0;                                                                       \
        for (; i_ + 2 * LANES <= (count); i_ += 2 * LANES) {                               \
            vf u_ = F(vload((a) + i_), vload((b) + i_), alpha);                            \
            vf v_ = F(vload((a) + i_ + LANES), vload((b) + i_ + LANES), alpha);            \
            vstore((out) + i_, u_);                                                        \
            vstore((out) + i_ + LANES, v_);                                                \
        }                                                                                  \
        for (; i_ + LANES <= (count); i_ += LANES)                                         \
            vstore((out) + i_, F(vload((a) + i_), vload((b) + i_), alpha));                \
        if (i_ < (count)) {                                                                \
            long n_ = (count) - i_;                                                        \
            vstore_n((out) + i_, F(vload_n((a) + i_, n_, 0.0f), vload_n((b) + i_, n_, 0.0f), alpha), n_); \
        }                                                                                  \
    } while (0)

/* Forward, from the pre-activation x. */

INLINE vf f_sigmoid(vf x, float alpha) { (void)alpha; return v_sigmoid(x); }
INLINE vf f_tanh(vf x, float alpha) { (void)alpha; return v_tanh(x); }
INLINE vf f_relu(vf x, float alpha) { (void)alpha; return vmax(x, vsplat(0.0f)); }
INLINE vf f_leaky(vf x, float alpha) { return vselect(x < 0.0f, x * alpha, x); }
INLINE vf f_elu(vf x, float alpha) { return vselect(x < 0.0f, v_expm1(x) * alpha, x); }
INLINE vf f_selu(vf x, float alpha) {
    (void)alpha;
    return vselect(x < 0.0f, v_expm1(x) * SELU_ALPHA, x) * SELU_SCALE;
}
/* max(x, 0) + log1p(e^−|x|): stable for any x. */
INLINE vf f_softplus(vf x, float alpha) {
    (void)alpha;
    return vmax(x, vsplat(0.0f)) + v_log1p_pos(v_exp(-vabs(x)));
}
/* The exact form 0.5·x·(1 + erf(x/√2)), PyTorch's default. */
INLINE vf f_gelu(vf x, float alpha) { (void)alpha; return x * 0.5f * (1.0f + v_erf(x * INV_SQRT2)); }
INLINE vf f_swish(vf x, float alpha) { (void)alpha; return x * v_sigmoid(x); }

/* Backward: the incoming gradient g times f′, from the output v or the pre-activation x. */

INLINE vf b_sigmoid_out(vf g, vf s, float alpha) { (void)alpha; return g * s * (1.0f - s); }
INLINE vf b_tanh_out(vf g, vf t, float alpha) { (void)alpha; return g * (1.0f - t * t); }
INLINE vf b_relu(vf g, vf v, float alpha) { (void)alpha; return vselect(v > 0.0f, g, vsplat(0.0f)); }
INLINE vf b_leaky(vf g, vf v, float alpha) { return vselect(v > 0.0f, g, g * alpha); }
/* From the output: y = α(eˣ − 1) below 0, so f′ = α·eˣ = y + α there. */
INLINE vf b_elu_out(vf g, vf v, float alpha) { return vselect(v > 0.0f, g, g * (v + alpha)); }
INLINE vf b_elu_in(vf g, vf x, float alpha) { return vselect(x > 0.0f, g, g * v_exp(x) * alpha); }
INLINE vf b_selu_out(vf g, vf v, float alpha) {
    (void)alpha;
    return vselect(v > 0.0f, g * SELU_SCALE, g * (v + SELU_ALPHA * SELU_SCALE));
}
INLINE vf b_selu_in(vf g, vf x, float alpha) {
    (void)alpha;
    return vselect(x > 0.0f, g * SELU_SCALE, g * v_exp(x) * (SELU_ALPHA * SELU_SCALE));
}
INLINE vf b_sigmoid_in(vf g, vf x, float alpha) {
    (void)alpha;
    vf s = v_sigmoid(x);
    return g * s * (1.0f - s);
}
INLINE vf b_tanh_in(vf g, vf x, float alpha) {
    (void)alpha;
    vf t = v_tanh(x);
    return g * (1.0f - t * t);
}
/* From the output: softplus′(x) = σ(x) = 1 − e^(−y). */
INLINE vf b_softplus_out(vf g, vf y, float alpha) { (void)alpha; return g * -v_expm1(-y); }
INLINE vf b_softplus_in(vf g, vf x, float alpha) { (void)alpha; return g * v_sigmoid(x); }
/* Φ(x) + x·φ(x). */
INLINE vf b_gelu_in(vf g, vf x, float alpha) {
    (void)alpha;
    vf cdf = 0.5f * (1.0f + v_erf(x * INV_SQRT2));
    vf pdf = v_exp(x * x * -0.5f) * INV_SQRT2PI;
    return g * (cdf + x * pdf);
}
INLINE vf b_swish_in(vf g, vf x, float alpha) {
    (void)alpha;
    vf s = v_sigmoid(x);
    return g * (s + x * s * (1.0f - s));
}
INLINE vf f_multiply(vf a, vf b, float alpha) { (void)alpha; return a * b; }

static void copy_if_needed(const float *src, float *dst, long count) {
    if (src != dst) memmove(dst, src, (size_t)count * sizeof(float));
}

/* y = f(z) elementwise (every kind but softmax); y may be z. */
static void activation_rows(nnc_activation act, const float *z, float *y, long count) {
    float alpha = act.alpha;
    switch (act.kind) {
    case NNC_ACT_SIGMOID: MAP1(f_sigmoid, z, y, count, alpha); break;
    case NNC_ACT_TANH: MAP1(f_tanh, z, y, count, alpha); break;
    case NNC_ACT_RELU: MAP1(f_relu, z, y, count, alpha); break;
    case NNC_ACT_LEAKY_RELU: MAP1(f_leaky, z, y, count, alpha); break;
    case NNC_ACT_ELU: MAP1(f_elu, z, y, count, alpha); break;
    case NNC_ACT_SELU: MAP1(f_selu, z, y, count, alpha); break;
    case NNC_ACT_SOFTPLUS: MAP1(f_softplus, z, y, count, alpha); break;
    case NNC_ACT_GELU: MAP1(f_gelu, z, y, count, alpha); break;
    case NNC_ACT_SWISH: MAP1(f_swish, z, y, count, alpha); break;
    default: copy_if_needed(z, y, count); break;
    }
}

/* dZ = dY ⊙ f′ elementwise (every kind but softmax). A derivative the source
   cannot give (gelu and swish from the output) leaves dZ as dY. */
static void derivative_rows(nnc_activation act, int source, const float *dY, const float *v, float *dZ,
                            long count) {
    float alpha = act.alpha;
    if (source == NNC_FROM_IDENTITY) {
        copy_if_needed(dY, dZ, count);
    } else if (source == NNC_FROM_OUTPUT) {
        switch (act.kind) {
        case NNC_ACT_SIGMOID: MAP2(b_sigmoid_out, dY, v, dZ, count, alpha); break;
        case NNC_ACT_TANH: MAP2(b_tanh_out, dY, v, dZ, count, alpha); break;
        case NNC_ACT_RELU: MAP2(b_relu, dY, v, dZ, count, alpha); break;
        case NNC_ACT_LEAKY_RELU: MAP2(b_leaky, dY, v, dZ, count, alpha); break;
        case NNC_ACT_ELU: MAP2(b_elu_out, dY, v, dZ, count, alpha); break;
        case NNC_ACT_SELU: MAP2(b_selu_out, dY, v, dZ, count, alpha); break;
        case NNC_ACT_SOFTPLUS: MAP2(b_softplus_out, dY, v, dZ, count, alpha); break;
        default: copy_if_needed(dY, dZ, count); break;
        }
    } else {
        switch (act.kind) {
        case NNC_ACT_SIGMOID: MAP2(b_sigmoid_in, dY, v, dZ, count, alpha); break;
        case NNC_ACT_TANH: MAP2(b_tanh_in, dY, v, dZ, count, alpha); break;
        case NNC_ACT_RELU: MAP2(b_relu, dY, v, dZ, count, alpha); break;
        case NNC_ACT_LEAKY_RELU: MAP2(b_leaky, dY, v, dZ, count, alpha); break;
        case NNC_ACT_ELU: MAP2(b_elu_in, dY, v, dZ, count, alpha); break;
        case NNC_ACT_SELU: MAP2(b_selu_in, dY, v, dZ, count, alpha); break;
        case NNC_ACT_SOFTPLUS: MAP2(b_softplus_in, dY, v, dZ, count, alpha); break;
        case NNC_ACT_GELU: MAP2(b_gelu_in, dY, v, dZ, count, alpha); break;
        case NNC_ACT_SWISH: MAP2(b_swish_in, dY, v, dZ, count, alpha); break;
        default: copy_if_needed(dY, dZ, count); break;
        }
    }
}

/* Softmax over the features of each sample (each column of [features][batch]),
   LANES samples a pass; the column maximum is subtracted before exp. */
static void softmax_forward(const float *z, float *y, long features, long batch) {
    for (long b = 0; b < batch; b += LANES) {
        long n = lmin(LANES, batch - b);
        vf top = vsplat(-__builtin_inff());
        for (long f = 0; f < features; f++) {
            vf v = n == LANES ? vload(z + f * batch + b) : vload_n(z + f * batch + b, n, 0.0f);
            top = vmax(top, v);
        }
        vf sum = vsplat(0.0f);
        for (long f = 0; f < features; f++) {
            vf v = n == LANES ? vload(z + f * batch + b) : vload_n(z + f * batch + b, n, 0.0f);
            vf e = v_exp(v - top);
            if (n == LANES) vstore(y + f * batch + b, e); else vstore_n(y + f * batch + b, e, n);
            sum += e;
        }
        vf inverse = 1.0f / sum;
        for (long f = 0; f < features; f++) {
            float *p = y + f * batch + b;
            if (n == LANES) vstore(p, vload(p) * inverse); else vstore_n(p, vload_n(p, n, 0.0f) * inverse, n);
        }
    }
}

/* dZ_f = y_f·(dY_f − Σ_k dY_k·y_k) per sample. */
static void softmax_backward(const float *dY, const float *y, float *dZ, long features, long batch) {
    for (long b = 0; b < batch; b += LANES) {
        long n = lmin(LANES, batch - b);
        vf dot = vsplat(0.0f);
        for (long f = 0; f < features; f++) {
            long o = f * batch + b;
            dot += vload_n(dY + o, n, 0.0f) * vload_n(y + o, n, 0.0f);
        }
        for (long f = 0; f < features; f++) {
            long o = f * batch + b;
            vf g = vload_n(y + o, n, 0.0f) * (vload_n(dY + o, n, 0.0f) - dot);
            if (n == LANES) vstore(dZ + o, g); else vstore_n(dZ + o, g, n);
        }
    }
}

static void activation_forward(nnc_activation act, const float *z, float *y, int64_t features, int64_t batch) {
    if (act.kind == NNC_ACT_SOFTMAX) {
        softmax_forward(z, y, features, batch);
    } else {
        activation_rows(act, z, y, features * batch);
    }
}

static void activation_backward(nnc_activation act, int32_t source, const float *dY, const float *saved,
                                float *dZ, int64_t features, int64_t batch) {
    if (act.kind == NNC_ACT_SOFTMAX) {
        if (source == NNC_FROM_OUTPUT) {
            softmax_backward(dY, saved, dZ, features, batch);
        } else {
            copy_if_needed(dY, dZ, features * batch);
        }
    } else {
        derivative_rows(act, source, dY, saved, dZ, features * batch);
    }
}

/* out = a ⊙ b. */
static void multiply(const float *a, const float *b, float *out, int64_t count) {
    MAP2(f_multiply, a, b, out, count, 0.0f);
}

INLINE vf f_add_scaled(vf x, vf y, float scale) { return vfma(x, vsplat(scale), y); }

/* y += scale·x. */
static void add_scaled(const float *x, float scale, float *y, int64_t count) {
    MAP2(f_add_scaled, x, y, y, count, scale);
}

static void math(int32_t fn, const float *x, float *y, int64_t count) {
#define F_EXP(v, a) v_exp(v)
#define F_EXPM1(v, a) v_expm1(v)
#define F_LOG(v, a) v_log(v)
#define F_TANH(v, a) v_tanh(v)
#define F_SIGMOID(v, a) v_sigmoid(v)
#define F_ERF(v, a) v_erf(v)
    switch (fn) {
    case NNC_FN_EXP: MAP1(F_EXP, x, y, count, 0); break;
    case NNC_FN_EXPM1: MAP1(F_EXPM1, x, y, count, 0); break;
    case NNC_FN_LOG: MAP1(F_LOG, x, y, count, 0); break;
    case NNC_FN_TANH: MAP1(F_TANH, x, y, count, 0); break;
    case NNC_FN_SIGMOID: MAP1(F_SIGMOID, x, y, count, 0); break;
    case NNC_FN_ERF: MAP1(F_ERF, x, y, count, 0); break;
    default: break;
    }
}
