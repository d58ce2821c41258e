/*
 * Acquire loads and release stores of 64-bit counters, and the CPU's spin-wait
 * hint: what the runtime's thread team spins on between its tasks (Swift's
 * own atomics need macOS 15; these are plain C, inlined into the caller).
 */
#ifndef NNC_ATOMICS_H
#define NNC_ATOMICS_H

#include <stdint.h>

static inline int64_t nnc_atomic_load(const int64_t *_Nonnull p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

static inline void nnc_atomic_store(int64_t *_Nonnull p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

/* Tells the core this thread is spinning (x86 pause, arm yield). */
static inline void nnc_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

#endif
