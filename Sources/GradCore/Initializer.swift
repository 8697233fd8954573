/// How a dense layer's weights (and, for `pytorchDefault`, biases) are drawn, following PyTorch `nn.init`.
///
/// Weights are stored `[out][in]` like `nn.Linear`, so fan_in = in and fan_out = out.
public struct Initializer: Equatable, Hashable, Sendable, Codable {
    public enum Scheme: Equatable, Hashable, Sendable, Codable {
        /// `xavier_uniform_`: U(−a, a), a = gain·√(6/(fan_in + fan_out)).
        case xavierUniform
        /// `xavier_normal_`: N(0, std²), std = gain·√(2/(fan_in + fan_out)).
        case xavierNormal
        /// `kaiming_uniform_`: U(−b, b), b = gain·√(3/fan).
        case heUniform
        /// `kaiming_normal_`: N(0, std²), std = gain/√fan.
        case heNormal
        /// LeCun normal: N(0, 1/fan_in) — `kaiming_normal_` with nonlinearity 'linear' (PyTorch has no
        /// named lecun init; this is the untruncated form).
        case lecunNormal
        /// `orthogonal_`: a (semi-)orthogonal matrix from the QR decomposition of a normal matrix, times gain.
        case orthogonal
        /// `normal_(mean, std)`.
        case normal(mean: Double, std: Double)
        /// `uniform_(a, b)`.
        case uniform(low: Double, high: Double)
        /// `zeros_`.
        case zeros
        /// `constant_(value)`.
        case constant(Double)
        /// What `nn.Linear.reset_parameters` does: `kaiming_uniform_(a=√5)` for the weight, i.e.
        /// U(−1/√fan_in, 1/√fan_in), and U(−1/√fan_in, 1/√fan_in) for the bias.
        case pytorchDefault
    }

    /// Which fan the Kaiming schemes divide by (`mode='fan_in'` is PyTorch's default).
    public enum FanMode: String, Sendable, Codable, Hashable { case fanIn = "fan_in", fanOut = "fan_out" }

    public var scheme: Scheme
    /// Overrides the scheme's gain. Nil means PyTorch's default: 1 for Xavier and orthogonal,
    /// `calculate_gain('leaky_relu', slope)` for Kaiming, where slope is the layer's leaky slope or 0.
    public var gain: Double?
    public var mode: FanMode

    public init(_ scheme: Scheme, gain: Double? = nil, mode: FanMode = .fanIn) {
        self.scheme = scheme
        self.gain = gain
        self.mode = mode
    }

    public static let xavier = Initializer(.xavierUniform)
    public static let he = Initializer(.heNormal)
    public static let `default` = Initializer(.pytorchDefault)

    /// PyTorch `calculate_gain` for the activations it knows; 1 for those it does not (elu, gelu, softsign).
    public static func recommendedGain(for activation: Activation) -> Double {
        switch activation {
        case .sigmoid, .linear: 1
        case .tanh: 5.0 / 3.0
        case .relu: 2.0.squareRoot()
        case .leakyRelu(let slope): (2.0 / (1 + slope * slope)).squareRoot()
        case .elu, .gelu, .softsign: 1
        }
    }

    /// The standard deviation this initializer gives a weight of shape `[fanOut][fanIn]`
    /// (what the tests compare sampled weights against).
    public func expectedStd(fanIn: Int, fanOut: Int, activation: Activation) -> Double {
        let fan = Double(mode == .fanIn ? fanIn : fanOut)
        switch scheme {
        case .xavierUniform, .xavierNormal:
            return (gain ?? 1) * (2.0 / Double(fanIn + fanOut)).squareRoot()
        case .heUniform, .heNormal:
            return kaimingGain(activation) / fan.squareRoot()
        case .lecunNormal:
            return (gain ?? 1) / Double(fanIn).squareRoot()
        case .orthogonal:
            // Rows (or columns) are unit vectors: each entry has variance 1/max(fanIn, fanOut).
            return (gain ?? 1) / Double(max(fanIn, fanOut)).squareRoot()
        case .normal(_, let std):
            return std
        case .uniform(let low, let high):
            return (high - low) / 12.0.squareRoot()
        case .zeros, .constant:
            return 0
        case .pytorchDefault:
            return 1 / (3 * Double(fanIn)).squareRoot()
        }
    }

    private func kaimingGain(_ activation: Activation) -> Double {
        if let gain { return gain }
        let slope: Double
        if case .leakyRelu(let s) = activation { slope = s } else { slope = 0 }
        return (2.0 / (1 + slope * slope)).squareRoot()
    }

    /// Fills `weight` (`[fanOut][fanIn]`) and `bias` (1 × fanOut, may be nil) from `rng`.
    public func initialize<S: TrainingScalar>(
        weight: Matrix<S>, bias: Matrix<S>?, activation: Activation, using rng: inout SeededGenerator
    ) {
        let fanOut = weight.rows, fanIn = weight.cols
        let std = expectedStd(fanIn: fanIn, fanOut: fanOut, activation: activation)
        switch scheme {
        case .xavierUniform, .heUniform:
            let bound = std * 3.0.squareRoot()
            for i in 0..<weight.count { weight.pointer[i] = S(rng.nextUniform(-bound, bound)) }
        case .xavierNormal, .heNormal, .lecunNormal:
            for i in 0..<weight.count { weight.pointer[i] = S(rng.nextNormal(std: std)) }
        case .normal(let mean, let deviation):
            for i in 0..<weight.count { weight.pointer[i] = S(rng.nextNormal(mean: mean, std: deviation)) }
        case .uniform(let low, let high):
            for i in 0..<weight.count { weight.pointer[i] = S(rng.nextUniform(low, high)) }
        case .zeros:
            weight.fill(0)
        case .constant(let value):
            weight.fill(S(value))
        case .orthogonal:
            let values = Orthogonal.matrix(rows: fanOut, cols: fanIn, using: &rng)
            let g = gain ?? 1
            for i in 0..<weight.count { weight.pointer[i] = S(g * values[i]) }
        case .pytorchDefault:
            let bound = 1 / Double(fanIn).squareRoot()
            for i in 0..<weight.count { weight.pointer[i] = S(rng.nextUniform(-bound, bound)) }
            if let bias {
                for i in 0..<bias.count { bias.pointer[i] = S(rng.nextUniform(-bound, bound)) }
            }
            return
        }
        bias?.fill(0)
    }
}

/// The orthogonal matrix behind `orthogonal_`, by Householder QR in Double.
enum Orthogonal {
    /// A `rows × cols` row-major matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols):
    /// PyTorch's recipe — QR of a standard normal matrix (transposed when wide), then Q's columns
    /// multiplied by the signs of R's diagonal so the result is uniformly distributed.
    static func matrix(rows: Int, cols: Int, using rng: inout SeededGenerator) -> [Double] {
        let tall = rows >= cols
        let m = tall ? rows : cols, n = tall ? cols : rows  // m ≥ n
        // a is m × n, column-major for cache-friendly Householder updates.
        var a = [Double](repeating: 0, count: m * n)
        for i in 0..<(m * n) { a[i] = rng.nextNormal() }
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n { q[j * m + j] = 1 }
        var reflectors: [[Double]] = []
        var signs = [Double](repeating: 1, count: n)
        for k in 0..<n {
            var norm = 0.0
            for i in k..<m { norm += a[k * m + i] * a[k * m + i] }
            norm = norm.squareRoot()
            let alpha = a[k * m + k] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: m)
            for i in k..<m { v[i] = a[k * m + i] }
            v[k] -= alpha
            var vNorm = 0.0
            for i in k..<m { vNorm += v[i] * v[i] }
            if vNorm > 0 {
                for j in k..<n {
                    var dot = 0.0
                    for i in k..<m { dot += v[i] * a[j * m + i] }
                    let scale = 2 * dot / vNorm
                    for i in k..<m { a[j * m + i] -= scale * v[i] }
                }
            }
            reflectors.append(vNorm > 0 ? v.map { $0 / vNorm.squareRoot() } : v)
            signs[k] = a[k * m + k] < 0 ? -1 : 1  // sign of R's diagonal entry
        }
        // Q = H₀H₁…Hₙ₋₁ applied to the first n columns of the identity, last reflector first.
        for k in stride(from: n - 1, through: 0, by: -1) {
            let v = reflectors[k]
            for j in 0..<n {
                var dot = 0.0
                for i in k..<m { dot += v[i] * q[j * m + i] }
                for i in k..<m { q[j * m + i] -= 2 * dot * v[i] }
            }
        }
        var result = [Double](repeating: 0, count: rows * cols)
        for j in 0..<n {
            for i in 0..<m {
                let value = q[j * m + i] * signs[j]
                // tall: result[i][j] = Q[i][j]; wide: result = Qᵀ, so result[j][i] = Q[i][j].
                if tall { result[i * cols + j] = value } else { result[j * cols + i] = value }
            }
        }
        return result
    }
}
