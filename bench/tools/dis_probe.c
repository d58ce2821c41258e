/*
 * Times the kernels of one training step of the `dis` workload
 * (bench/specs/dis1.yaml: a 2-20-20-1 tanh network on 470 grid columns, three
 * FK tables of 100 × 50, χ² with 75 × 75 and 25 × 25 inverse covariances, a
 * 1 × 400 integral, a 20 × 20 positivity map, Adam over 503 parameters), one
 * kernel at a time, fastest of many repetitions, in each kernel variant.
 *
 *   clang -O2 -ffp-contract=off -I Sources/NNCKernels/include \
 *       Sources/NNCKernels/{AVX2,AVX512,Baseline,CPU}.c bench/tools/dis_probe.c -o /tmp/dis_probe -lm
 *   /tmp/dis_probe [baseline|avx2|avx512]...
 *
 * (From the repository root. Variants this CPU lacks are skipped.) The sum of
 * the rows is a floor for the step: the interpreter's dispatch and the
 * training loop's work per epoch come on top.
 */
#include "NNCKernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe.h"

enum { COLS = 470, GRID = 50, SETS = 3, POINTS = 100, TRAIN = 75, VALID = 25, HIDDEN = 20, REPS = 2000 };

static void probe(int variant) {
    const nnc_kernel_table *t = nnc_kernels(variant);
    if (!t || !supported(variant)) {
        printf("%s: not supported by this CPU\n", t ? t->name : "?");
        return;
    }
    float *scratch = scaled_buffer(1 << 16, 1, 1);
    float *x = scaled_buffer(2 * COLS, 2, 1), *w0 = scaled_buffer(HIDDEN * 2, 3, 1), *b0 = scaled_buffer(HIDDEN, 4, 1);
    float *w1 = scaled_buffer(HIDDEN * HIDDEN, 5, 0.5f), *b1 = scaled_buffer(HIDDEN, 6, 1);
    float *w2 = scaled_buffer(HIDDEN, 7, 0.5f), *b2 = scaled_buffer(1, 8, 1);
    float *h0 = scaled_buffer(HIDDEN * COLS, 9, 1), *h1 = scaled_buffer(HIDDEN * COLS, 10, 1), *out = scaled_buffer(COLS, 11, 1);
    float *g0 = scaled_buffer(HIDDEN * COLS, 12, 1), *g1 = scaled_buffer(HIDDEN * COLS, 13, 1), *gout = scaled_buffer(COLS, 14, 1);
    float *dw = scaled_buffer(HIDDEN * HIDDEN, 15, 1), *db = scaled_buffer(HIDDEN, 16, 1);
    float *fk = scaled_buffer(SETS * POINTS * GRID, 17, 0.1f), *theory = scaled_buffer(SETS * POINTS, 18, 1);
    float *values = scaled_buffer(SETS * POINTS, 19, 1), *gtheory = scaled_buffer(SETS * POINTS, 20, 1);
    float *inverse = scaled_buffer(TRAIN * TRAIN, 21, 1), *vinverse = scaled_buffer(VALID * VALID, 22, 1);
    float *integral = scaled_buffer(400, 23, 0.01f), *positivity = scaled_buffer(20 * 20, 24, 1), *y1 = scaled_buffer(20, 25, 1);
    float *xs = scaled_buffer(COLS, 26, 0.4f), *ab = scaled_buffer(2, 27, 1), *factor = scaled_buffer(COLS, 28, 1);
    float *logs = scaled_buffer(2 * COLS, 29, 1), *pre = scaled_buffer(COLS, 30, 1), *gpre = scaled_buffer(COLS, 31, 1);
    float *p = scaled_buffer(503, 32, 1), *gr = scaled_buffer(503, 33, 1), *m1 = scaled_buffer(503, 34, 0), *m2 = scaled_buffer(503, 35, 0);
    for (long i = 0; i < COLS; i++) xs[i] = 0.05f + 0.9f * (float)i / COLS;
    for (long i = 0; i < 503; i++) m2[i] = m2[i] * m2[i];
    ab[0] = -0.5f;
    ab[1] = 3.0f;
    nnc_activation tanh_ = {NNC_ACT_TANH, 0}, linear = {NNC_ACT_LINEAR, 0};

    printf("%s (µs, fastest of %d)\n", t->name, REPS);
    double total = 0;
#define ROW(name, body)                              \
    do {                                             \
        double us_ = FASTEST(REPS, body);            \
        total += us_;                                \
        printf("  %-44s %7.3f\n", name, us_);        \
    } while (0)
    ROW("dense 2→20 tanh", t->dense_forward(0, HIDDEN, h0, 0, x, w0, b0, 2, COLS, tanh_, scratch));
    ROW("dense 20→20 tanh", t->dense_forward(0, HIDDEN, h1, 0, h0, w1, b1, HIDDEN, COLS, tanh_, scratch));
    ROW("dense 20→1", t->dense_forward(0, 1, out, 0, h1, w2, b2, HIDDEN, COLS, linear, scratch));
    ROW("preprocess", t->preprocess_forward(xs, ab, ab + 1, out, factor, logs, pre, 1, COLS));
    ROW("3 FK tables 100×50", for (int s = 0; s < SETS; s++) t->linear_map_forward(
            theory + s * POINTS, fk + s * POINTS * GRID, pre, POINTS, 0, 1, GRID, 0, COLS));
    ROW("3 χ² 75 + 3 χ² 25 (validation)", for (int s = 0; s < SETS; s++) {
        t->chi2_covariance(theory + s * POINTS, values + s * POINTS, inverse, gtheory + s * POINTS, 1, TRAIN, TRAIN,
                           scratch);
        t->chi2_covariance(theory + s * POINTS + TRAIN, values + s * POINTS + TRAIN, vinverse, 0, 1, VALID, VALID,
                           scratch);
    });
    ROW("integral 1×400 + positivity 20×20", {
        t->linear_map_forward(y1, integral, pre, 1, 0, 1, 400, GRID, COLS);
        t->linear_map_forward(y1, positivity, pre, 20, 0, 1, 20, 450, COLS);
    });
    for (int s = 0; s < SETS; s++) memset(gtheory + s * POINTS + TRAIN, 0, VALID * sizeof(float));
    ROW("backward: 3 FK tables, integral, positivity", {
        memset(gpre, 0, COLS * sizeof(float));
        t->linear_map_backward(gpre, positivity, y1, 20, 0, 1, 20, 450, COLS);
        t->linear_map_backward(gpre, integral, y1, 1, 0, 1, 400, GRID, COLS);
        for (int s = 0; s < SETS; s++)
            t->linear_map_backward(gpre, fk + s * POINTS * GRID, gtheory + s * POINTS, POINTS, 0, 1, GRID, 0, COLS);
    });
    ROW("preprocess backward", t->preprocess_backward(gpre, pre, factor, logs, ab, ab + 1, 1, COLS));
    ROW("dW 1×20, db (layer 2)", {
        t->row_sums(gout, 1, COLS, db);
        t->dot_products(0, 1, HIDDEN, COLS, gout, h1, dw);
    });
    ROW("dX 20 ← 1 ⊙ tanh′", t->dense_input_gradient(0, HIDDEN, g1, gout, w2, HIDDEN, 1, COLS, 0, 1, tanh_,
                                                     NNC_FROM_OUTPUT, h1, scratch));
    ROW("dW 20×20, db (layer 1)", {
        t->row_sums(g1, HIDDEN, COLS, db);
        t->dot_products(0, HIDDEN, HIDDEN, COLS, g1, h0, dw);
    });
    ROW("dX 20 ← 20 ⊙ tanh′", t->dense_input_gradient(0, HIDDEN, g0, g1, w1, HIDDEN, HIDDEN, COLS, 0, 1, tanh_,
                                                      NNC_FROM_OUTPUT, h0, scratch));
    ROW("dW 20×2, db (layer 0)", {
        t->row_sums(g0, HIDDEN, COLS, db);
        t->dot_products(0, HIDDEN, 2, COLS, g0, x, dw);
    });
    nnc_update u = {0};
    u.rule = NNC_ADAM;
    u.adam = (nnc_adam){0.1f, 0.999f, 0.001f, 1e-3f, 1e-8f, 1.0f};
    u.first = m1;
    u.second = m2;
    ROW("adam, 503 parameters", t->update(p, gr, 0, 503, &u));
    printf("  %-44s %7.3f\n", "sum", total);
}

int main(int argc, char **argv) {
    const char *names[] = {"baseline", "avx2", "avx512"};
    for (int v = 0; v < 3; v++) {
        int wanted = argc == 1;
        for (int i = 1; i < argc; i++) wanted |= strcmp(argv[i], names[v]) == 0;
        if (wanted) probe(v);
    }
    return 0;
}
