/// grad's elementary functions: the only ones the core, the language and the charts call.
///
/// Each is a fixed sequence of IEEE operations and explicit fused multiply-adds, never the platform's libm
/// (glibc chooses FMA or non-FMA variants by CPU, and macOS has its own), so a seed prints the same digits
/// on every machine. Where the CPU has no FMA, the software `fma` gives the same bits. Accuracy, measured
/// against 300-bit references over the whole range (`ElementaryFunctionTests` holds the bounds):
///
/// | function | max error | | function | max error |
/// |---|---|---|---|---|
/// | exp | 0.66 ulp | | log, log10 | 0.51 ulp |
/// | expMinusOne | 1.33 ulp | | log1p | 0.51 ulp |
/// | tanh | 2.19 ulp | | sin, cos | 0.65 ulp (|x| < 2⁵⁰) |
/// | sigmoid | 1.51 ulp | | pow | 0.75 ulp |
/// | erf | 7.0 ulp | | | |
///
/// Float results are the Double result rounded once, so they are correctly rounded but for rare
/// near-halfway cases.
public enum GradMath {
    /// eˣ.
    public static func exp(_ x: Double) -> Double { ExponentialLanes.exp(DoubleLanes(repeating: x))[0] }
    /// eˣ − 1, precise near 0.
    public static func expMinusOne(_ x: Double) -> Double {
        ExponentialLanes.expMinusOne(DoubleLanes(repeating: x))[0]
    }
    /// The hyperbolic tangent.
    public static func tanh(_ x: Double) -> Double { ExponentialLanes.tanh(DoubleLanes(repeating: x))[0] }
    /// The logistic function 1 / (1 + e⁻ˣ).
    public static func sigmoid(_ x: Double) -> Double { ExponentialLanes.sigmoid(DoubleLanes(repeating: x))[0] }
    /// The natural logarithm; NaN below 0, −∞ at ±0.
    public static func log(_ x: Double) -> Double { Logarithm.log(x) }
    /// ln(1 + x), precise near 0.
    public static func log1p(_ x: Double) -> Double { Logarithm.logOnePlus(x) }
    /// The base-10 logarithm; exact at powers of ten up to 10²².
    public static func log10(_ x: Double) -> Double { Logarithm.log10(x) }
    /// xʸ with C99's special cases.
    public static func pow(_ x: Double, _ y: Double) -> Double { Power.pow(x, y) }
    /// The sine, x in radians.
    public static func sin(_ x: Double) -> Double { Trigonometry.sin(x) }
    /// The cosine, x in radians.
    public static func cos(_ x: Double) -> Double { Trigonometry.cos(x) }
    /// The error function 2/√π ∫₀ˣ e^(−t²) dt.
    public static func erf(_ x: Double) -> Double { ErrorFunction.erf(x) }
}
