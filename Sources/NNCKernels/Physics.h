/*
 * The kernels of the physics costs: the fixed linear maps of the network's
 * outputs on a grid (FK tables, sum rules' quadrature weights, positivity
 * weights), the preprocessing y = x^a (1 − x)^b · NN, and positivity's hinge.
 * The runtime's LinearMap, Preprocess and Loss.positivity document them.
 */

/* y[r] = Σ_o Σ_j M[rowOffset + r][o·grid + j] · f[o·stride + column + j], r < rows. */
static void linear_map_forward(float *y, const float *matrix, const float *input, int64_t rows, int64_t rowOffset,
                               int64_t outputs, int64_t grid, int64_t column, int64_t stride) {
    long width = outputs * grid;
    for (long r = 0; r < rows; r++) {
        const float *row = matrix + (rowOffset + r) * width;
        vf acc = vsplat(0.0f);
        for (long o = 0; o < outputs; o++) {
            const float *m = row + o * grid;
            const float *f = input + o * stride + column;
            long j = 0;
            for (; j + LANES <= grid; j += LANES) acc = vfma(vload(m + j), vload(f + j), acc);
            if (j < grid) acc = vfma(vload_n(m + j, grid - j, 0.0f), vload_n(f + j, grid - j, 0.0f), acc);
        }
        y[r] = vhsum(acc);
    }
}

/* g_f[o·stride + column + j] += Σ_r M[rowOffset + r][o·grid + j] · g_y[r]: an axpy a row. */
static void linear_map_backward(float *gf, const float *matrix, const float *gy, int64_t rows, int64_t rowOffset,
                                int64_t outputs, int64_t grid, int64_t column, int64_t stride) {
    long width = outputs * grid;
    for (long r = 0; r < rows; r++) {
        float g = gy[r];
        if (g == 0) continue;
        vf gv = vsplat(g);
        const float *row = matrix + (rowOffset + r) * width;
        for (long o = 0; o < outputs; o++) {
            const float *m = row + o * grid;
            float *d = gf + o * stride + column;
            long j = 0;
            for (; j + LANES <= grid; j += LANES) vstore(d + j, vfma(gv, vload(m + j), vload(d + j)));
            if (j < grid) {
                long n = grid - j;
                vstore_n(d + j, vfma(gv, vload_n(m + j, n, 0.0f), vload_n(d + j, n, 0.0f)), n);
            }
        }
    }
}

INLINE vf f_log(vf x, float unused) { (void)unused; return v_log(x); }
INLINE vf f_log_complement(vf x, float unused) { (void)unused; return v_log(1.0f - x); }
INLINE vf f_exp_scaled(vf x, float s) { return v_exp(x * s); }

/* logs[0][c] = ln x_c, logs[1][c] = ln(1 − x_c); factor[o][c] = exp(a_o·ln x_c +
   b_o·ln(1 − x_c)) (an exponent of 0 is a factor of 1, even where its
   logarithm is −∞); y[o][c] = factor[o][c]·input[o][c]. */
static void preprocess_forward(const float *x, const float *a, const float *b, const float *input, float *factor,
                               float *logs, float *y, int64_t outputs, int64_t columns) {
    float *lx = logs, *l1 = logs + columns;
    MAP1(f_log, x, lx, columns, 0.0f);
    MAP1(f_log_complement, x, l1, columns, 0.0f);
    for (long o = 0; o < outputs; o++) {
        float ao = a[o], bo = b[o];
        float *f = factor + o * columns;
        if (ao == 0 && bo == 0) {
            for (long c = 0; c < columns; c++) f[c] = 1;
        } else if (ao == 0) {
            MAP1(f_exp_scaled, l1, f, columns, bo);
        } else if (bo == 0) {
            MAP1(f_exp_scaled, lx, f, columns, ao);
        } else {
            for (long c = 0; c < columns; c += LANES) {
                long n = lmin(LANES, columns - c);
                vf e = v_exp(vfma(ld(lx + c, n, 0), vsplat(ao), ld(l1 + c, n, 0) * bo));
                st(f + c, e, n);
            }
        }
        multiply(f, input + o * columns, y + o * columns, columns);
    }
}

/* With g = ∂L/∂y: ∂L/∂a_o = Σ_c g·y·ln x, ∂L/∂b_o = Σ_c g·y·ln(1 − x) (when
   asked for; where y is 0 its logarithm's −∞ adds nothing: the limit of
   y·ln(1 − x) at x = 1), then g ⊙= factor in place: ∂L/∂input. */
static void preprocess_backward(float *g, const float *y, const float *factor, const float *logs, float *aGradient,
                                float *bGradient, int64_t outputs, int64_t columns) {
    const float *lx = logs, *l1 = logs + columns;
    for (long o = 0; o < outputs; o++) {
        float *go = g + o * columns;
        const float *yo = y + o * columns;
        if (aGradient || bGradient) {
            vf sa = vsplat(0.0f), sb = vsplat(0.0f);
            for (long c = 0; c < columns; c += LANES) {
                long n = lmin(LANES, columns - c);
                vf gy = ld(go + c, n, 0) * ld(yo + c, n, 0);
                vi zero = gy == 0.0f;
                sa = vfma(gy, vselect(zero, vsplat(0.0f), ld(lx + c, n, 0)), sa);
                sb = vfma(gy, vselect(zero, vsplat(0.0f), ld(l1 + c, n, 0)), sb);
            }
            if (aGradient) aGradient[o] = vhsum(sa);
            if (bGradient) bGradient[o] = vhsum(sb);
        }
        multiply(go, factor + o * columns, go, columns);
    }
}

INLINE vf positivity_body(const float *v, float *g, long i, long n) {
    vf x = ld(v + i, n, 0);
    vi negative = x < 0.0f;
    if (g) st(g + i, vselect(negative, vsplat(-1.0f), vsplat(0.0f)), n);
    return vselect(negative, -x, vsplat(0.0f));
}

/* Σ max(0, −v) (a sum, in double); gradient −1 where v < 0, else 0. */
static double positivity(const float *v, float *g, int64_t count) {
    double total = 0;
    ACCUMULATE(total, count, positivity_body(v, g, i_, n_));
    return total;
}
