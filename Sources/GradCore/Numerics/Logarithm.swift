/// Natural and base-10 logarithms, and ln(1 + x), computed in double-double so that `pow` and `log10` can
/// keep the bits a plain Double would lose.
///
/// Method: x = 2ᵏ·m with m in [√½, √2); f = m − 1 (exact); ln m = 2·atanh(s) with s = f/(2 + f), written
/// as 2s + s·R(s²), R the series 2s²/3 + 2s⁴/5 + … + 2s²²/23 (|s| ≤ 0.1716, so the next term is below
/// 2⁻⁶⁰ relative). 2s is carried in double-double, R in Double, and k·ln2 from a three-part ln2 with an
/// exact leading product. The double-double result is good to about 2⁻⁵⁹ relative.
enum Logarithm {
    static let ln2High = 0x1.62e42fee00000p-1
    static let ln2Low = 0x1.a39ef35793c76p-33
    static let ln2Lowest = 0x1.cc01f97b57a08p-87
    static let inverseLn10 = DoubleDouble(0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57)

    /// ln x rounded to Double; NaN for x < 0 or NaN, −∞ at ±0, +∞ at +∞.
    static func log(_ x: Double) -> Double {
        if let special = specialValue(x) { return special }
        return logDoubleDouble(x).value
    }

    /// log₁₀ x; exact at powers of ten that are Doubles (the charts' decade ticks depend on it).
    static func log10(_ x: Double) -> Double {
        if let special = specialValue(x) { return special }
        return (logDoubleDouble(x) * inverseLn10).value
    }

    /// ln(1 + x): 1 + x is split exactly into u + e, and ln(u + e) = ln u + e/u to well below an ulp.
    static func logOnePlus(_ x: Double) -> Double {
        if x.isNaN || x < -1 { return .nan }
        if x == -1 { return -.infinity }
        if x == .infinity { return .infinity }
        if abs(x) < 0x1p-54 { return x }  // ln(1 + x) = x − x²/2 …, and x²/2 is below half an ulp of x
        let u = DoubleDouble.twoSum(1, x)
        let log = logDoubleDouble(u.hi)
        return DoubleDouble.fastTwoSum(log.hi, log.lo + u.lo / u.hi).value
    }

    /// The IEEE answers for the arguments the series does not cover.
    private static func specialValue(_ x: Double) -> Double? {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        return nil
    }

    /// ln x as a double-double, for finite x > 0.
    static func logDoubleDouble(_ x: Double) -> DoubleDouble {
        let (k, m) = decompose(x)
        let f = m - 1
        // s = f / (2 + f) to double-double precision: 2 + f is split exactly, then one correction step.
        let denominator = DoubleDouble.twoSum(2, f)
        let sHigh = f / denominator.hi
        let remainder = f.addingProduct(-sHigh, denominator.hi) - sHigh * denominator.lo
        let sLow = remainder / denominator.hi
        let z = sHigh * sHigh
        var series = 2.0 / 23
        series = (2.0 / 21).addingProduct(series, z)
        series = (2.0 / 19).addingProduct(series, z)
        series = (2.0 / 17).addingProduct(series, z)
        series = (2.0 / 15).addingProduct(series, z)
        series = (2.0 / 13).addingProduct(series, z)
        series = (2.0 / 11).addingProduct(series, z)
        series = (2.0 / 9).addingProduct(series, z)
        series = (2.0 / 7).addingProduct(series, z)
        series = (2.0 / 5).addingProduct(series, z)
        series = (2.0 / 3).addingProduct(series, z)
        let tail = sHigh * (series * z)
        let logM = DoubleDouble.fastTwoSum(2 * sHigh, 2 * sLow + tail)
        let kd = Double(k)
        let kLn2 = DoubleDouble(kd * ln2High) + DoubleDouble.exactProduct(kd, ln2Low)
            + DoubleDouble(kd * ln2Lowest)
        return kLn2 + logM
    }

    /// x = 2ᵏ·m with m in [√½, √2), from the bits (subnormals are scaled up first).
    private static func decompose(_ x: Double) -> (Int, Double) {
        var value = x
        var k = 0
        if value < Double.leastNormalMagnitude {
            value *= 0x1p54
            k = -54
        }
        let bits = value.bitPattern
        k += Int((bits >> 52) & 0x7ff) - 1023
        var m = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000)
        if m > 0x1.6a09e667f3bcdp0 {  // √2
            m *= 0.5
            k += 1
        }
        return (k, m)
    }
}
