/*
 * Vectorised elementary functions with stated error bounds (the maxima that
 * VectorMathTests measures against libm in double for every variant; "ulp"
 * relative to the exact result):
 *
 *   exp      relative 2e-7; 0 below −103.97, +inf above 88.72; denormal results
 *            within one denormal step
 *   expm1    relative 2e-7; −1 below −88
 *   log      relative 2.5e-7; 0 → −inf, x < 0 → NaN, denormal inputs handled
 *   tanh     relative and absolute 4e-7; rational 4/4 in x²; ±tanh(9) beyond ±9
 *   sigmoid  relative 2.5e-7, absolute 1.2e-7
 *   erf      absolute 4e-7, relative 2.5e-7 on |x| < 0.5
 *
 * Every function returns NaN for a NaN input. libm's scalar functions cost
 * several nanoseconds a value (DESIGN §6), more than a tiny training step can
 * afford.
 */

/* Cody–Waite split of ln 2: the high part has few bits, so n·LN2_HI is exact. */
#define LN2_HI 0.693145751953125f
#define LN2_LO 1.428606820309417232e-6f
#define LOG2E 1.4426950408889634f
/* 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
#define ROUNDING_MAGIC 12582912.0f

/* 2^n for integer n in [−126, 127], from the exponent bits. */
INLINE vf pow2i(vi n) { return (vf)((n + 127) << 23); }

/* Small integers (|n| < 2²²) to float through the rounding constant. */
INLINE vf small_int_to_float(vi n) {
    return (vf)(n + (vi)vsplat(ROUNDING_MAGIC)) - ROUNDING_MAGIC;
}

/* x = n·ln2 + r with |r| ≤ ln2/2; n as an integer. */
INLINE vf reduce_ln2(vf x, vi *n) {
    vf t = x * LOG2E + ROUNDING_MAGIC;
    vf nf = t - ROUNDING_MAGIC;
    *n = (vi)t - (vi)vsplat(ROUNDING_MAGIC);
    /* n·LN2_HI is exact (|n| ≤ 150 needs 8 bits, LN2_HI has 16), so is x − n·LN2_HI. */
    return (x - nf * LN2_HI) - nf * LN2_LO;
}

/* e^x. */
INLINE vf v_exp(vf x) {
    /* Beyond the clamp the result is 0 (below the smallest denormal) or +inf. */
    vf xc = vclamp(x, -104.0f, 89.0f);
    vi n;
    vf r = reduce_ln2(xc, &n);
    /* Taylor series of e^r to degree 7 (truncation r⁸/8! < 5.2e-9 for |r| ≤ ln2/2),
       by Estrin's scheme: a shorter dependency chain than Horner's. */
    vf r2 = r * r;
    vf p01 = r + 1.0f;
    vf p23 = vfmas(r, 1.0f / 6, 0.5f);
    vf p45 = vfmas(r, 1.0f / 120, 1.0f / 24);
    vf p67 = vfmas(r, 1.0f / 5040, 1.0f / 720);
    vf r4 = r2 * r2;
    vf p = vfma(vfma(p67, r2, p45), r4, vfma(p23, r2, p01));
    /* Scale in two halves so 2^n never leaves the normal range on its own:
       results near FLT_MAX and down in the denormals come out right. */
    vi n1 = n >> 1;
    vi n2 = n - n1;
    vf y = p * pow2i(n1) * pow2i(n2);
    return vselect(x != x, x, y);
}

/* e^x − 1 for x ≤ 88 (larger x treated as 88); NaN not propagated. */
INLINE vf expm1_core(vf x) {
    vf xc = vclamp(x, -88.0f, 88.0f);
    vi n;
    vf r = reduce_ln2(xc, &n);
    /* e^r − 1 by its Taylor series to degree 8, without the constant term. */
    vf r2 = r * r;
    vf r4 = r2 * r2;
    vf p01 = vfmas(r, 0.5f, 1.0f);
    vf p23 = vfmas(r, 1.0f / 24, 1.0f / 6);
    vf p45 = vfmas(r, 1.0f / 720, 1.0f / 120);
    vf p67 = vfmas(r, 1.0f / 40320, 1.0f / 5040);
    vf em = vfma(vfma(p67, r2, p45), r4, vfma(p23, r2, p01)) * r;
    /* e^x − 1 = 2^n·(e^r − 1) + (2^n − 1): 2^n − 1 is exact in float for
       |n| ≤ 24, and beyond that the sum has no cancellation to lose. */
    vf scale = pow2i(n);
    return vfma(scale, em, scale - 1.0f);
}

INLINE vf v_expm1(vf x) {
    vf y = expm1_core(x);
    /* Beyond 88 the core's 2^n would overflow; there e^x − 1 is e^x in float. */
    y = vselect(x > 88.0f, v_exp(x), y);
    return vselect(x != x, x, y);
}

/* ln x: −inf at 0, NaN below 0, +inf at +inf. */
INLINE vf v_log(vf x) {
    /* Denormal inputs are scaled into the normal range first. */
    vi tiny = x < 1.17549435e-38f;
    vf xs = vselect(tiny, x * 8388608.0f, x);
    vi bits = (vi)xs;
    vi e = (bits >> 23) - 127;
    e = tiny ? e - 23 : e;
    vf m = (vf)((bits & 0x007FFFFF) | 0x3F800000);
    /* Centre the mantissa on 1: m in [√½, √2). */
    vi big = m > 1.4142136f;
    m = vselect(big, m * 0.5f, m);
    e = big ? e + 1 : e;
    /* ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: series to s⁹, truncation < 2.1e-9. */
    vf s = (m - 1.0f) / (m + 1.0f);
    vf z = s * s;
    vf p = vfmas(z, 1.0f / 9, 1.0f / 7);
    p = vfma(p, z, vsplat(1.0f / 5));
    p = vfma(p, z, vsplat(1.0f / 3));
    p = vfma(p, z, vsplat(1.0f));
    vf lnm = (s + s) * p;
    vf ef = small_int_to_float(e);
    vf y = vfma(ef, vsplat(LN2_HI), vfma(ef, vsplat(LN2_LO), lnm));
    y = vselect(x == 0.0f, vsplat(-__builtin_inff()), y);
    y = vselect(x < 0.0f, vsplat(__builtin_nanf("")), y);
    y = vselect((x == __builtin_inff()) | (x != x), x, y);
    return y;
}

/* tanh x ≈ x·P(x²)/Q(x²), a rational minimax fit of degree 4/4 in x² on [0, 9]
   (fitted for nnc by weighted least squares on the relative error; the script
   is bench/tools/tanh_fit.py). Beyond ±9, ±tanh(9) = ±(1 − 3e-8). */
INLINE vf v_tanh(vf x) {
    vf xc = vclamp(x, -9.0f, 9.0f);
    vf t = xc * xc;
    vf p = vfmas(t, 1.335415511505289e-08f, 2.0608704289770685e-05f);
    p = vfma(p, t, vsplat(0.003495564917102456f));
    p = vfma(p, t, vsplat(0.13381005823612213f));
    p = vfma(p, t, vsplat(1.0f));
    vf q = vfmas(t, 7.776347388244176e-07f, 0.00032855969038791955f);
    q = vfma(q, t, vsplat(0.02587689459323883f));
    q = vfma(q, t, vsplat(0.4671432077884674f));
    q = vfma(q, t, vsplat(1.0f));
    return xc * p / q;
}

/* 1 / (1 + e^−x). */
INLINE vf v_sigmoid(vf x) { return 1.0f / (1.0f + v_exp(-x)); }

/* The error function. */
INLINE vf v_erf(vf x) {
    vf a = vabs(x);
    /* Near 0: 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)), to n = 6 (truncation < 1e-9 at 0.5). */
    vf z = x * x;
    vf s = vfmas(z, -1.0f / 75600, 1.0f / 9360);
    s = vfma(s, z, vsplat(-1.0f / 1320));
    s = vfma(s, z, vsplat(1.0f / 216));
    s = vfma(s, z, vsplat(-1.0f / 42));
    s = vfma(s, z, vsplat(1.0f / 10));
    s = vfma(s, z, vsplat(-1.0f / 3));
    s = vfma(s, z, vsplat(1.0f));
    vf small = x * s * 1.1283791670955126f;
    /* Beyond: Abramowitz & Stegun 7.1.26, absolute error ≤ 1.5e-7. */
    vf t = 1.0f / vfmas(a, 0.3275911f, 1.0f);
    vf q = vfmas(t, 1.061405429f, -1.453152027f);
    q = vfma(q, t, vsplat(1.421413741f));
    q = vfma(q, t, vsplat(-0.284496736f));
    q = vfma(q, t, vsplat(0.254829592f));
    q = q * t;
    vf large = 1.0f - q * v_exp(-z);
    vf y = vselect(x < 0.0f, -large, large);
    y = vselect(a < 0.5f, small, y);
    return vselect(x != x, x, y);
}

/* log(1 + u) for u ≥ 0, exact to rounding for small u (Goldberg's correction). */
INLINE vf v_log1p_pos(vf u) {
    vf w = 1.0f + u;
    vf d = w - 1.0f;
    vf l = v_log(w) * (u / d);
    return vselect(d == 0.0f, u, l);
}
