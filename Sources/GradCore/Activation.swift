/// An elementwise nonlinearity, applied by the layers in one pass over their pre-activations.
///
/// Each case's derivative sits next to its forward formula. Where the derivative can be written in terms
/// of the output (sigmoid, tanh, relu) backward reads the output, so the pre-activation need not be kept.
public enum Activation: Equatable, Hashable, Sendable, Codable {
    case sigmoid
    case tanh
    case relu
    /// `x` for x > 0, `slope · x` otherwise (PyTorch `LeakyReLU`, default slope 0.01).
    case leakyRelu(slope: Double)
    /// `x` for x > 0, `alpha · (eˣ − 1)` otherwise (PyTorch `ELU`, default alpha 1).
    case elu(alpha: Double)
    /// Gaussian error linear unit; `.erf` is PyTorch's default `GELU()`, `.tanh` its `approximate='tanh'`.
    case gelu(GELUForm)
    /// `x / (1 + |x|)`.
    case softsign
    /// The identity (used for output layers and before batch norm).
    case linear

    public enum GELUForm: String, Sendable, Codable, Hashable { case erf, tanh }

    /// Saturation is "output within this distance of a bound" for the bounded activations.
    public static let saturationMargin = 1e-2

    /// The name users type and see.
    public var name: String {
        switch self {
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyRelu(let slope): slope == 0.01 ? "leaky" : "leaky \(slope)"
        case .elu(let alpha): alpha == 1 ? "elu" : "elu \(alpha)"
        case .gelu(let form): form == .erf ? "gelu" : "gelu tanh"
        case .softsign: "softsign"
        case .linear: "linear"
        }
    }

    /// True when backward needs the pre-activation rather than the output.
    var needsPreActivation: Bool {
        switch self {
        case .sigmoid, .tanh, .relu, .linear, .softsign: false
        case .leakyRelu, .elu, .gelu: true
        }
    }

    /// True for activations whose units can die (output exactly zero for every sample).
    public var canDie: Bool { self == .relu }

    /// True for activations with bounded output whose units can saturate.
    public var isBounded: Bool {
        switch self {
        case .sigmoid, .tanh, .softsign: true
        default: false
        }
    }

    /// out[i] = f(pre[i]) for `count` values. `pre` and `out` may alias only for `.linear` and `.relu`.
    ///
    /// Every function is a fixed sequence of IEEE operations, so results are the same on every machine.
    /// Sigmoid and tanh on Floats run in Float lanes (`FloatExponentialLanes`: they dominate a recurrent
    /// cell's step); every other function is evaluated in Double by `GradMath` and rounded once, Float
    /// buffers going eight values at a time through the same lanes.
    func forward<S: TrainingScalar>(pre: UnsafePointer<S>, out: UnsafeMutablePointer<S>, count: Int) {
        switch self {
        case .sigmoid:
            Self.map(pre, out, count: count, lanes: ExponentialLanes.sigmoid, floatLanes: FloatExponentialLanes.sigmoid)
        case .tanh:
            Self.map(pre, out, count: count, lanes: ExponentialLanes.tanh, floatLanes: FloatExponentialLanes.tanh)
        case .relu:
            if S.self == Float.self {
                Self.reluForwardFloats(UnsafeRawPointer(pre), UnsafeMutableRawPointer(out), count: count)
            } else {
                for i in 0..<count { out[i] = pre[i] <= 0 ? 0 : pre[i] }  // NaN stays NaN, as in torch.relu
            }
        case .leakyRelu(let slope):
            let a = S(slope)
            for i in 0..<count { out[i] = pre[i] > 0 ? pre[i] : a * pre[i] }
        case .elu(let alpha):
            // α(eˣ − 1) with expm1, which keeps precision for small negative inputs where eˣ − 1 would cancel.
            Self.map(
                pre, out, count: count,
                lanes: { x in (alpha * ExponentialLanes.expMinusOne(x)).replacing(with: x, where: x .> 0) })
        case .gelu(.erf):
            for i in 0..<count {
                let x = Double(pre[i])
                out[i] = S(x * (1 + GradMath.erf(x * Self.inverseSqrt2)) / 2)
            }
        case .gelu(.tanh):
            for i in 0..<count {
                let x = Double(pre[i])
                out[i] = S(x * (1 + GradMath.tanh(Self.geluTanhArgument(x))) / 2)
            }
        case .softsign:
            for i in 0..<count { out[i] = pre[i] / (1 + abs(pre[i])) }
        case .linear:
            if UnsafePointer(out) != pre { out.update(from: pre, count: count) }
        }
    }

    /// out[i] = f(pre[i]) through Double `lanes`: Floats eight at a time, rounded once.
    @inline(__always)
    private static func map<S: TrainingScalar>(
        _ pre: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, count: Int, lanes: (DoubleLanes) -> DoubleLanes
    ) {
        map(pre, out, count: count, lanes: lanes) { (x: SIMD8<Float>) in SIMD8<Float>(lanes(DoubleLanes(x))) }
    }

    /// out[i] = f(pre[i]): Floats a vector at a time through `floatLanes`; Doubles one at a time in lane 0 of
    /// `lanes`, so the Double path can never drift from a Float one that goes through Double lanes too.
    /// (Both closures are non-optional: an optional one escapes, and the lanes were then no longer inlined.)
    @inline(__always)
    private static func map<S: TrainingScalar, V: SIMD>(
        _ pre: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, count: Int,
        lanes: (DoubleLanes) -> DoubleLanes, floatLanes: (V) -> V
    ) where V.Scalar == Float {
        guard S.self == Float.self else {
            for i in 0..<count { out[i] = S(lanes(DoubleLanes(repeating: Double(pre[i])))[0]) }
            return
        }
        mapFloatVectors(UnsafeRawPointer(pre), UnsafeMutableRawPointer(out), count: count, lanes: floatLanes)
    }

    /// target[i] = f(source[i]) for `count` Floats, a vector of `V` at a time; the last few are padded to a
    /// whole vector, so every value meets the same arithmetic.
    @inline(__always)
    private static func mapFloatVectors<V: SIMD>(
        _ source: UnsafeRawPointer, _ target: UnsafeMutableRawPointer, count: Int, lanes: (V) -> V
    ) where V.Scalar == Float {
        let width = V.scalarCount, bytes = MemoryLayout<V>.stride
        let vectors = count / width
        for v in 0..<vectors {
            let x = source.loadUnaligned(fromByteOffset: v * bytes, as: V.self)
            target.storeBytes(of: lanes(x), toByteOffset: v * bytes, as: V.self)
        }
        let done = vectors * width
        guard done < count else { return }
        var last = V()
        for i in done..<count { last[i - done] = source.load(fromByteOffset: i * 4, as: Float.self) }
        let result = lanes(last)
        for i in done..<count { target.storeBytes(of: result[i - done], toByteOffset: i * 4, as: Float.self) }
    }

    /// dpre[i] = dout[i] · f′(pre[i]), reading `out` where the derivative is cheaper in terms of it.
    /// `dpre` may alias `dout`.
    func backward<S: TrainingScalar>(
        outputGradient dout: UnsafePointer<S>, pre: UnsafePointer<S>, out: UnsafePointer<S>,
        preGradient dpre: UnsafeMutablePointer<S>, count: Int
    ) {
        switch self {
        case .sigmoid:
            // forward was: y = σ(x)  → dy/dx = y(1 − y)
            for i in 0..<count { dpre[i] = dout[i] * out[i] * (1 - out[i]) }
        case .tanh:
            // forward was: y = tanh(x)  → dy/dx = 1 − y²
            for i in 0..<count { dpre[i] = dout[i] * (1 - out[i] * out[i]) }
        case .relu:
            // forward was: y = max(x, 0)  → dy/dx = [y > 0] (PyTorch uses 0 at x = 0)
            if S.self == Float.self {
                Self.reluBackwardFloats(
                    UnsafeRawPointer(dout), UnsafeRawPointer(out), UnsafeMutableRawPointer(dpre), count: count)
            } else {
                for i in 0..<count { dpre[i] = out[i] <= 0 ? 0 : dout[i] }
            }
        case .leakyRelu(let slope):
            let a = S(slope)
            for i in 0..<count { dpre[i] = pre[i] > 0 ? dout[i] : a * dout[i] }
        case .elu(let alpha):
            // forward was: y = α(eˣ − 1) for x ≤ 0  → dy/dx = αeˣ = y + α
            let a = S(alpha)
            for i in 0..<count { dpre[i] = pre[i] > 0 ? dout[i] : dout[i] * (out[i] + a) }
        case .gelu(.erf):
            // forward was: y = x·Φ(x)  → dy/dx = Φ(x) + x·φ(x)
            for i in 0..<count {
                let x = Double(pre[i])
                let cdf = (1 + GradMath.erf(x * Self.inverseSqrt2)) / 2
                let pdf = GradMath.exp(-x * x / 2) * Self.inverseSqrt2Pi
                dpre[i] = dout[i] * S(cdf + x * pdf)
            }
        case .gelu(.tanh):
            // forward was: y = x(1 + tanh u)/2, u = √(2/π)(x + 0.044715x³)
            // → dy/dx = (1 + tanh u)/2 + x(1 − tanh²u)·u′/2, u′ = √(2/π)(1 + 3·0.044715x²)
            for i in 0..<count {
                let x = Double(pre[i])
                let t = GradMath.tanh(Self.geluTanhArgument(x))
                let du = Self.sqrt2OverPi * (1 + 3 * 0.044715 * x * x)
                dpre[i] = dout[i] * S((1 + t) / 2 + x * (1 - t * t) * du / 2)
            }
        case .softsign:
            // forward was: y = x/(1+|x|)  → dy/dx = 1/(1+|x|)² = (1 − |y|)²
            for i in 0..<count {
                let d = 1 - abs(out[i])
                dpre[i] = dout[i] * d * d
            }
        case .linear:
            if UnsafePointer(dpre) != dout { dpre.update(from: dout, count: count) }
        }
    }

    /// max(x, 0) in eight Float lanes at a time (`out` may alias `pre`); a NaN input stays NaN, as in
    /// `torch.relu`, so a non-finite value is reported at the layer where it appears.
    private static func reluForwardFloats(_ pre: UnsafeRawPointer, _ out: UnsafeMutableRawPointer, count: Int) {
        let vectors = count / 8
        for v in 0..<vectors {
            let x = pre.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
            out.storeBytes(of: x.replacing(with: 0, where: x .<= 0), toByteOffset: v * 32, as: SIMD8<Float>.self)
        }
        for i in (vectors * 8)..<count {
            let x = pre.load(fromByteOffset: i * 4, as: Float.self)
            out.storeBytes(of: x <= 0 ? 0 : x, toByteOffset: i * 4, as: Float.self)
        }
    }

    /// The ReLU mask in eight Float lanes at a time: the hot elementwise pass of deep ReLU nets, which the
    /// generic loop leaves scalar because `dpre` may alias `dout`.
    private static func reluBackwardFloats(
        _ dout: UnsafeRawPointer, _ out: UnsafeRawPointer, _ dpre: UnsafeMutableRawPointer, count: Int
    ) {
        let vectors = count / 8
        for v in 0..<vectors {
            let offset = v * 32
            let y = out.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            let g = dout.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            dpre.storeBytes(of: g.replacing(with: 0, where: y .<= 0), toByteOffset: offset, as: SIMD8<Float>.self)
        }
        for i in (vectors * 8)..<count {
            let y = out.load(fromByteOffset: i * 4, as: Float.self)
            let g = dout.load(fromByteOffset: i * 4, as: Float.self)
            dpre.storeBytes(of: y <= 0 ? 0 : g, toByteOffset: i * 4, as: Float.self)
        }
    }

    static let inverseSqrt2 = 0x1.6a09e667f3bcdp-1
    static let inverseSqrt2Pi = 0x1.9884533d43651p-2
    static let sqrt2OverPi = 0x1.9884533d43651p-1

    @inline(__always)
    static func geluTanhArgument(_ x: Double) -> Double {
        sqrt2OverPi * (x + 0.044715 * x * x * x)
    }

    /// Whether an output value counts as saturated (within `saturationMargin` of a bound).
    @inline(__always)
    func isSaturated<S: TrainingScalar>(output y: S) -> Bool {
        let margin = S(Self.saturationMargin)
        switch self {
        case .sigmoid: return y < margin || y > 1 - margin
        case .tanh, .softsign: return abs(y) > 1 - margin
        default: return false
        }
    }
}
