/// xʸ with the special cases of C99 Annex F, in grad's own arithmetic.
///
/// Whole exponents up to 64 in magnitude are multiplied out in double-double (so 10ⁿ is exact wherever
/// it is a Double, which `round(x, digits)` relies on); others are e^(y·ln x) with ln x and the product
/// carried in double-double and the low half handed to `exp` as a correction.
enum Power {
    static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 || x == 1 { return 1 }
        if x.isNaN || y.isNaN { return .nan }
        if y.isInfinite {
            let magnitude = abs(x)
            if magnitude == 1 { return 1 }
            return (magnitude < 1) == (y < 0) ? .infinity : 0
        }
        let yIsInteger = y == y.rounded(.towardZero)
        let yIsOdd = yIsInteger && abs(y) < 0x1p53 && Int64(y) & 1 != 0
        if x == 0 {
            if y < 0 { return yIsOdd ? Double(signOf: x, magnitudeOf: .infinity) : .infinity }
            return yIsOdd ? x : 0
        }
        if x.isInfinite {
            let magnitude: Double = y > 0 ? .infinity : 0
            return x < 0 && yIsOdd ? -magnitude : magnitude
        }
        if x < 0 && !yIsInteger { return .nan }
        let magnitude = positivePower(abs(x), y, isInteger: yIsInteger)
        return x < 0 && yIsOdd ? -magnitude : magnitude
    }

    private static func positivePower(_ x: Double, _ y: Double, isInteger: Bool) -> Double {
        if isInteger, abs(y) <= 64, let exact = multipliedOut(x, Int(y)) { return exact }
        let exponent = Logarithm.logDoubleDouble(x) * y
        return ExponentialLanes.exp(
            DoubleLanes(repeating: exponent.hi), correction: DoubleLanes(repeating: exponent.lo))[0]
    }

    /// xⁿ by repeated squaring in double-double, or nil where an intermediate leaves the normal range (the
    /// exponential path then handles overflow and underflow).
    private static func multipliedOut(_ x: Double, _ n: Int) -> Double? {
        var base = DoubleDouble(x)
        var result = DoubleDouble(1)
        var remaining = n.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 { result = result * base }
            remaining >>= 1
            if remaining > 0 { base = base * base }
            guard isSafe(base.hi), isSafe(result.hi) else { return nil }
        }
        let value = n < 0 ? result.reciprocal : result
        return isSafe(value.hi) ? value.value : nil
    }

    /// Far enough inside the normal range that the low half of a double-double is still exact.
    private static func isSafe(_ value: Double) -> Bool {
        value.isFinite && abs(value) >= 0x1p-960 && abs(value) <= 0x1p1000
    }
}
