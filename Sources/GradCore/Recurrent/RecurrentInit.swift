/// How a recurrent layer's weights and biases are drawn: PyTorch's default, or a scheme from the
/// vanishing-gradient literature for the recurrent weights W_hh.
///
/// Schemes for W_hh apply to each H × H gate block on its own (an LSTM's four, a GRU's three), since
/// orthogonality, identity and spectral radius are properties of square matrices.
public struct RecurrentInitializer: Equatable, Hashable, Sendable, Codable {
    /// The recurrent weights' scheme.
    public enum Scheme: Equatable, Hashable, Sendable, Codable {
        /// `RNNBase.reset_parameters`: every weight and bias U(−1/√H, 1/√H).
        case pytorchDefault
        /// `orthogonal_` per block: QR of a normal matrix, Q's columns signed by R's diagonal.
        case orthogonal
        /// The identity per block (Le, Jaitly & Hinton 2015, IRNN, with relu).
        case identity
        /// N(0, std²).
        case normal(std: Double)
        /// Pascanu et al. 2013's `sigmoid`: N(0, 0.01²) for W_hh and, unless set, W_ih.
        case pascanuSigmoid
        /// Pascanu et al. 2013's `basic tanh`: N(0, 0.1²) for W_hh and, unless set, W_ih.
        case basicTanh
        /// Pascanu et al. 2013's `smart tanh`: N(0, 0.01²), then all but 15 random entries of each row of
        /// `weight_hh` zeroed, then rescaled to spectral radius 0.95; W_ih N(0, 0.01²) unless set. (Pascanu's
        /// code multiplies h·W, so its rows are the columns here; the spectral radius is the same.)
        case smartTanh
    }

    public var recurrent: Scheme
    /// The input weights' scheme (Xavier, He, …); nil follows `recurrent` (see `Scheme`).
    public var input: Initializer?
    /// When set, each W_hh block is rescaled to this spectral radius after it is drawn.
    public var spectralRadius: Double?
    /// LSTM only: when set, `bias_ih`'s forget block starts at this value and `bias_hh`'s at 0, so the cell
    /// starts out remembering. 1 is Jozefowicz et al. 2015's choice and Keras's `unit_forget_bias`; at
    /// T = 50, σ(1)^50 ≈ 1e-7 still vanishes, and a larger bias (Gers et al. 2000) lets the gradient reach
    /// the first steps from the start.
    public var forgetBias: Double?

    public init(
        recurrent: Scheme = .pytorchDefault, input: Initializer? = nil, spectralRadius: Double? = nil,
        forgetBias: Double? = nil
    ) {
        self.recurrent = recurrent
        self.input = input
        self.spectralRadius = spectralRadius
        self.forgetBias = forgetBias
    }

    /// Non-zeros kept per row by `smartTanh`, and the radius it rescales to.
    static let smartTanhNonZeros = 15
    static let smartTanhRadius = 0.95

    /// Draws every tensor of `layer` from `rng`: W_ih, then W_hh block by block, then the biases (PyTorch's
    /// parameter order, so the default scheme draws as `reset_parameters` does).
    public func initialize<S: TrainingScalar>(_ layer: Recurrent<S>, using rng: inout SeededGenerator) {
        let bound = 1 / Double(layer.hiddenSize).squareRoot()
        if let input {
            input.initialize(weight: layer.weightIH.value, bias: nil, activation: layer.activation, using: &rng)
        } else {
            let std = pascanuStd
            for i in 0..<layer.weightIH.count {
                let value = std.map { rng.nextNormal(std: $0) } ?? rng.nextUniform(-bound, bound)
                layer.weightIH.value.pointer[i] = S(value)
            }
        }
        let h = layer.hiddenSize
        for gate in 0..<layer.cell.gateCount {
            var block = recurrentBlock(size: h, bound: bound, using: &rng)
            if let radius = spectralRadius { Self.rescale(&block, size: h, toRadius: radius) }
            for i in 0..<(h * h) { layer.weightHH.value.pointer[gate * h * h + i] = S(block[i]) }
        }
        for bias in [layer.biasIH, layer.biasHH] {
            for i in 0..<bias.count { bias.value.pointer[i] = recurrent == .pytorchDefault ? S(rng.nextUniform(-bound, bound)) : 0 }
        }
        if let forgetBias, layer.cell == .lstm {
            for j in h..<(2 * h) {
                layer.biasIH.value.pointer[j] = S(forgetBias)
                layer.biasHH.value.pointer[j] = 0
            }
        }
    }

    /// The standard deviation Pascanu's schemes give the input weights, or nil for U(±1/√H).
    private var pascanuStd: Double? {
        switch recurrent {
        case .pascanuSigmoid, .smartTanh: 0.01
        case .basicTanh: 0.1
        case .pytorchDefault, .orthogonal, .identity, .normal: nil
        }
    }

    /// One H × H block of W_hh, row-major.
    private func recurrentBlock(size h: Int, bound: Double, using rng: inout SeededGenerator) -> [Double] {
        switch recurrent {
        case .pytorchDefault: return (0..<(h * h)).map { _ in rng.nextUniform(-bound, bound) }
        case .orthogonal: return Orthogonal.matrix(rows: h, cols: h, using: &rng)
        case .identity: return (0..<(h * h)).map { $0 / h == $0 % h ? 1 : 0 }
        case .normal(let std): return (0..<(h * h)).map { _ in rng.nextNormal(std: std) }
        case .pascanuSigmoid: return (0..<(h * h)).map { _ in rng.nextNormal(std: 0.01) }
        case .basicTanh: return (0..<(h * h)).map { _ in rng.nextNormal(std: 0.1) }
        case .smartTanh:
            var block = (0..<(h * h)).map { _ in rng.nextNormal(std: 0.01) }
            for row in 0..<h {
                var columns = Array(0..<h)
                rng.shuffle(&columns)
                for column in columns.dropFirst(Self.smartTanhNonZeros) { block[row * h + column] = 0 }
            }
            Self.rescale(&block, size: h, toRadius: Self.smartTanhRadius)
            return block
        }
    }

    /// Multiplies `block` by radius / ρ(block); a block with ρ = 0 (or not finite) is left as it is.
    static func rescale(_ block: inout [Double], size h: Int, toRadius radius: Double) {
        let current = Spectrum.spectralRadius(block, n: h)
        guard current > 0, current.isFinite else { return }
        for i in block.indices { block[i] *= radius / current }
    }
}

extension Recurrent {
    /// Gate block `gate` of W_hh (H × H, row-major) in Double.
    public func recurrentBlock(gate: Int = 0) -> [Double] {
        let h = hiddenSize
        return (0..<(h * h)).map { Double(weightHH.value.pointer[gate * h * h + $0]) }
    }

    /// ρ of W_hh's gate block `gate` (the whole W_hh of a plain RNN).
    public func spectralRadius(gate: Int = 0) -> Double {
        Spectrum.spectralRadius(recurrentBlock(gate: gate), n: hiddenSize)
    }

    /// The largest singular value of W_hh's gate block `gate`.
    public func largestSingularValue(gate: Int = 0) -> Double {
        Spectrum.largestSingularValue(recurrentBlock(gate: gate), rows: hiddenSize, cols: hiddenSize)
    }
}
