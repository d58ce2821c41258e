/*
 * The AVX2 + FMA variant: 8 lanes, 16 registers. Compiled for AVX2, FMA
 * (Haswell and later, every AMD Zen) through the pragma below; runs only when
 * nnc_cpu_features() reports them and the OS saves the YMM registers.
 */
#include "NNCKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,bmi,bmi2,lzcnt,popcnt"))), apply_to = function)

#define NNC_VARIANT avx2
#define NNC_VARIANT_NAME "avx2"
#define NNC_LANES 8
#define NNC_FMA 1
#define NNC_MASKS 0
/* 6 rows × 2 vectors: 12 accumulators + 2 B vectors + 1 broadcast = 15 of 16. */
#define NNC_MAX_NV 4
#define NNC_TILE_ROWS 6
#define NNC_DEPTH_BLOCK 256
#define NNC_DOT_COLS 3

static int nv_for_height(long h) { return h >= 4 ? 2 : 4; }

#define NNC_TILES(X) X(6, 2) X(5, 2) X(4, 2) X(3, 2) X(3, 4) X(2, 4) X(1, 4)
#define NNC_DOTS(X) X(4, 1) X(4, 2) X(4, 3) X(1, 1) X(1, 2) X(1, 3)

#include "Kernels.h"

#pragma clang attribute pop
#endif
