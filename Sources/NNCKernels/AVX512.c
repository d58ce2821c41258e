/*
 * The AVX-512 variant: 16 lanes, 32 registers, masked tails. Every function
 * in this file is compiled for AVX-512 F/CD/BW/DQ/VL (the x86-64-v4 level)
 * through the pragma below and runs only when nnc_cpu_features() reports
 * those instructions and the OS support for their registers.
 */
#include "NNCKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx512f,avx512cd,avx512bw,avx512dq,avx512vl,avx2,fma"))), apply_to = function)

#define NNC_VARIANT avx512
#define NNC_VARIANT_NAME "avx512"
#define NNC_LANES 16
#define NNC_FMA 1
#define NNC_MASKS 1
/* 14 rows × 2 vectors: 28 accumulators + 2 B vectors; the broadcast of A is
   a memory operand of the FMA, so 30 of the 32 registers hold the tile. */
#define NNC_MAX_NV 8
#define NNC_TILE_ROWS 14
#define NNC_DEPTH_BLOCK 256
#define NNC_DOT_COLS 6

static int nv_for_height(long h) { return h >= 8 ? 2 : h >= 4 ? 4 : 8; }

#define NNC_TILES(X) \
    X(14, 2) X(13, 2) X(12, 2) X(11, 2) X(10, 2) X(9, 2) X(8, 2) X(7, 2) \
    X(7, 4) X(6, 4) X(5, 4) X(4, 4) X(3, 4) \
    X(3, 8) X(2, 8) X(1, 8)
#define NNC_DOTS(X) \
    X(4, 1) X(4, 2) X(4, 3) X(4, 4) X(4, 5) X(4, 6) \
    X(1, 1) X(1, 2) X(1, 3) X(1, 4) X(1, 5) X(1, 6)

#include "Kernels.h"

#pragma clang attribute pop
#endif
