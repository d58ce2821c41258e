/*
 * What the kernel probes share (kernel_probe.c, dis_probe.c): a monotonic
 * clock, seeded buffers, the fastest of many runs, and whether this CPU can
 * run a kernel variant.
 */
#ifndef NNC_BENCH_PROBE_H
#define NNC_BENCH_PROBE_H

#include "NNCKernels.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* n floats in [-scale/2, scale/2) from `seed`, 64-byte aligned, padded to 16. */
static float *scaled_buffer(long n, unsigned seed, float scale) {
    float *p = aligned_alloc(64, (size_t)((n + 15) / 16 * 16) * sizeof(float));
    for (long i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = ((float)((seed >> 8) & 0xFFFF) / 65536.0f - 0.5f) * scale;
    }
    return p;
}

/* The fastest of `reps` runs of body, in microseconds. */
#define FASTEST(reps, body)                              \
    ({                                                   \
        double best_ = 1e30;                             \
        for (int r_ = 0; r_ < (reps); r_++) {            \
            double t0_ = now();                          \
            body;                                        \
            double dt_ = now() - t0_;                    \
            if (dt_ < best_) best_ = dt_;                \
        }                                                \
        best_ * 1e6;                                     \
    })

static int supported(int variant) {
    uint64_t f = nnc_cpu_features();
    if (variant == NNC_VARIANT_AVX2)
        return (f & NNC_CPU_AVX2) && (f & NNC_CPU_FMA) && (f & NNC_CPU_OS_AVX);
    if (variant == NNC_VARIANT_AVX512)
        return (f & NNC_CPU_AVX512F) && (f & NNC_CPU_AVX512BW) && (f & NNC_CPU_AVX512DQ) && (f & NNC_CPU_AVX512VL) &&
               (f & NNC_CPU_AVX512CD) && (f & NNC_CPU_OS_AVX512);
    return 1;
}

#endif
