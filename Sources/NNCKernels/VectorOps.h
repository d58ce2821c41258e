/*
 * A variant's vector type and the operations every kernel is written in.
 * Included (with the other *.h bodies) once per variant file, after it defines:
 *   NNC_LANES   floats per vector: 4 (baseline SSE2 or NEON), 8 (AVX2), 16 (AVX-512)
 *   NNC_FMA     1 when a·b + c is one fused instruction (AVX2, AVX-512, NEON)
 *   NNC_MASKS   1 for AVX-512's masked loads and stores
 * Everything here is static: each variant file gets its own copy, compiled for
 * its own instruction set, and no symbol is shared between variants.
 */
#include <stdint.h>
#include <string.h>

#define INLINE static inline __attribute__((always_inline))
#define NOINLINE static __attribute__((noinline))
#define UNROLL _Pragma("clang loop unroll(full)")
#define LANES NNC_LANES

typedef float vf __attribute__((ext_vector_type(NNC_LANES)));
typedef int32_t vi __attribute__((ext_vector_type(NNC_LANES)));
typedef float f2 __attribute__((ext_vector_type(2)));
typedef float f4 __attribute__((ext_vector_type(4)));
typedef float f8 __attribute__((ext_vector_type(8)));
typedef float f16 __attribute__((ext_vector_type(16)));
typedef double d2 __attribute__((ext_vector_type(2)));
typedef double d4 __attribute__((ext_vector_type(4)));
typedef double d8 __attribute__((ext_vector_type(8)));

INLINE long lmin(long a, long b) { return a < b ? a : b; }
INLINE long lmax(long a, long b) { return a > b ? a : b; }

/* Unaligned full-vector load and store. */
INLINE vf vload(const float *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}

INLINE void vstore(float *p, vf v) { memcpy(p, &v, sizeof v); }

INLINE vf vsplat(float x) { return (vf)(x); }

/* The first n (< LANES) lanes from p, the rest `fill`. */
INLINE vf vload_n(const float *p, long n, float fill) {
#if NNC_MASKS
    return (vf)_mm512_mask_loadu_ps(_mm512_set1_ps(fill), (__mmask16)((1u << n) - 1), p);
#else
    vf v = vsplat(fill);
    for (long i = 0; i < n; i++) v[i] = p[i];
    return v;
#endif
}

/* Stores lanes [0, n), n < LANES. */
INLINE void vstore_n(float *p, vf v, long n) {
#if NNC_MASKS
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), (__m512)v);
#else
    for (long i = 0; i < n; i++) p[i] = v[i];
#endif
}

/* Lanes at or beyond n, as a mask. */
INLINE vi vlanes_from(long n) {
    vi index;
    for (int i = 0; i < LANES; i++) index[i] = i;
    return index >= (int32_t)n;
}

/* a·b + c: one rounding where the variant has FMA, two otherwise. */
INLINE vf vfma(vf a, vf b, vf c) {
#if NNC_FMA
    return __builtin_elementwise_fma(a, b, c);
#else
    return a * b + c;
#endif
}

INLINE vf vfmas(vf a, float b, float c) { return vfma(a, vsplat(b), vsplat(c)); }

/* a where m, else b. */
INLINE vf vselect(vi m, vf a, vf b) { return m ? a : b; }

/* The larger (smaller) of each pair; a NaN in a is kept. One compare and blend
 * (maxps/minps), unlike fmax's NaN handling. */
INLINE vf vmax(vf a, vf b) { return a < b ? b : a; }
INLINE vf vmin(vf a, vf b) { return b < a ? b : a; }

INLINE vf vclamp(vf x, float lo, float hi) { return vmin(vmax(x, vsplat(lo)), vsplat(hi)); }

INLINE vf vabs(vf x) { return (vf)((vi)x & 0x7FFFFFFF); }

INLINE vf vsqrt(vf x) { return __builtin_elementwise_sqrt(x); }

/* Σ lanes, pairwise (the same order on every call). */
INLINE float hsum2(f2 v) { return v.x + v.y; }
INLINE float hsum4(f4 v) { return hsum2(v.lo + v.hi); }
INLINE float hsum8(f8 v) { return hsum4(v.lo + v.hi); }
INLINE float hsum16(f16 v) { return hsum8(v.lo + v.hi); }

INLINE float vhsum(vf v) {
#if NNC_LANES == 16
    return hsum16(v);
#elif NNC_LANES == 8
    return hsum8(v);
#else
    return hsum4(v);
#endif
}

/* Σ lanes in double. */
INLINE double vsum_d(vf v) {
#if NNC_LANES == 16
    d8 a = __builtin_convertvector(v.lo, d8) + __builtin_convertvector(v.hi, d8);
    d4 b = a.lo + a.hi;
#elif NNC_LANES == 8
    d4 b = __builtin_convertvector(v.lo, d4) + __builtin_convertvector(v.hi, d4);
#else
    d4 b = __builtin_convertvector(v, d4);
#endif
    d2 c = b.lo + b.hi;
    return c.x + c.y;
}
