/*
 * Times nnc's kernel variants one kernel at a time on the shapes of the bench
 * workloads, and probes the machine's FMA peak; the fastest of many
 * repetitions is reported, so other jobs on a shared machine disturb it less
 * than a whole training step.
 *
 *   clang -O2 -ffp-contract=off -I Sources/NNCKernels/include \
 *       Sources/NNCKernels/{AVX2,AVX512,Baseline,CPU}.c bench/tools/kernel_probe.c -o /tmp/kernel_probe -lm -lpthread
 *   /tmp/kernel_probe [baseline|avx2|avx512]...
 *
 * (From the repository root. Variants this CPU lacks are skipped.)
 */
#include "NNCKernels.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe.h"

/* The FMA ceiling: 12 independent accumulators of LANES floats, the operands
   loaded from memory every iteration (as a GEMM tile's are), for `n`
   iterations; returns a checksum so nothing is optimised away. */
#define FMA_PROBE(NAME, TARGET, LANES_)                                                   \
    __attribute__((target(TARGET))) static float NAME(const float *p, long n) {           \
        typedef float v __attribute__((ext_vector_type(LANES_)));                        \
        v a[12];                                                                          \
        for (int i = 0; i < 12; i++) a[i] = (v)0.0f;                                      \
        for (long k = 0; k < n; k++) {                                                    \
            v x, y;                                                                       \
            memcpy(&x, p, sizeof x);                                                      \
            memcpy(&y, p + LANES_, sizeof y);                                             \
            _Pragma("clang loop unroll(full)") for (int i = 0; i < 12; i++)               \
                a[i] = __builtin_elementwise_fma(x, y, a[i]);                             \
            __asm__ volatile("" : "+r"(p));                                               \
        }                                                                                 \
        v s = a[0];                                                                       \
        for (int i = 1; i < 12; i++) s += a[i];                                           \
        float t = 0;                                                                      \
        for (int i = 0; i < LANES_; i++) t += s[i];                                       \
        return t;                                                                         \
    }
FMA_PROBE(fma_probe_avx2, "avx2,fma", 8)
FMA_PROBE(fma_probe_avx512, "avx512f,avx2,fma", 16)

typedef struct { int variant; double gflops; } peak_job;

static void *peak_thread(void *arg) {
    peak_job *job = arg;
    float data[32];
    for (int i = 0; i < 32; i++) data[i] = 1.0f + 1e-7f * (float)i;
    long n = 100000;
    int lanes = job->variant == NNC_VARIANT_AVX512 ? 16 : 8;
    volatile float sink = 0;
    double best = 1e30;
    /* Many short runs, the fastest kept: another job's time slice spoils a run, not the result. */
    for (int r = 0; r < 400; r++) {
        double t0 = now();
        sink += job->variant == NNC_VARIANT_AVX512 ? fma_probe_avx512(data, n) : fma_probe_avx2(data, n);
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    (void)sink;
    job->gflops = 2.0 * 12 * lanes * (double)n / best * 1e-9;
    return 0;
}

/* The peak of one core, and of `threads` cores at once. */
static void fma_peak(int variant, int threads) {
    peak_job one = {variant, 0};
    peak_thread(&one);
    pthread_t ids[64];
    peak_job jobs[64];
    for (int i = 0; i < threads; i++) {
        jobs[i] = (peak_job){variant, 0};
        pthread_create(&ids[i], 0, peak_thread, &jobs[i]);
    }
    double total = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], 0);
        total += jobs[i].gflops;
    }
    printf("  FMA peak (12 independent %d-lane accumulators from memory): %.1f GFLOP/s on one core, "
           "%.1f on %d threads at once\n", variant == NNC_VARIANT_AVX512 ? 16 : 8, one.gflops, total, threads);
}

static void dense(const nnc_kernel_table *t, const char *label, long out, long in, long batch, int act, int reps) {
    float *w = scaled_buffer(out * in, 1, 1.0f), *x = scaled_buffer(in * batch, 2, 1.0f), *b = scaled_buffer(out, 3, 1.0f), *y = scaled_buffer(out * batch, 4, 1.0f);
    float *dz = scaled_buffer(out * batch, 5, 1.0f), *dx = scaled_buffer(in * batch, 6, 1.0f), *dw = scaled_buffer(out * in, 7, 1.0f);
    float *xt = scaled_buffer(in * batch, 8, 1.0f), *scratch = scaled_buffer(t->scratch_floats(in > batch ? in : batch) + 64, 9, 1.0f);
    float *saved = scaled_buffer(in * batch, 10, 1.0f);
    nnc_activation a = {act, 0};
    double flop = 2.0 * out * in * batch;
    double f = FASTEST(reps, t->dense_forward(0, out, y, 0, x, w, b, in, batch, a, scratch));
    double g = FASTEST(reps, t->dense_input_gradient(0, in, dx, dz, w, in, out, batch, 0, 1, a, NNC_FROM_OUTPUT, saved, scratch));
    double tr = FASTEST(reps, t->transpose(x, in, batch, xt, 0, in));
    double wg = FASTEST(reps, t->dense_weight_gradient(0, out, dw, dz, xt, w, 0, in, batch, scratch));
    double dp = FASTEST(reps, t->dot_products(0, out, in, batch, dz, x, dw));
    printf("  %-14s forward %8.2f µs (%5.1f GFLOP/s)  input gradient %8.2f (%5.1f)  transpose %7.2f  "
           "weight gradient %8.2f (%5.1f)  dot products %8.2f (%5.1f)\n",
           label, f, flop / f * 1e-3, g, flop / g * 1e-3, tr, wg, flop / wg * 1e-3, dp, flop / dp * 1e-3);
    free(w); free(x); free(b); free(y); free(dz); free(dx); free(dw); free(xt); free(scratch); free(saved);
}

static void elementwise(const nnc_kernel_table *t) {
    long n = 6400;
    float *x = scaled_buffer(n, 11, 1.0f), *y = scaled_buffer(n, 12, 1.0f), *g = scaled_buffer(n, 13, 1.0f);
    nnc_activation tanh_ = {NNC_ACT_TANH, 0};
    double f = FASTEST(2000, t->activation_forward(tanh_, x, y, 25, 256));
    double b = FASTEST(2000, t->activation_backward(tanh_, NNC_FROM_OUTPUT, g, y, x, 25, 256));
    printf("  tanh on 6,400 values: forward %.2f µs (%.3f ns a value), backward %.2f µs\n", f, f * 1e3 / n, b);
    long count = 669706;
    float *p = scaled_buffer(count, 14, 1.0f), *gr = scaled_buffer(count, 15, 1.0f), *m = scaled_buffer(count, 16, 1.0f), *v = scaled_buffer(count, 17, 1.0f);
    for (long i = 0; i < count; i++) v[i] = v[i] * v[i];
    nnc_update u = {0};
    u.rule = NNC_ADAM;
    u.adam = (nnc_adam){0.1f, 0.999f, 0.001f, 1e-3f, 1e-8f, 1};
    u.first = m;
    u.second = v;
    double adam = FASTEST(50, t->update(p, gr, 0, count, &u));
    double small = FASTEST(2000, t->update(p, gr, 0, 726, &u));
    printf("  adam over 669,706: %.1f µs (%.1f GB/s of 7 streams); over 726: %.3f µs\n", adam,
           7.0 * 4 * count / adam * 1e-3, small);
    free(x); free(y); free(g); free(p); free(gr); free(m); free(v);
}

int main(int argc, char **argv) {
    const char *names[] = {"baseline", "avx2", "avx512"};
    char model[64];
    nnc_cpu_model(model, sizeof model);
    printf("CPU: %s\n", model);
    for (int v = 0; v < 3; v++) {
        int wanted = argc == 1;
        for (int i = 1; i < argc; i++) wanted |= strcmp(argv[i], names[v]) == 0;
        if (!wanted) continue;
        const nnc_kernel_table *t = nnc_kernels(v);
        if (!t || !supported(v)) {
            printf("%s: not supported on this CPU, skipped\n", names[v]);
            continue;
        }
        printf("%s (%d lanes, %d-row tiles):\n", t->name, t->lanes, t->block_rows);
        if (v != NNC_VARIANT_BASELINE) fma_peak(v, 2);
        dense(t, "tiny 25x25x256", 25, 25, 256, NNC_ACT_TANH, 3000);
        dense(t, "wide 512x784", 512, 784, 128, NNC_ACT_RELU, 20);
        dense(t, "wide 512x512", 512, 512, 128, NNC_ACT_RELU, 30);
        dense(t, "wide 10x512", 10, 512, 128, NNC_ACT_RELU, 300);
        elementwise(t);
    }
    return 0;
}
