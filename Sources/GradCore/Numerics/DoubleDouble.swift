/// An unevaluated sum `hi + lo` of two Doubles (|lo| ≤ ½ulp(hi)): about 106 bits, enough to carry a
/// logarithm or a power through the steps where plain Double would lose the last bits.
///
/// Every operation is a fixed sequence of IEEE additions, multiplications and fused multiply-adds, so it
/// gives the same bits on every machine.
struct DoubleDouble {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    /// a + b exactly, as the rounded sum and its error (Knuth's TwoSum; no condition on the magnitudes).
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bVirtual = s - a
        let aVirtual = s - bVirtual
        return DoubleDouble(s, (a - aVirtual) + (b - bVirtual))
    }

    /// a + b exactly when |a| ≥ |b| or a = 0 (Dekker's FastTwoSum).
    @inline(__always)
    static func fastTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(s, b - (s - a))
    }

    /// a · b exactly: the rounded product and its error fma(a, b, −p).
    @inline(__always)
    static func exactProduct(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        return DoubleDouble(p, (-p).addingProduct(a, b))
    }

    static func + (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let s = twoSum(x.hi, y.hi)
        return fastTwoSum(s.hi, s.lo + (x.lo + y.lo))
    }

    static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let p = exactProduct(x.hi, y.hi)
        return fastTwoSum(p.hi, p.lo + (x.hi * y.lo + x.lo * y.hi))
    }

    static func * (x: DoubleDouble, y: Double) -> DoubleDouble {
        let p = exactProduct(x.hi, y)
        return fastTwoSum(p.hi, p.lo + x.lo * y)
    }

    /// 1 / x to about 100 bits: one Newton step on the Double reciprocal.
    var reciprocal: DoubleDouble {
        let q = 1 / hi
        // r = 1 − q·x; its leading part 1 − q·hi is exact in one fma
        let r = (1 as Double).addingProduct(-q, hi) - q * lo
        return DoubleDouble.fastTwoSum(q, q * r)
    }

    /// The nearest Double.
    var value: Double { hi + lo }
}
