/* CPU feature detection: CPUID for what the processor has, XGETBV for what
 * the operating system saves on a context switch (AVX needs the YMM state,
 * AVX-512 the opmask and ZMM states). Compiled for the baseline. */
#include "NNCKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t nnc_cpu_features(void) {
    uint32_t a, b, c, d;
    uint64_t f = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (d & (1u << 26)) f |= NNC_CPU_SSE2;
    if (c & (1u << 19)) f |= NNC_CPU_SSE41;
    if (c & (1u << 20)) f |= NNC_CPU_SSE42;
    if (c & (1u << 28)) f |= NNC_CPU_AVX;
    if (c & (1u << 12)) f |= NNC_CPU_FMA;
    if (c & (1u << 29)) f |= NNC_CPU_F16C;
    int osxsave = (c >> 27) & 1;
    if (osxsave) {
        uint64_t xcr0 = xgetbv0();
        /* SSE (bit 1) and AVX (bit 2) state. */
        if ((xcr0 & 0x6) == 0x6) f |= NNC_CPU_OS_AVX;
        /* Plus opmask (5), ZMM_Hi256 (6) and Hi16_ZMM (7). */
        if ((xcr0 & 0xE6) == 0xE6) f |= NNC_CPU_OS_AVX512;
    }
    if (__get_cpuid_max(0, 0) >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        if (b & (1u << 5)) f |= NNC_CPU_AVX2;
        if (b & (1u << 8)) f |= NNC_CPU_BMI2;
        if (b & (1u << 16)) f |= NNC_CPU_AVX512F;
        if (b & (1u << 17)) f |= NNC_CPU_AVX512DQ;
        if (b & (1u << 21)) f |= NNC_CPU_AVX512IFMA;
        if (b & (1u << 28)) f |= NNC_CPU_AVX512CD;
        if (b & (1u << 30)) f |= NNC_CPU_AVX512BW;
        if (b & (1u << 31)) f |= NNC_CPU_AVX512VL;
        if (c & (1u << 1)) f |= NNC_CPU_AVX512VBMI;
        if (c & (1u << 11)) f |= NNC_CPU_AVX512VNNI;
        if (d & (1u << 23)) f |= NNC_CPU_AVX512FP16;
        if (d & (1u << 24)) f |= NNC_CPU_AMX;
        __cpuid_count(7, 1, a, b, c, d);
        if (a & (1u << 5)) f |= NNC_CPU_AVX512BF16;
    }
    return f;
}

void nnc_cpu_model(char *out, int32_t size) {
    if (size <= 0) return;
    out[0] = 0;
    uint32_t regs[12];
    if (__get_cpuid_max(0x80000000, 0) < 0x80000004) return;
    for (uint32_t i = 0; i < 3; i++) {
        __cpuid(0x80000002 + i, regs[4 * i], regs[4 * i + 1], regs[4 * i + 2], regs[4 * i + 3]);
    }
    char brand[49];
    memcpy(brand, regs, 48);
    brand[48] = 0;
    /* The brand string is padded with spaces, sometimes at the front. */
    const char *start = brand;
    while (*start == ' ') start++;
    size_t n = strlen(start);
    while (n > 0 && start[n - 1] == ' ') n--;
    if (n >= (size_t)size) n = (size_t)size - 1;
    memcpy(out, start, n);
    out[n] = 0;
}

#else

uint64_t nnc_cpu_features(void) {
#if defined(__aarch64__)
    return NNC_CPU_NEON;
#else
    return 0;
#endif
}

void nnc_cpu_model(char *out, int32_t size) {
    if (size > 0) out[0] = 0;
}

#endif

extern const nnc_kernel_table nnc_kernels_baseline;
#if defined(__x86_64__)
extern const nnc_kernel_table nnc_kernels_avx2;
extern const nnc_kernel_table nnc_kernels_avx512;
#endif

const nnc_kernel_table *nnc_kernels(int32_t variant) {
    switch (variant) {
    case NNC_VARIANT_BASELINE: return &nnc_kernels_baseline;
#if defined(__x86_64__)
    case NNC_VARIANT_AVX2: return &nnc_kernels_avx2;
    case NNC_VARIANT_AVX512: return &nnc_kernels_avx512;
#endif
    default: return 0;
    }
}
