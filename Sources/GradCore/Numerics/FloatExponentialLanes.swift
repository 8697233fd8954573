/// Sixteen Floats processed together: the logistic sigmoid and tanh of Float layers, computed in Float.
///
/// Why Float and not `ExponentialLanes` (Double, rounded once): a recurrent cell evaluates four or five of
/// these per hidden unit and time step, and through Double lanes they took a third of an LSTM's training
/// step. Here each is one short fixed sequence of IEEE Float operations and explicit fused multiply-adds,
/// 16 lanes wide, so the result is still the same on every machine (AVX-512, AVX2, SSE2 with the software
/// fma, NEON); only its last bit may differ from the correctly rounded value. Float64 layers (the
/// finite-difference checks) keep `ExponentialLanes`.
///
/// Method: x = k·ln2 + r with |r| ≤ ln2/2 (Cody & Waite, ln2 split in two); eʳ − 1 = r + r²·P(r) with P
/// the Taylor series to r⁵/7! (truncation below 2⁻²⁷ relative); the scale 2ᵏ is built from its bits in two
/// factors so that k down to −150 needs no branch. Measured against the Double functions (exact to far below
/// a Float ulp) over every 251st Float of both signs (`ElementaryFunctionTests.testFloatLanes…`): at most
/// 2.15 ulp for sigmoid and 2.48 ulp for tanh, against the ~0.5 ulp of the Double functions rounded once.
enum FloatExponentialLanes {
    typealias Lanes = SIMD16<Float>
    typealias Integers = SIMD16<Int32>

    /// ln2 = ln2High + ln2Low, ln2High with its last 11 bits zero so that k·ln2High is exact for |k| < 2¹¹.
    static let ln2High: Float = 0.693359375
    static let ln2Low: Float = -2.12194440e-4
    static let log2e: Float = 1.44269504088896341
    /// Adding 1.5·2²³ rounds a Float of magnitude < 2²² to an integer and leaves it in the low bits.
    private static let roundingShifter: Float = 12_582_912

    /// σ(x) = 1 / (1 + e⁻ˣ) for x ≥ 0 and e^x / (1 + e^x) below, so the exponential never overflows and
    /// σ keeps its relative precision in the negative tail (to the subnormals below x ≈ −87); NaN stays NaN.
    @inline(__always)
    static func sigmoid(_ x: Lanes) -> Lanes {
        let e = expOfNonPositive(-magnitude(x))
        // One division with the numerator chosen per lane: the same quotients as dividing both ways and
        // choosing after, for half the divisions (the slowest instruction here).
        let numerator = Lanes(repeating: 1).replacing(with: e, where: x .< 0)
        var result = numerator / (1 + e)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// tanh x = −t / (t + 2) with t = e^(−2|x|) − 1, and the sign of x (−0 stays −0); NaN stays NaN.
    @inline(__always)
    static func tanh(_ x: Lanes) -> Lanes {
        let t = expMinusOneOfNonPositive(-2 * magnitude(x))
        let positive = -t / (t + 2)
        var result = withSign(of: x, magnitude: positive)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// eʸ for y ≤ 0: below −104 it is +0 (e⁻¹⁰⁴ is under half the least subnormal).
    @inline(__always)
    static func expOfNonPositive(_ y: Lanes) -> Lanes {
        var clamped = y
        clamped.replace(with: -104, where: y .< -104)
        let (k, r) = reduce(clamped)
        let mantissa = 1 + r.addingProduct(r * r, taylorTail(r))
        let half = k &>> 1
        return mantissa * powerOfTwo(half) * powerOfTwo(k &- half)
    }

    /// eʸ − 1 for y ≤ 0, accurate where eʸ − 1 would cancel; −1 below −20 (the nearest Float).
    @inline(__always)
    static func expMinusOneOfNonPositive(_ y: Lanes) -> Lanes {
        var clamped = y
        clamped.replace(with: -20, where: y .< -20)
        let (k, r) = reduce(clamped)
        let q = r.addingProduct(r * r, taylorTail(r))  // eʳ − 1
        // 2ᵏ(1 + q) − 1 = 2·(s·q + (s − ½)) with s = 2ᵏ⁻¹: exact scaling, one rounding in the fma.
        let s = powerOfTwo(k &- 1)
        return 2 * (s - 0.5).addingProduct(s, q)
    }

    /// y = k·ln2 + r, |r| ≤ ln2/2; k as integer lanes.
    @inline(__always)
    private static func reduce(_ y: Lanes) -> (Integers, Lanes) {
        let shifted = y * log2e + roundingShifter
        let kAsFloat = shifted - roundingShifter
        let k = unsafeBitCast(shifted, to: Integers.self) &- Integers(repeating: Int32(bitPattern: roundingShifter.bitPattern))
        let r = y.addingProduct(-kAsFloat, Lanes(repeating: ln2High))
        return (k, r.addingProduct(-kAsFloat, Lanes(repeating: ln2Low)))
    }

    /// P(r) = 1/2 + r/6 + r²/24 + r³/120 + r⁴/720 + r⁵/5040, Horner with fused multiply-adds, so that
    /// eʳ − 1 = r + r²·P(r) to r⁷/7!.
    @inline(__always)
    private static func taylorTail(_ r: Lanes) -> Lanes {
        var p = Lanes(repeating: 1.0 / 5040)
        p = Lanes(repeating: 1.0 / 720).addingProduct(p, r)
        p = Lanes(repeating: 1.0 / 120).addingProduct(p, r)
        p = Lanes(repeating: 1.0 / 24).addingProduct(p, r)
        p = Lanes(repeating: 1.0 / 6).addingProduct(p, r)
        return Lanes(repeating: 0.5).addingProduct(p, r)
    }

    /// 2ᵏ for −126 ≤ k ≤ 127, from its bits.
    @inline(__always)
    private static func powerOfTwo(_ k: Integers) -> Lanes {
        unsafeBitCast((k &+ 127) &<< 23, to: Lanes.self)
    }

    @inline(__always)
    private static func magnitude(_ x: Lanes) -> Lanes {
        unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7fff_ffff, to: Lanes.self)
    }

    /// |magnitude| with the sign bit of `x`.
    @inline(__always)
    private static func withSign(of x: Lanes, magnitude: Lanes) -> Lanes {
        let signBit = SIMD16<UInt32>(repeating: 0x8000_0000)
        let bits = (unsafeBitCast(magnitude, to: SIMD16<UInt32>.self) & ~signBit)
            | (unsafeBitCast(x, to: SIMD16<UInt32>.self) & signBit)
        return unsafeBitCast(bits, to: Lanes.self)
    }
}
