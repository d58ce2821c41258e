/*
 * The baseline variant: the architecture's minimum, so it runs on every CPU
 * of it. On x86-64 that is SSE2 (4 lanes, 16 registers, no FMA: a·b + c is a
 * multiply and an add); on arm64 it is NEON with FMA (4 lanes, 32 registers).
 */
#include "NNCKernels.h"

#define NNC_VARIANT baseline
#define NNC_VARIANT_NAME "baseline"
#define NNC_LANES 4
#if defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
#define NNC_FMA 1
#else
#define NNC_FMA 0
#endif
#define NNC_MASKS 0
#define NNC_DEPTH_BLOCK 256

#include "SixRowTiles.h"

#include "Kernels.h"
