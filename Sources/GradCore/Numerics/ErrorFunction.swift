/// The error function in grad's own arithmetic (GELU's exact form needs it).
///
/// Method: erf x = (2/√π)·x·e^(−x²)·Σₙ (2x²)ⁿ / (1·3·…·(2n+1)), a series of positive terms (so nothing
/// cancels) summed until a term falls below 2⁻⁶⁰ of the sum, for |x| < 2.5; above, 1 − erfc x from erfc's
/// continued fraction. e^(−x²) takes x² as an exact double-double.
/// |x| ≥ 6 gives ±1, the nearest Double (erfc 6 ≈ 2·10⁻¹⁷).
enum ErrorFunction {
    private static let twoOverSqrtPi = DoubleDouble(0x1.20dd750429b6dp+0, 0x1.1ae3a914fed80p-56)

    static func erf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let magnitude = abs(x)
        if magnitude >= 6 { return x > 0 ? 1 : -1 }
        if x == 0 { return x }
        if magnitude < 0x1p-28 { return (twoOverSqrtPi * x).value }
        let square = DoubleDouble.exactProduct(magnitude, magnitude)
        let gaussian = ExponentialLanes.exp(
            DoubleLanes(repeating: -square.hi), correction: DoubleLanes(repeating: -square.lo))[0]
        let value = magnitude < continuedFractionStart
            ? seriesTimesGaussian(magnitude, square: square.hi, gaussian: gaussian)
            : 1 - complementTimesGaussian(magnitude, gaussian: gaussian)
        return x < 0 ? -min(value, 1) : min(value, 1)
    }

    /// Where the positive series (many terms, rounding adding up near erf = 1) hands over to erfc's
    /// continued fraction.
    private static let continuedFractionStart = 2.5

    /// (2/√π)·x·e^(−x²)·Σ (2x²)ⁿ / (1·3·…·(2n+1)).
    private static func seriesTimesGaussian(_ magnitude: Double, square: Double, gaussian: Double) -> Double {
        let twoSquare = 2 * square
        var term = 1.0
        var sum = 1.0
        var denominator = 1.0
        while term > sum * 0x1p-60 {
            denominator += 2
            term = term * twoSquare / denominator
            sum += term
        }
        return (twoOverSqrtPi * magnitude).value * gaussian * sum
    }

    /// erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), evaluated from a fixed depth upwards
    /// (80 levels: converged to below 2⁻⁶⁰ for x ≥ 2.5).
    private static func complementTimesGaussian(_ magnitude: Double, gaussian: Double) -> Double {
        var fraction = magnitude
        for level in stride(from: 80, through: 1, by: -1) { fraction = magnitude + (Double(level) / 2) / fraction }
        return (twoOverSqrtPi * 0.5).value * gaussian / fraction
    }
}
