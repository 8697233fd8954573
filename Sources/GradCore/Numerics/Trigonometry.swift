/// Sine and cosine in grad's own arithmetic.
///
/// Method: x = k·π/2 + r with |r| ≤ π/4, where π/2 is split into three Doubles; the first product is
/// subtracted exactly in one fused multiply-add and r is carried as a double-double. sin r and cos r are
/// their Taylor series to r¹⁹/19! and r²⁰/20! (truncation below 2⁻⁶⁸ on |r| ≤ π/4), with cos's leading
/// 1 − r²/2 rounded once and its error added back. Accurate for |x| < 2⁵⁰; beyond that the quadrant is no
/// longer exact and the result, still the same on every machine, is not meaningful (no data set or
/// schedule in grad comes near).
enum Trigonometry {
    private static let halfPi = (0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54, -0x1.f1976b7ed8fbcp-110)
    private static let twoOverPi = 0x1.45f306dc9c883p-1

    static func sin(_ x: Double) -> Double {
        guard x.isFinite else { return .nan }
        if abs(x) < 0x1p-27 { return x }  // x³/6 is below half an ulp of x (and ±0 keeps its sign)
        let (quadrant, r) = reduce(x)
        switch quadrant & 3 {
        case 0: return sinNear0(r)
        case 1: return cosNear0(r)
        case 2: return -sinNear0(r)
        default: return -cosNear0(r)
        }
    }

    static func cos(_ x: Double) -> Double {
        guard x.isFinite else { return .nan }
        let (quadrant, r) = reduce(x)
        switch quadrant & 3 {
        case 0: return cosNear0(r)
        case 1: return -sinNear0(r)
        case 2: return -cosNear0(r)
        default: return sinNear0(r)
        }
    }

    /// (k mod 4, x − k·π/2) with k the nearest integer to x·2/π.
    private static func reduce(_ x: Double) -> (Int64, DoubleDouble) {
        if abs(x) <= 0x1.921fb54442d18p-1 { return (0, DoubleDouble(x)) }
        let k = (x * twoOverPi).rounded(.toNearestOrEven)
        // x − k·p₁ is a multiple of 2⁻⁵³ below 1 in magnitude, so the fma gives it exactly.
        let first = x.addingProduct(-k, halfPi.0)
        let second = DoubleDouble.exactProduct(k, halfPi.1)
        let difference = DoubleDouble.twoSum(first, -second.hi)
        let low = difference.lo - second.lo - k * halfPi.2
        let quadrant = abs(k) < 0x1p62 ? Int64(k) : 0
        return (quadrant, DoubleDouble.fastTwoSum(difference.hi, low))
    }

    /// sin(h + l) = h + h·z·S(z) + l·(1 − z/2), z = h².
    private static func sinNear0(_ r: DoubleDouble) -> Double {
        let h = r.hi
        let z = h * h
        var s = -1.0 / 121_645_100_408_832_000
        s = (1.0 / 355_687_428_096_000).addingProduct(s, z)
        s = (-1.0 / 1_307_674_368_000).addingProduct(s, z)
        s = (1.0 / 6_227_020_800).addingProduct(s, z)
        s = (-1.0 / 39_916_800).addingProduct(s, z)
        s = (1.0 / 362_880).addingProduct(s, z)
        s = (-1.0 / 5_040).addingProduct(s, z)
        s = (1.0 / 120).addingProduct(s, z)
        s = (-1.0 / 6).addingProduct(s, z)
        return h + (h * z * s + r.lo * (1 - 0.5 * z))
    }

    /// cos(h + l) = (1 − z/2) + z²·C(z) − h·l, z = h², with 1 − z/2 rounded once and its error kept.
    private static func cosNear0(_ r: DoubleDouble) -> Double {
        let h = r.hi
        let z = h * h
        var c = 1.0 / 2_432_902_008_176_640_000
        c = (-1.0 / 6_402_373_705_728_000).addingProduct(c, z)
        c = (1.0 / 20_922_789_888_000).addingProduct(c, z)
        c = (-1.0 / 87_178_291_200).addingProduct(c, z)
        c = (1.0 / 479_001_600).addingProduct(c, z)
        c = (-1.0 / 3_628_800).addingProduct(c, z)
        c = (1.0 / 40_320).addingProduct(c, z)
        c = (-1.0 / 720).addingProduct(c, z)
        c = (1.0 / 24).addingProduct(c, z)
        let halfZ = 0.5 * z
        let w = 1 - halfZ
        let roundingError = (1 - w) - halfZ
        return w + (roundingError + (z * z * c - h * r.lo))
    }
}
