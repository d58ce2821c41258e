/*
 * Register-blocked single-precision products, sized per variant.
 *
 * One tile computes C[0..<H][0..<NV·LANES] = bias ⊕ Σ_p A[i][p]·B[p][…]: H
 * elements of A broadcast, NV vectors of a row of B, H·NV accumulators held in
 * registers for the whole inner loop. The variant file chooses the shapes
 * (NNC_TILE_ROWS, nv_for_height, NNC_TILES): AVX-512's 32 registers hold 14×2
 * tiles of 16 lanes (28 accumulators; the broadcast is a memory operand),
 * AVX2's 16 hold 6×2 tiles of 8 lanes (12 accumulators + 2 B + 1 broadcast).
 * Blocks shorter than the tallest tile use more vectors across, so that every
 * tile keeps enough independent FMA chains to hide their latency.
 *
 * Every element of C is bias (or its earlier value) plus its products added in
 * order of p, each with the same instruction: the result does not depend on the
 * tile shapes, the row blocks or how a thread team splits the rows.
 */

#define MAX_NV NNC_MAX_NV
#define MAX_H NNC_TILE_ROWS

/* The lanes of vector j that hold one of the first `count` columns (all of
   them when the tile is not masked). */
#if NNC_MASKS
typedef __mmask16 column_mask;
INLINE column_mask mask_of(long count, int j) {
    long n = count - (long)j * LANES;
    return n >= LANES ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0 : (__mmask16)((1u << n) - 1);
}
#else
typedef int column_mask;
INLINE column_mask mask_of(long count, int j) { (void)count; (void)j; return 0; }
#endif

/* Loads and stores a tile's vector, through a mask when the tile is MASKED
   (AVX-512 only: masked-off lanes are neither read nor written, nor fault). */
INLINE vf tile_load(const int MASKED, column_mask m, const float *p) {
#if NNC_MASKS
    if (MASKED) return (vf)_mm512_maskz_loadu_ps(m, p);
#endif
    (void)MASKED; (void)m;
    return vload(p);
}

INLINE void tile_store(const int MASKED, column_mask m, float *p, vf v) {
#if NNC_MASKS
    if (MASKED) {
        _mm512_mask_storeu_ps(p, m, (__m512)v);
        return;
    }
#endif
    (void)MASKED; (void)m;
    vstore(p, v);
}

/* One tile. MASKED tiles cover only the first `count` (< NV·LANES) columns,
   through masked loads and stores: no packing and no tile buffer for the
   column tail. */
INLINE void tile(const int H, const int NV, const int MASKED, long k, const float *a, long ars, long aks,
                 const float *b, long ldb, float *c, long ldc, const float *bias, int accumulate, long count) {
    column_mask m[MAX_NV];
    UNROLL for (int j = 0; j < NV; j++) m[j] = mask_of(count, j);
    vf acc[MAX_H][MAX_NV];
    if (accumulate) {
        UNROLL for (int i = 0; i < H; i++) {
            UNROLL for (int j = 0; j < NV; j++) acc[i][j] = tile_load(MASKED, m[j], c + i * ldc + j * LANES);
        }
    } else {
        UNROLL for (int i = 0; i < H; i++) {
            vf init = bias ? vsplat(bias[i]) : vsplat(0.0f);
            UNROLL for (int j = 0; j < NV; j++) acc[i][j] = init;
        }
    }
    for (long p = 0; p < k; p++) {
        const float *bp = b + p * ldb;
        const float *ap = a + p * aks;
        vf bv[MAX_NV];
        UNROLL for (int j = 0; j < NV; j++) bv[j] = tile_load(MASKED, m[j], bp + j * LANES);
        UNROLL for (int i = 0; i < H; i++) {
            vf w = vsplat(ap[i * ars]);
            UNROLL for (int j = 0; j < NV; j++) acc[i][j] = vfma(w, bv[j], acc[i][j]);
        }
    }
    UNROLL for (int i = 0; i < H; i++) {
        UNROLL for (int j = 0; j < NV; j++) tile_store(MASKED, m[j], c + i * ldc + j * LANES, acc[i][j]);
    }
}

#define TILE_ARGS long k, const float *a, long ars, long aks, const float *b, long ldb, float *c, long ldc, \
                  const float *bias, int accumulate
#define DEFINE_TILE(H, NV) \
    NOINLINE void tile_##H##x##NV(TILE_ARGS) { tile(H, NV, 0, k, a, ars, aks, b, ldb, c, ldc, bias, accumulate, 0); }
NNC_TILES(DEFINE_TILE)

INLINE void run_tile(long h, int nv, TILE_ARGS) {
    switch (nv * 100 + (int)h) {
#define CASE_TILE(H, NV) \
    case NV * 100 + H: tile_##H##x##NV(k, a, ars, aks, b, ldb, c, ldc, bias, accumulate); return;
        NNC_TILES(CASE_TILE)
#undef CASE_TILE
    default: __builtin_unreachable();
    }
}

#if NNC_MASKS
#define DEFINE_MASKED_TILE(H, NV)                                                      \
    NOINLINE void masked_##H##x##NV(TILE_ARGS, long count) {                           \
        tile(H, NV, 1, k, a, ars, aks, b, ldb, c, ldc, bias, accumulate, count);       \
    }
NNC_TILES(DEFINE_MASKED_TILE)

INLINE void run_masked_tile(long h, int nv, TILE_ARGS, long count) {
    switch (nv * 100 + (int)h) {
#define CASE_MASKED_TILE(H, NV) \
    case NV * 100 + H: masked_##H##x##NV(k, a, ars, aks, b, ldb, c, ldc, bias, accumulate, count); return;
        NNC_TILES(CASE_MASKED_TILE)
#undef CASE_MASKED_TILE
    default: __builtin_unreachable();
    }
}
#endif

/* What runs on each finished block of rows of C while it is still in L1. */
enum { EPI_NONE, EPI_ACTIVATION, EPI_GRADIENT, EPI_L2 };

typedef struct epilogue {
    int kind;
    /* Floats per row of C. */
    long ld;
    nnc_activation act;
    /* EPI_ACTIVATION: y = f(C). */
    float *y;
    /* EPI_GRADIENT: C ⊙= mask, then C = C ⊙ f′(saved) when has_act. */
    const float *mask;
    int has_act;
    int source;
    const float *saved;
    /* EPI_L2: C += scale·w. */
    const float *w;
    float scale;
} epilogue;

static void activation_rows(nnc_activation act, const float *z, float *y, long count);
static void derivative_rows(nnc_activation act, int source, const float *dY, const float *saved, float *dZ,
                            long count);
static void multiply(const float *a, const float *b, float *out, int64_t count);
static void add_scaled(const float *x, float scale, float *y, int64_t count);

static void run_epilogue(const epilogue *e, float *c, long lo, long hi) {
    long offset = lo * e->ld, count = (hi - lo) * e->ld;
    switch (e->kind) {
    case EPI_ACTIVATION:
        activation_rows(e->act, c + offset, e->y + offset, count);
        break;
    case EPI_GRADIENT:
        if (e->mask) multiply(c + offset, e->mask + offset, c + offset, count);
        if (e->has_act) derivative_rows(e->act, e->source, c + offset, e->saved + offset, c + offset, count);
        break;
    case EPI_L2:
        add_scaled(e->w + offset, e->scale, c + offset, count);
        break;
    default:
        break;
    }
}

#if !NNC_MASKS
/* Copies columns [from, from + count) of B into a zero-padded k × width panel. */
static void pack_tail(const float *b, long ldb, long k, long from, long count, long width, float *panel) {
    for (long p = 0; p < k; p++) {
        float *dst = panel + p * width;
        const float *src = b + p * ldb + from;
        for (long j = 0; j < count; j++) dst[j] = src[j];
        for (long j = count; j < width; j++) dst[j] = 0;
    }
}
#endif

/* Scratch a thread needs for inner dimension k: the packed tail panel (k ×
   the widest tile, k at most one chunk deep) and a tile buffer; none with
   masks. Within the plan's reservation (KernelWorkspace: 64·k + 256 floats). */
static int64_t scratch_floats(int64_t k) {
#if NNC_MASKS
    (void)k;
    return 16;
#else
    long depth = lmin(lmax(k, 1), NNC_DEPTH_BLOCK + NNC_DEPTH_BLOCK / 2);
    return depth * MAX_NV * LANES + MAX_H * MAX_NV * LANES + 16;
#endif
}

/* One pass over the rows [r0, r1) of C with the whole k given. */
static void sweep(long r0, long r1, long n, long k, const float *a, long ars, long aks, const float *b, long ldb,
                  float *c, long ldc, const float *bias, int accumulate, float *scratch, const epilogue *epi) {
    long total = r1 - r0;
    if (total <= 0) return;
    /* The fewest blocks of at most NNC_TILE_ROWS rows, of balanced heights (25
       rows run as 13 + 12, not 14 + 11), all sharing one tile width. */
    long blocks = (total + NNC_TILE_ROWS - 1) / NNC_TILE_ROWS;
    long tallest = (total + blocks - 1) / blocks;
    int nv = nv_for_height(tallest);
    long width = nv * LANES;
    long full = n - n % width;
#if NNC_MASKS
    (void)scratch;
#else
    float *panel = scratch;
    float *tilebuf = scratch + lmax(k, 1) * width;
    if (full < n) pack_tail(b, ldb, k, full, n - full, width, panel);
#endif
    long row = r0;
    for (long block = 0; block < blocks; block++) {
        long h = total * (block + 1) / blocks - total * block / blocks;
        const float *arow = a + row * ars;
        float *crow = c + row * ldc;
        const float *brow = bias ? bias + row : 0;
        for (long j = 0; j < full; j += width) {
            run_tile(h, nv, k, arow, ars, aks, b + j, ldb, crow + j, ldc, brow, accumulate);
        }
        if (full < n) {
#if NNC_MASKS
            run_masked_tile(h, nv, k, arow, ars, aks, b + full, ldb, crow + full, ldc, brow, accumulate, n - full);
#else
            /* The last columns through the packed panel and a tile buffer. */
            long count = n - full;
            if (accumulate) {
                for (long i = 0; i < h; i++) {
                    for (long q = 0; q < count; q++) tilebuf[i * width + q] = crow[i * ldc + full + q];
                    for (long q = count; q < width; q++) tilebuf[i * width + q] = 0;
                }
            }
            run_tile(h, nv, k, arow, ars, aks, panel, width, tilebuf, width, brow, accumulate);
            for (long i = 0; i < h; i++) {
                for (long q = 0; q < count; q++) crow[i * ldc + full + q] = tilebuf[i * width + q];
            }
#endif
        }
        if (epi) run_epilogue(epi, c, row, row + h);
        row += h;
    }
}

/* C = bias ⊕ A·B over rows [r0, r1). Long inner dimensions run in chunks of
   NNC_DEPTH_BLOCK, so B's rows of a chunk stay in L2 while all of A's rows
   stream past; later chunks add to C, and the epilogue runs once C is complete. */
static void gemm_epilogue(long r0, long r1, long n, long k, const float *a, long ars, long aks, const float *b,
                          long ldb, float *c, long ldc, const float *bias, int accumulate, float *scratch,
                          const epilogue *epi) {
    if (k > NNC_DEPTH_BLOCK + NNC_DEPTH_BLOCK / 2) {
        /* Chunks of balanced depth (784 as 4 × 196, not 3 × 256 + 16: a
           16-deep pass would load and store C for few FMAs). */
        long chunks = (k + NNC_DEPTH_BLOCK - 1) / NNC_DEPTH_BLOCK;
        for (long chunk = 0; chunk < chunks; chunk++) {
            long k0 = k * chunk / chunks, kc = k * (chunk + 1) / chunks - k0;
            sweep(r0, r1, n, kc, a + k0 * aks, ars, aks, b + k0 * ldb, ldb, c, ldc, k0 == 0 ? bias : 0,
                  accumulate || k0 > 0, scratch, 0);
        }
        if (epi) run_epilogue(epi, c, r0, r1);
        return;
    }
    sweep(r0, r1, n, k, a, ars, aks, b, ldb, c, ldc, bias, accumulate, scratch, epi);
}

static void gemm(int64_t r0, int64_t r1, int64_t n, int64_t k, const float *a, int64_t ars, int64_t aks,
                 const float *b, int64_t ldb, float *c, int64_t ldc, const float *bias, int32_t accumulate,
                 float *scratch) {
    gemm_epilogue(r0, r1, n, k, a, ars, aks, b, ldb, c, ldc, bias, accumulate, scratch, 0);
}

/* ---- Dense layers ---- */

static void dense_forward(int64_t r0, int64_t r1, float *y, float *z, const float *x, const float *w,
                          const float *b, int64_t inputs, int64_t batch, nnc_activation act, float *scratch) {
    float *out = z ? z : y;
    epilogue e = {0};
    e.kind = act.kind == NNC_ACT_SOFTMAX || (act.kind == NNC_ACT_LINEAR && out == y) ? EPI_NONE : EPI_ACTIVATION;
    e.ld = batch;
    e.act = act;
    e.y = y;
    gemm_epilogue(r0, r1, batch, inputs, w, inputs, 1, x, batch, out, batch, b, 0, scratch,
                  e.kind == EPI_NONE ? 0 : &e);
}

static void dense_input_gradient(int64_t r0, int64_t r1, float *dX, const float *dZ, const float *w,
                                 int64_t inputs, int64_t outputs, int64_t batch, const float *mask,
                                 int32_t has_act, nnc_activation act, int32_t source, const float *saved,
                                 float *scratch) {
    epilogue e = {0};
    e.kind = EPI_GRADIENT;
    e.ld = batch;
    e.act = act;
    e.mask = mask;
    /* Softmax's derivative spans a column: the caller applies it to the whole buffer. */
    e.has_act = has_act && act.kind != NNC_ACT_SOFTMAX && act.kind != NNC_ACT_LINEAR && source != NNC_FROM_IDENTITY;
    e.source = source;
    e.saved = saved ? saved : dX;
    int any = mask || e.has_act;
    gemm_epilogue(r0, r1, batch, outputs, w, 1, inputs, dZ, batch, dX, batch, 0, 0, scratch, any ? &e : 0);
}

static void dense_weight_gradient(int64_t r0, int64_t r1, float *dW, const float *dZ, const float *xt,
                                  const float *w, float l2, int64_t inputs, int64_t batch, float *scratch) {
    epilogue e = {0};
    e.kind = EPI_L2;
    e.ld = inputs;
    e.w = w;
    e.scale = 2 * l2;
    gemm_epilogue(r0, r1, inputs, batch, dZ, batch, 1, xt, inputs, dW, inputs, 0, 0, scratch,
                  l2 != 0 ? &e : 0);
}

#if NNC_LANES >= 8
/* One 8 × 8 block: dst[j][i] = src[i][j], through eight ymm registers
   (unpack pairs, then quadruples, then swap the 128-bit halves). */
INLINE void transpose8x8(const float *src, long lds, float *dst, long ldd) {
    __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + lds), r2 = _mm256_loadu_ps(src + 2 * lds),
           r3 = _mm256_loadu_ps(src + 3 * lds), r4 = _mm256_loadu_ps(src + 4 * lds), r5 = _mm256_loadu_ps(src + 5 * lds),
           r6 = _mm256_loadu_ps(src + 6 * lds), r7 = _mm256_loadu_ps(src + 7 * lds);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
           t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
           t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE),
           u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE),
           u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
           u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(dst + ldd, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(dst + 2 * ldd, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(dst + 3 * ldd, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(dst + 4 * ldd, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(dst + 5 * ldd, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(dst + 6 * ldd, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(dst + 7 * ldd, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#endif

/* dst (cols × rows) = srcᵀ for the rows [r0, r1) of src, in 8 × 8 blocks:
   register transposes where the variant has 256-bit vectors, run along each
   band of 8 rows of dst so its rows are written left to right (8 × 8 blocks
   down a column of dst, stride `rows` — a power of two for 512 features —
   kept evicting each other's lines); the edges, and the baseline, element by
   element, band by band of src. */
static void transpose(const float *src, int64_t rows, int64_t cols, float *dst, int64_t r0, int64_t r1) {
#if NNC_LANES >= 8
    for (long j0 = 0; j0 + 8 <= cols; j0 += 8) {
        long i0 = r0;
        for (; i0 + 8 <= r1; i0 += 8) transpose8x8(src + i0 * cols + j0, cols, dst + j0 * rows + i0, rows);
        for (long i = i0; i < r1; i++) {
            for (long j = j0; j < j0 + 8; j++) dst[j * rows + i] = src[i * cols + j];
        }
    }
    long done = cols - cols % 8;
#else
    long done = 0;
#endif
    for (long i0 = r0; i0 < r1; i0 += 8) {
        long i1 = lmin(i0 + 8, r1);
        for (long j0 = done; j0 < cols; j0 += 8) {
            long j1 = lmin(j0 + 8, cols);
            for (long i = i0; i < i1; i++) {
                for (long j = j0; j < j1; j++) dst[j * rows + i] = src[i * cols + j];
            }
        }
    }
}

/* ---- Dot products: the weight gradient of skinny shapes ---- */

/* Rows i..<i+R of a against rows j..<j+C of b, vectorised along k; the last
   k % LANES products through a partial load. */
INLINE void dot_tile(const int R, const int C, long i, long j, long ldc, long k, const float *a, const float *b,
                     float *c) {
    vf s[4][NNC_DOT_COLS];
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int q = 0; q < C; q++) s[r][q] = vsplat(0.0f);
    }
    const float *ar = a + i * k;
    const float *bc = b + j * k;
    long p = 0;
    for (; p + LANES <= k; p += LANES) {
        vf y[NNC_DOT_COLS];
        UNROLL for (int q = 0; q < C; q++) y[q] = vload(bc + q * k + p);
        UNROLL for (int r = 0; r < R; r++) {
            vf x = vload(ar + r * k + p);
            UNROLL for (int q = 0; q < C; q++) s[r][q] = vfma(x, y[q], s[r][q]);
        }
    }
    if (p < k) {
        long n = k - p;
        vf y[NNC_DOT_COLS];
        UNROLL for (int q = 0; q < C; q++) y[q] = vload_n(bc + q * k + p, n, 0.0f);
        UNROLL for (int r = 0; r < R; r++) {
            vf x = vload_n(ar + r * k + p, n, 0.0f);
            UNROLL for (int q = 0; q < C; q++) s[r][q] = vfma(x, y[q], s[r][q]);
        }
    }
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int q = 0; q < C; q++) c[(i + r) * ldc + j + q] = vhsum(s[r][q]);
    }
}

#define DOT_ARGS long i, long j, long ldc, long k, const float *a, const float *b, float *c
#define DEFINE_DOT(R, C) NOINLINE void dot_##R##x##C(DOT_ARGS) { dot_tile(R, C, i, j, ldc, k, a, b, c); }
NNC_DOTS(DEFINE_DOT)

static void dot_products(int64_t r0, int64_t r1, int64_t cols, int64_t k, const float *a, const float *b,
                         float *c) {
    long i = r0;
    while (i < r1) {
        int four = r1 - i >= 4;
        for (long j = 0; j < cols;) {
            long n = lmin(cols - j, NNC_DOT_COLS);
            switch ((four ? 400 : 100) + (int)n) {
#define CASE_DOT(R, C) \
    case R * 100 + C: dot_##R##x##C(i, j, cols, k, a, b, c); break;
                NNC_DOTS(CASE_DOT)
#undef CASE_DOT
            default: __builtin_unreachable();
            }
            j += n;
        }
        i += four ? 4 : 1;
    }
}

/* out[r] = Σ_c m[r][c]. */
static void row_sums(const float *m, int64_t rows, int64_t cols, float *out) {
    for (long r = 0; r < rows; r++) {
        const float *row = m + r * cols;
        vf s0 = vsplat(0.0f), s1 = vsplat(0.0f);
        long c = 0;
        for (; c + 2 * LANES <= cols; c += 2 * LANES) {
            s0 += vload(row + c);
            s1 += vload(row + c + LANES);
        }
        float total = vhsum(s0 + s1);
        for (; c < cols; c++) total += row[c];
        out[r] = total;
    }
}
