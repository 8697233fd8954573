// The cores' FP32 peak, measured with the instruction a matrix kernel's inner product is made of: vector
// fused multiply-adds, twelve independent chains of them so that two FMA pipes never wait on the 4-cycle
// latency. Written in C with intrinsics because Swift's SIMD16.addingProduct in a loop of independent
// chains is split by the compiler into 4-lane pieces with shuffles, which measures the compiler instead.
// Each CPU level is compiled for itself (target attributes) and picked at run time.
#include "PeakRate.h"

#if defined(__x86_64__)
#include <immintrin.h>

// CHAINS_BODY spells the chains out one by one; the Swift side counts FLOPs with GRAD_PEAK_CHAINS.
_Static_assert(GRAD_PEAK_CHAINS == 12, "CHAINS_BODY unrolls exactly twelve chains");

#define CHAINS_BODY(VEC, SET1, FMADD, ADD, STORE, LANES)                                                   \
    VEC a = SET1(1e-3f), b = SET1(1e-3f);                                                                  \
    VEC c0 = SET1(0), c1 = SET1(1), c2 = SET1(2), c3 = SET1(3), c4 = SET1(4), c5 = SET1(5);                \
    VEC c6 = SET1(6), c7 = SET1(7), c8 = SET1(8), c9 = SET1(9), c10 = SET1(10), c11 = SET1(11);           \
    for (long i = 0; i < iterations; i++) {                                                                \
        /* An empty asm keeps the compiler from seeing that a and b never change. */                       \
        __asm__ volatile("" : "+v"(a), "+v"(b));                                                            \
        c0 = FMADD(a, b, c0); c1 = FMADD(a, b, c1); c2 = FMADD(a, b, c2); c3 = FMADD(a, b, c3);            \
        c4 = FMADD(a, b, c4); c5 = FMADD(a, b, c5); c6 = FMADD(a, b, c6); c7 = FMADD(a, b, c7);            \
        c8 = FMADD(a, b, c8); c9 = FMADD(a, b, c9); c10 = FMADD(a, b, c10); c11 = FMADD(a, b, c11);        \
    }                                                                                                      \
    VEC sum = ADD(ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7))),                       \
                  ADD(ADD(c8, c9), ADD(c10, c11)));                                                        \
    float lanes[LANES];                                                                                    \
    STORE(lanes, sum);                                                                                     \
    float total = 0;                                                                                       \
    for (int i = 0; i < LANES; i++) total += lanes[i];                                                     \
    return total;

__attribute__((target("avx512f"))) static float chains512(long iterations) {
    CHAINS_BODY(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_storeu_ps, 16)
}

__attribute__((target("avx2,fma"))) static float chains256(long iterations) {
    CHAINS_BODY(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_storeu_ps, 8)
}

int grad_peak_lanes(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 16;
    if (__builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2")) return 8;
    return 0;
}

float grad_peak_chains(long iterations) {
    switch (grad_peak_lanes()) {
    case 16: return chains512(iterations);
    case 8: return chains256(iterations);
    default: return 0;
    }
}

#elif defined(__aarch64__)
#include <arm_neon.h>

int grad_peak_lanes(void) { return 4; }

float grad_peak_chains(long iterations) {
    float32x4_t a = vdupq_n_f32(1e-3f), b = vdupq_n_f32(1e-3f);
    float32x4_t c[GRAD_PEAK_CHAINS];
    for (int k = 0; k < GRAD_PEAK_CHAINS; k++) c[k] = vdupq_n_f32((float)k);
    for (long i = 0; i < iterations; i++) {
        __asm__ volatile("" : "+w"(a), "+w"(b));
        for (int k = 0; k < GRAD_PEAK_CHAINS; k++) c[k] = vfmaq_f32(c[k], a, b);
    }
    float total = 0;
    for (int k = 0; k < GRAD_PEAK_CHAINS; k++) total += vaddvq_f32(c[k]);
    return total;
}

#else
int grad_peak_lanes(void) { return 0; }
float grad_peak_chains(long iterations) { (void)iterations; return 0; }
#endif
