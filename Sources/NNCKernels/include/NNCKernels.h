/*
 * nnc's numeric kernels, compiled in several variants for the instruction
 * sets of x86-64 (baseline SSE2, AVX2 + FMA, AVX-512) and once for other
 * architectures (arm64: NEON), all in one binary. The runtime reads the CPU's
 * features once (`nnc_cpu_features`) and calls the best variant's table of
 * entry points; code outside the variant files compiles for the baseline, so
 * the binary never executes an instruction the CPU lacks.
 *
 * Layouts are the runtime's: batch buffers feature-major ([features][batch]),
 * weights [out][in] row-major (PyTorch's nn.Linear). Sizes are int64_t.
 */
#ifndef NNC_KERNELS_H
#define NNC_KERNELS_H

#include <stdint.h>

#include "NNCAtomics.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Activation kinds (the runtime's ActivationFunction cases). */
#define NNC_ACT_LINEAR 0
#define NNC_ACT_SIGMOID 1
#define NNC_ACT_TANH 2
#define NNC_ACT_RELU 3
#define NNC_ACT_LEAKY_RELU 4
#define NNC_ACT_ELU 5
#define NNC_ACT_SELU 6
#define NNC_ACT_SOFTPLUS 7
#define NNC_ACT_GELU 8
#define NNC_ACT_SWISH 9
#define NNC_ACT_SOFTMAX 10

/* Where a derivative is taken from: the saved output, the pre-activation, or
   nowhere (identity: the derivative is 1, or folded into a fused loss). */
#define NNC_FROM_OUTPUT 0
#define NNC_FROM_PREACTIVATION 1
#define NNC_FROM_IDENTITY 2

/* Elementary functions, for `math` (tests and reference checks). */
#define NNC_FN_EXP 0
#define NNC_FN_EXPM1 1
#define NNC_FN_LOG 2
#define NNC_FN_TANH 3
#define NNC_FN_SIGMOID 4
#define NNC_FN_ERF 5

/* Variants. */
#define NNC_VARIANT_BASELINE 0
#define NNC_VARIANT_AVX2 1
#define NNC_VARIANT_AVX512 2

/* CPU features (bits of nnc_cpu_features()); the OS_ bits say the OS saves the registers. */
#define NNC_CPU_SSE2 (1ull << 0)
#define NNC_CPU_SSE41 (1ull << 1)
#define NNC_CPU_SSE42 (1ull << 2)
#define NNC_CPU_AVX (1ull << 3)
#define NNC_CPU_AVX2 (1ull << 4)
#define NNC_CPU_FMA (1ull << 5)
#define NNC_CPU_F16C (1ull << 6)
#define NNC_CPU_BMI2 (1ull << 7)
#define NNC_CPU_AVX512F (1ull << 8)
#define NNC_CPU_AVX512CD (1ull << 9)
#define NNC_CPU_AVX512BW (1ull << 10)
#define NNC_CPU_AVX512DQ (1ull << 11)
#define NNC_CPU_AVX512VL (1ull << 12)
#define NNC_CPU_AVX512IFMA (1ull << 13)
#define NNC_CPU_AVX512VBMI (1ull << 14)
#define NNC_CPU_AVX512VNNI (1ull << 15)
#define NNC_CPU_AVX512BF16 (1ull << 16)
#define NNC_CPU_AVX512FP16 (1ull << 17)
#define NNC_CPU_AMX (1ull << 18)
#define NNC_CPU_OS_AVX (1ull << 30)
#define NNC_CPU_OS_AVX512 (1ull << 31)
#define NNC_CPU_NEON (1ull << 40)

/* An activation with its parameter (leaky_relu's and elu's alpha). */
typedef struct nnc_activation {
    int32_t kind;
    float alpha;
} nnc_activation;

/* Adam's per-step constants (the runtime's Optimizer extension computes them). */
typedef struct nnc_adam {
    float c1;        /* 1 − β1 */
    float b2;        /* β2 */
    float c2;        /* 1 − β2 */
    float step;      /* lr/(1 − β1ᵗ) · √(1 − β2ᵗ) */
    float eps;       /* ε · √(1 − β2ᵗ) */
    float decay;     /* 1 − lr·weight_decay (adamw), else 1 */
} nnc_adam;

/* Optimiser rules. */
#define NNC_SGD 0
#define NNC_ADAM 1
#define NNC_RMSPROP 2
#define NNC_ADAGRAD 3

/* One optimiser step: the rule, its constants for this step, and the state
   slabs (element i of `first` and `second` belongs to parameter i). */
typedef struct nnc_update {
    int32_t rule;
    float lr;
    float momentum;             /* sgd */
    int32_t nesterov;           /* sgd */
    float alpha, rest, eps;     /* rmsprop: β2, 1 − β2, ε; adagrad: ε */
    nnc_adam adam;              /* adam and adamw */
    float *_Nullable first;     /* sgd's momentum buffer (nil without momentum); adam's m; rmsprop's and adagrad's sum */
    float *_Nullable second;    /* adam's v */
} nnc_update;

/*
 * One variant's entry points. Row ranges [r0, r1) let a thread team split a
 * product by rows of its result; `scratch` is that thread's scratch
 * (`scratch_floats(k)` floats for inner dimension k).
 */
typedef struct nnc_kernel_table {
    const char *_Nonnull name;
    /* Floats per vector register. */
    int32_t lanes;
    /* Rows of the tallest GEMM tile: a thread's share of a product is whole blocks of these. */
    int32_t block_rows;
    /* Inner dimension of one pass over C; longer products run in chunks of it. */
    int32_t depth_block;
    int64_t (*_Nonnull scratch_floats)(int64_t k);

    /* C (rows r0..<r1, leading dimension ldc) = bias ⊕ A·B, or C += A·B when accumulate.
       A element (i, p) at a[i·ars + p·aks]; B element (p, j) at b[p·ldb + j]. */
    void (*_Nonnull gemm)(int64_t r0, int64_t r1, int64_t n, int64_t k,
                          const float *_Nonnull a, int64_t ars, int64_t aks,
                          const float *_Nonnull b, int64_t ldb, float *_Nonnull c, int64_t ldc,
                          const float *_Nullable bias, int32_t accumulate, float *_Nonnull scratch);
    /* y = f(W·x + b) over output rows r0..<r1 (z keeps W·x + b when given); softmax is not applied. */
    void (*_Nonnull dense_forward)(int64_t r0, int64_t r1, float *_Nonnull y, float *_Nullable z,
                                   const float *_Nonnull x, const float *_Nonnull w, const float *_Nullable b,
                                   int64_t inputs, int64_t batch, nnc_activation act, float *_Nonnull scratch);
    /* dX = (Wᵀ·dZ) ⊙ mask ⊙ f′(saved) over input rows r0..<r1; has_act = 0 for the plain product. */
    void (*_Nonnull dense_input_gradient)(int64_t r0, int64_t r1, float *_Nonnull dX, const float *_Nonnull dZ,
                                          const float *_Nonnull w, int64_t inputs, int64_t outputs, int64_t batch,
                                          const float *_Nullable mask, int32_t has_act, nnc_activation act,
                                          int32_t source, const float *_Nullable saved, float *_Nonnull scratch);
    /* dW = dZ·xt (+ 2·l2·W) over output rows r0..<r1; xt is x transposed (batch × inputs). */
    void (*_Nonnull dense_weight_gradient)(int64_t r0, int64_t r1, float *_Nonnull dW, const float *_Nonnull dZ,
                                           const float *_Nonnull xt, const float *_Nonnull w, float l2,
                                           int64_t inputs, int64_t batch, float *_Nonnull scratch);
    /* dst (cols × rows) = srcᵀ for the rows r0..<r1 of src (rows × cols). */
    void (*_Nonnull transpose)(const float *_Nonnull src, int64_t rows, int64_t cols, float *_Nonnull dst,
                               int64_t r0, int64_t r1);
    /* c[i][j] = Σ_p a[i][p]·b[j][p] for rows r0..<r1 of a, cols rows of b, all rows of length k. */
    void (*_Nonnull dot_products)(int64_t r0, int64_t r1, int64_t cols, int64_t k, const float *_Nonnull a,
                                  const float *_Nonnull b, float *_Nonnull c);
    /* out[r] = Σ_c m[r][c]. */
    void (*_Nonnull row_sums)(const float *_Nonnull m, int64_t rows, int64_t cols, float *_Nonnull out);
    /* y += scale·x. */
    void (*_Nonnull add_scaled)(const float *_Nonnull x, float scale, float *_Nonnull y, int64_t count);
    /* out = a ⊙ b. */
    void (*_Nonnull multiply)(const float *_Nonnull a, const float *_Nonnull b, float *_Nonnull out, int64_t count);

    /* y = f(z) over [features][batch]; y may be z. */
    void (*_Nonnull activation_forward)(nnc_activation act, const float *_Nonnull z, float *_Nonnull y,
                                        int64_t features, int64_t batch);
    /* dZ = dY ⊙ f′ from the saved output or pre-activation; dZ may be dY. */
    void (*_Nonnull activation_backward)(nnc_activation act, int32_t source, const float *_Nonnull dY,
                                         const float *_Nonnull saved, float *_Nonnull dZ,
                                         int64_t features, int64_t batch);
    /* y = fn(x) elementwise, one of NNC_FN_*. */
    void (*_Nonnull math)(int32_t fn, const float *_Nonnull x, float *_Nonnull y, int64_t count);

    /* Losses: the loss (summed in double) and, when gradient is given, d loss / d prediction. */
    double (*_Nonnull mse)(const float *_Nonnull p, const float *_Nonnull t, float *_Nullable g, int64_t count);
    double (*_Nonnull mae)(const float *_Nonnull p, const float *_Nonnull t, float *_Nullable g, int64_t count);
    double (*_Nonnull huber)(const float *_Nonnull p, const float *_Nonnull t, float *_Nullable g, int64_t count,
                             float delta);
    double (*_Nonnull binary_crossentropy)(const float *_Nonnull p, const float *_Nonnull t, float *_Nullable g,
                                           int64_t count);
    double (*_Nonnull sigmoid_binary_crossentropy)(const float *_Nonnull z, const float *_Nonnull t,
                                                   float *_Nullable probabilities, float *_Nullable g, int64_t count);
    double (*_Nonnull softmax_crossentropy)(const float *_Nonnull z, const float *_Nonnull t,
                                            float *_Nullable probabilities, float *_Nullable g,
                                            int64_t classes, int64_t batch);
    double (*_Nonnull categorical_crossentropy)(const float *_Nonnull p, const float *_Nonnull t,
                                                float *_Nullable g, int64_t classes, int64_t batch);
    double (*_Nonnull chi2)(const float *_Nonnull p, const float *_Nonnull t, const float *_Nonnull sigma,
                            float *_Nullable g, int64_t count);
    double (*_Nonnull chi2_covariance)(const float *_Nonnull p, const float *_Nonnull t,
                                       const float *_Nonnull inverse, float *_Nullable g, int64_t outputs,
                                       int64_t batch, int64_t ld, float *_Nonnull scratch);
    double (*_Nonnull l2_penalty)(const float *_Nonnull w, float *_Nullable g, int64_t count, float l2);

    /* The optimiser update of the parameters lo..<hi (see the runtime's Optimizer for the formulas). */
    void (*_Nonnull update)(float *_Nonnull p, const float *_Nonnull g, int64_t lo, int64_t hi,
                            const nnc_update *_Nonnull u);
    /* Σ g² (float lanes over blocks, summed in double), and g *= c. */
    double (*_Nonnull sum_squares)(const float *_Nonnull g, int64_t count);
    void (*_Nonnull scale)(float *_Nonnull g, float c, int64_t count);

    /* The physics costs (the runtime's LinearMap, Preprocess, Loss.positivity). */
    void (*_Nonnull linear_map_forward)(float *_Nonnull y, const float *_Nonnull matrix, const float *_Nonnull input,
                                        int64_t rows, int64_t row_offset, int64_t outputs, int64_t grid,
                                        int64_t column, int64_t stride);
    void (*_Nonnull linear_map_backward)(float *_Nonnull input_gradient, const float *_Nonnull matrix,
                                         const float *_Nonnull gradient, int64_t rows, int64_t row_offset,
                                         int64_t outputs, int64_t grid, int64_t column, int64_t stride);
    void (*_Nonnull preprocess_forward)(const float *_Nonnull x, const float *_Nonnull a, const float *_Nonnull b,
                                        const float *_Nonnull input, float *_Nonnull factor, float *_Nonnull logs,
                                        float *_Nonnull y, int64_t outputs, int64_t columns);
    void (*_Nonnull preprocess_backward)(float *_Nonnull gradient, const float *_Nonnull y,
                                         const float *_Nonnull factor, const float *_Nonnull logs,
                                         float *_Nullable a_gradient, float *_Nullable b_gradient,
                                         int64_t outputs, int64_t columns);
    double (*_Nonnull positivity)(const float *_Nonnull values, float *_Nullable gradient, int64_t count);
} nnc_kernel_table;

/* The variant's table, or NULL when this build has none for it (x86 variants on arm64). */
const nnc_kernel_table *_Nullable nnc_kernels(int32_t variant);

/* The CPU's features (NNC_CPU_* bits), read with CPUID and XGETBV. */
uint64_t nnc_cpu_features(void);

/* The CPU's model name (CPUID brand string) into out[0..<size], NUL-terminated; "" when unknown. */
void nnc_cpu_model(char *_Nonnull out, int32_t size);

#ifdef __cplusplus
}
#endif

#endif
