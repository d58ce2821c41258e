/*
 * The kernels of the physics costs: the fixed linear maps of the network's
 * outputs on a grid (FK tables, sum rules' quadrature weights, positivity
 * weights), the preprocessing y = x^a (1 − x)^b · NN, and positivity's hinge.
 * The runtime's LinearMap, Preprocess and Loss.positivity document them.
 */

/* Rows r ..< r + R of the forward map, sharing each load of f: every row's
   sum runs in the order of the one-row loop (one accumulator, its chunks of
   the grid in order, then the tail), so the result does not depend on R. */
INLINE void linear_map_rows(const int R, float *y, const float *matrix, const float *input, long r, long width,
                            long outputs, long grid, long column, long stride) {
    vf acc[4];
    UNROLL for (int q = 0; q < R; q++) acc[q] = vsplat(0.0f);
    for (long o = 0; o < outputs; o++) {
        const float *m = matrix + r * width + o * grid;
        const float *f = input + o * stride + column;
        long j = 0;
        for (; j + LANES <= grid; j += LANES) {
            vf fv = vload(f + j);
            UNROLL for (int q = 0; q < R; q++) acc[q] = vfma(vload(m + q * width + j), fv, acc[q]);
        }
        if (j < grid) {
            vf fv = vload_n(f + j, grid - j, 0.0f);
            UNROLL for (int q = 0; q < R; q++) acc[q] = vfma(vload_n(m + q * width + j, grid - j, 0.0f), fv, acc[q]);
        }
    }
    UNROLL for (int q = 0; q < R; q++) y[r + q] = vhsum(acc[q]);
}

/* y[r] = Σ_o Σ_j M[rowOffset + r][o·grid + j] · f[o·stride + column + j], r < rows:
   four rows at a time. */
static void linear_map_forward(float *y, const float *matrix, const float *input, int64_t rows, int64_t rowOffset,
                               int64_t outputs, int64_t grid, int64_t column, int64_t stride) {
    long width = outputs * grid;
    const float *m = matrix + rowOffset * width;
    long r = 0;
    for (; r + 4 <= rows; r += 4) linear_map_rows(4, y, m, input, r, width, outputs, grid, column, stride);
    for (; r < rows; r++) linear_map_rows(1, y, m, input, r, width, outputs, grid, column, stride);
}

/* Columns j0 ..< j0 + NV·LANES of output o's gradient (TAIL: the last vector
   holds `last` columns), held in registers over every row of the map: each
   element gets g_f + M[r][j]·g_y[r] added row by row, in the order of the
   plain axpy loop. */
INLINE void linear_map_columns(const int NV, const int TAIL, float *d, const float *m, const float *gy, long rows,
                               long width, long last) {
    vf acc[8];
    UNROLL for (int v = 0; v < NV; v++) acc[v] = TAIL && v == NV - 1 ? vload_n(d + v * LANES, last, 0.0f) : vload(d + v * LANES);
    for (long r = 0; r < rows; r++) {
        float g = gy[r];
        if (g == 0) continue;
        vf gv = vsplat(g);
        const float *row = m + r * width;
        UNROLL for (int v = 0; v < NV; v++) {
            vf c = TAIL && v == NV - 1 ? vload_n(row + v * LANES, last, 0.0f) : vload(row + v * LANES);
            acc[v] = vfma(gv, c, acc[v]);
        }
    }
    UNROLL for (int v = 0; v < NV; v++) {
        if (TAIL && v == NV - 1) vstore_n(d + v * LANES, acc[v], last); else vstore(d + v * LANES, acc[v]);
    }
}

/* g_f[o·stride + column + j] += Σ_r M[rowOffset + r][o·grid + j] · g_y[r]: the
   grid in blocks of at most 8 vectors, each accumulated in registers over the
   rows (rows with g_y = 0, the validation rows, are skipped). */
static void linear_map_backward(float *gf, const float *matrix, const float *gy, int64_t rows, int64_t rowOffset,
                                int64_t outputs, int64_t grid, int64_t column, int64_t stride) {
    long width = outputs * grid;
    long vectors = (grid + LANES - 1) / LANES;
    long blocks = (vectors + 7) / 8;
    for (long o = 0; o < outputs; o++) {
        const float *m = matrix + rowOffset * width + o * grid;
        float *d = gf + o * stride + column;
        long done = 0;
        for (long block = 0; block < blocks; block++) {
            long nv = vectors * (block + 1) / blocks - vectors * block / blocks;
            long j0 = done * LANES;
            long last = grid - j0 - (nv - 1) * LANES;
            int tail = last < LANES;
            switch (nv * 2 + tail) {
#define MAP_COLUMNS(NV)                                                                          \
    case NV * 2: linear_map_columns(NV, 0, d + j0, m + j0, gy, rows, width, LANES); break;       \
    case NV * 2 + 1: linear_map_columns(NV, 1, d + j0, m + j0, gy, rows, width, last); break;
                MAP_COLUMNS(1) MAP_COLUMNS(2) MAP_COLUMNS(3) MAP_COLUMNS(4)
                MAP_COLUMNS(5) MAP_COLUMNS(6) MAP_COLUMNS(7) MAP_COLUMNS(8)
#undef MAP_COLUMNS
            default: __builtin_unreachable();
            }
            done += nv;
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
