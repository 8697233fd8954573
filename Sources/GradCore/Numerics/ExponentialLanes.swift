/// Eight Doubles processed together: the width every elementwise function of grad is written in.
///
/// The width is part of no result: each lane is computed by the same sequence of IEEE operations and fused
/// multiply-adds, whatever vector registers the CPU has (AVX-512, AVX2, SSE2 with software fma, NEON).
typealias DoubleLanes = SIMD8<Double>

/// eˣ, eˣ − 1, tanh and the logistic sigmoid, eight lanes at a time, in grad's own fixed arithmetic.
///
/// Why not the platform's libm: glibc picks FMA or non-FMA variants of `exp` by CPU and macOS ships another
/// implementation, so the same training run would print other digits on another machine.
///
/// Method (Cody & Waite, as in fdlibm): x = k·ln2 + r with |r| ≤ ln2/2, where k·ln2 is split so that the
/// high product is exact; eʳ − 1 = r + r²·P(r) with P the Taylor series to r¹¹/13! (truncation below
/// 2⁻⁵⁶ relative); the result is scaled by 2ᵏ built from its bits, in two factors so that k up to 1024
/// and down to −1076 needs no branch. Measured errors (against 300-bit references, see
/// `ElementaryFunctionTests`): exp 0.66 ulp, expm1 1.33 ulp, tanh 2.19 ulp, sigmoid 1.51 ulp, in Double.
enum ExponentialLanes {
    /// ln2 = ln2High + ln2Low, with ln2High's last 32 bits zero so that k·ln2High is exact for |k| < 2²¹.
    static let ln2High = 0x1.62e42fee00000p-1
    static let ln2Low = 0x1.a39ef35793c76p-33
    static let log2e = 0x1.71547652b82fep+0
    /// Adding 1.5·2⁵² rounds a Double of magnitude < 2⁵¹ to an integer and leaves it in the low bits.
    private static let roundingShifter = 0x1.8p52

    /// x limited to [lower, upper], NaN kept. The standard library's `clamped` reaches its generic
    /// `pointwiseMin`/`pointwiseMax` as calls (a fifth of the sigmoid's time); two selects inline.
    @inline(__always)
    private static func clamp(_ x: DoubleLanes, _ lower: Double, _ upper: Double) -> DoubleLanes {
        var result = x
        result.replace(with: lower, where: x .< lower)
        result.replace(with: upper, where: x .> upper)
        return result
    }

    /// eˣ. Overflows to +∞ above 709.78, underflows through the subnormals to +0 below −745.13; NaN stays NaN.
    @inline(__always)
    static func exp(_ x: DoubleLanes) -> DoubleLanes {
        exp(x, correction: .zero)
    }

    /// e^(x + c) for a small correction c (|c| ≤ 2⁻⁴⁰|x|): `pow` passes the low half of y·log x here.
    @inline(__always)
    static func exp(_ x: DoubleLanes, correction: DoubleLanes) -> DoubleLanes {
        let clamped = clamp(x, -746, 710)
        let (k, r) = reduce(clamped, correction: correction)
        // eʳ = 1 + r + r²·P(r), with 1 + r split exactly so that only the last addition rounds.
        let onePlusR = 1 + r
        let roundingError = (1 - onePlusR) + r
        let mantissa = onePlusR + (roundingError + (r * r) * taylorTail(r))
        let half = k &>> 1
        var result = mantissa * powerOfTwo(half) * powerOfTwo(k &- half)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// eˣ − 1, accurate for small |x| where eˣ − 1 would cancel. −1 below −40 (the nearest Double), +∞ above
    /// 709.78, ±0 for ±0.
    @inline(__always)
    static func expMinusOne(_ x: DoubleLanes) -> DoubleLanes {
        let clamped = clamp(x, -40, 710)
        let (k, r) = reduce(clamped, correction: .zero)
        let q = expMinusOneNear0(r)
        // 2ᵏ(1 + q) − 1 = 2·(s·q + (s − ½)) with s = 2ᵏ⁻¹: one rounding for k ≤ 53, and s stays finite at
        // k = 1024, where 2ᵏ itself would not.
        let s = powerOfTwo(k &- 1)
        var result = 2 * (s - 0.5).addingProduct(s, q)
        result.replace(with: x, where: (x .!= x) .| (x .== 0))
        return result
    }

    /// tanh x = −t / (t + 2) with t = e^(−2|x|) − 1, and the sign of x; one formula over the whole line
    /// (t → −1 for large |x| gives ±1, and t ≈ −2|x| for tiny x keeps full relative precision).
    @inline(__always)
    static func tanh(_ x: DoubleLanes) -> DoubleLanes {
        let magnitude = withSign(of: .zero, magnitude: x)
        let t = expMinusOne(-2 * magnitude)
        let positive = -t / (t + 2)
        return withSign(of: x, magnitude: positive)
    }

    /// σ(x) = 1 / (1 + e⁻ˣ) for x ≥ 0 and eˣ / (1 + eˣ) below, so the exponential never overflows and
    /// σ keeps its relative precision far into the negative tail.
    @inline(__always)
    static func sigmoid(_ x: DoubleLanes) -> DoubleLanes {
        let e = exp(-withSign(of: .zero, magnitude: x))
        let denominator = 1 + e
        return (1 / denominator).replacing(with: e / denominator, where: x .< 0)
    }

    /// x = k·ln2 + r, |r| ≤ ln2/2; k as integer lanes.
    @inline(__always)
    private static func reduce(_ x: DoubleLanes, correction: DoubleLanes) -> (SIMD8<Int64>, DoubleLanes) {
        let shifted = x * log2e + roundingShifter
        let kAsDouble = shifted - roundingShifter
        let k = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- unsafeBitCast(
            DoubleLanes(repeating: roundingShifter), to: SIMD8<Int64>.self)
        let r = x.addingProduct(-kAsDouble, DoubleLanes(repeating: ln2High))
        return (k, r.addingProduct(-kAsDouble, DoubleLanes(repeating: ln2Low)) + correction)
    }

    /// eʳ − 1 for |r| ≤ 0.35: r + r²·P(r).
    @inline(__always)
    private static func expMinusOneNear0(_ r: DoubleLanes) -> DoubleLanes {
        r.addingProduct(r * r, taylorTail(r))
    }

    /// P(r) = 1/2 + r/6 + … + r¹¹/13!, Horner with fused multiply-adds.
    @inline(__always)
    private static func taylorTail(_ r: DoubleLanes) -> DoubleLanes {
        var p = DoubleLanes(repeating: 1.0 / 6_227_020_800)
        p = horner(p, r, 1.0 / 479_001_600)
        p = horner(p, r, 1.0 / 39_916_800)
        p = horner(p, r, 1.0 / 3_628_800)
        p = horner(p, r, 1.0 / 362_880)
        p = horner(p, r, 1.0 / 40_320)
        p = horner(p, r, 1.0 / 5_040)
        p = horner(p, r, 1.0 / 720)
        p = horner(p, r, 1.0 / 120)
        p = horner(p, r, 1.0 / 24)
        p = horner(p, r, 1.0 / 6)
        return horner(p, r, 1.0 / 2)
    }

    /// One Horner step, c + p·x, fused.
    @inline(__always)
    static func horner(_ p: DoubleLanes, _ x: DoubleLanes, _ c: Double) -> DoubleLanes {
        DoubleLanes(repeating: c).addingProduct(p, x)
    }

    /// 2ᵏ for −1022 ≤ k ≤ 1023, from its bits.
    @inline(__always)
    private static func powerOfTwo(_ k: SIMD8<Int64>) -> DoubleLanes {
        unsafeBitCast((k &+ 1023) &<< 52, to: DoubleLanes.self)
    }

    /// |magnitude| with the sign bit of `x` (−0 keeps its sign).
    @inline(__always)
    static func withSign(of x: DoubleLanes, magnitude: DoubleLanes) -> DoubleLanes {
        let signBit = SIMD8<UInt64>(repeating: 1 << 63)
        let bits = (unsafeBitCast(magnitude, to: SIMD8<UInt64>.self) & ~signBit)
            | (unsafeBitCast(x, to: SIMD8<UInt64>.self) & signBit)
        return unsafeBitCast(bits, to: DoubleLanes.self)
    }
}
