#ifndef GRAD_PEAK_RATE_H
#define GRAD_PEAK_RATE_H

/// The widest fused multiply-add this CPU runs, in FP32 lanes: 16 (AVX-512), 8 (AVX2 + FMA), 4 (NEON),
/// or 0 when it has none (baseline x86-64).
int grad_peak_lanes(void);

/// Runs `iterations` turns of GRAD_PEAK_CHAINS independent chains of `grad_peak_lanes()`-lane fused
/// multiply-adds, all in registers; returns a sum of the chains so that nothing is optimized away.
float grad_peak_chains(long iterations);

#define GRAD_PEAK_CHAINS 12

#endif
