/*
 * The AVX2 + FMA variant: 8 lanes, 16 registers. Compiled for AVX2, FMA
 * (Haswell and later, every AMD Zen) through the pragma below; runs only when
 * nnc_cpu_features() reports them and the OS saves the YMM registers.
 */
#include "NNCKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define NNC_VARIANT avx2
#define NNC_VARIANT_NAME "avx2"
#define NNC_LANES 8
#define NNC_FMA 1
#define NNC_MASKS 0
#define NNC_DEPTH_BLOCK 256

#include "SixRowTiles.h"

#include "Kernels.h"

#pragma clang attribute pop
#endif
