/// The architecture of one hidden layer: Linear → [BatchNorm] → activation, optionally with a skip.
public struct HiddenLayerSpec: Equatable, Hashable, Sendable, Codable {
    public var width: Int
    public var activation: Activation
    public var initializer: Initializer
    public var batchNorm: Bool
    /// Adds the layer's input to its output when the widths match (ignored where they do not).
    public var residual: Bool
    public var bias: Bool

    public init(
        width: Int, activation: Activation, initializer: Initializer = .default,
        batchNorm: Bool = false, residual: Bool = false, bias: Bool = true
    ) {
        self.width = width
        self.activation = activation
        self.initializer = initializer
        self.batchNorm = batchNorm
        self.residual = residual
        self.bias = bias
    }
}

/// A whole network: input width, an optional recurrent front, hidden layers, and a linear output layer.
public struct NetworkSpec: Equatable, Hashable, Sendable, Codable {
    public var inputWidth: Int
    public var hidden: [HiddenLayerSpec]
    public var outputWidth: Int
    public var outputInitializer: Initializer
    public var outputBias: Bool
    /// Recurrent layers before the dense ones, reading each row as a sequence; nil for a multilayer
    /// perceptron (and then absent from the JSON, so a dense model file reads and writes as before).
    public var recurrent: RecurrentSpec?

    public init(
        inputWidth: Int, hidden: [HiddenLayerSpec], outputWidth: Int,
        outputInitializer: Initializer = .default, outputBias: Bool = true, recurrent: RecurrentSpec? = nil
    ) {
        self.inputWidth = inputWidth
        self.hidden = hidden
        self.outputWidth = outputWidth
        self.outputInitializer = outputInitializer
        self.outputBias = outputBias
        self.recurrent = recurrent
    }

    /// `depth` hidden layers of `width` units, all alike: the common "20x64 relu init he" shape.
    public static func uniform(
        inputWidth: Int, depth: Int, width: Int, outputWidth: Int, activation: Activation,
        initializer: Initializer, batchNorm: Bool = false, residual: Bool = false, bias: Bool = true
    ) -> NetworkSpec {
        let layer = HiddenLayerSpec(
            width: width, activation: activation, initializer: initializer,
            batchNorm: batchNorm, residual: residual, bias: bias)
        return NetworkSpec(
            inputWidth: inputWidth, hidden: Array(repeating: layer, count: depth), outputWidth: outputWidth,
            outputInitializer: initializer, outputBias: bias)
    }

    /// The most hidden layers a network may have: far deeper than any experiment here needs, and small
    /// enough that building, saving or loading one stays quick.
    public static let maximumHiddenLayers = 10_000

    /// Number of dense layers, counting the output layer (user-facing layers are 1...layerCount).
    public var layerCount: Int { hidden.count + 1 }

    /// Input width of hidden layer `index` (0-based).
    public func inputWidth(ofHidden index: Int) -> Int { index == 0 ? denseInputWidth : hidden[index - 1].width }

    /// What one row of the first dense layer reads: a recurrent state (the last step's, or each step's when
    /// the head runs at every step), or the network's input.
    public var denseInputWidth: Int { recurrent.map { $0.hidden.last ?? 0 } ?? inputWidth }

    /// Rows the dense layers see per example: T when the head runs at every time step, as `nn.Linear`
    /// applied to an RNN's `(batch, T, hidden)` output does (one head shared by the steps, so step t's
    /// prediction reads only h_t and the task has to be carried through time), else 1.
    public var headRowsPerExample: Int { recurrent.map { $0.headReadsEveryStep ? $0.steps : 1 } ?? 1 }

    /// The output layer's width: the outputs of one head row (one time step's, for a head at every step).
    public var headOutputWidth: Int { outputWidth / headRowsPerExample }

    /// Whether hidden layer `index` (0-based) really gets a skip connection.
    public func hasSkip(hidden index: Int) -> Bool {
        hidden[index].residual && inputWidth(ofHidden: index) == hidden[index].width
    }

    /// Total number of trainable scalars.
    public var parameterCount: Int {
        var total = recurrent.map { Int($0.parameterEstimate(features: inputWidth / max($0.steps, 1))) } ?? 0
        var previous = denseInputWidth
        for layer in hidden {
            total += previous * layer.width + (layer.bias ? layer.width : 0) + (layer.batchNorm ? 2 * layer.width : 0)
            previous = layer.width
        }
        return total + previous * headOutputWidth + (outputBias ? headOutputWidth : 0)
    }

    /// `parameterCount` in floating point, which cannot overflow: for checking a shape someone typed (or a
    /// model file claims) against a memory limit before anything is allocated.
    public var parameterEstimate: Double {
        var total = recurrent.map { $0.parameterEstimate(features: inputWidth / max($0.steps, 1)) } ?? 0
        var previous = Double(denseInputWidth)
        for layer in hidden {
            let width = Double(layer.width)
            total += previous * width + (layer.bias ? width : 0) + (layer.batchNorm ? 2 * width : 0)
            previous = width
        }
        return total + previous * Double(headOutputWidth) + (outputBias ? Double(headOutputWidth) : 0)
    }

    /// Checks sizes before anything is allocated.
    public func validate() throws {
        guard inputWidth > 0 else { throw NetworkError.invalid("the input width must be positive (got \(inputWidth))") }
        guard outputWidth > 0 else { throw NetworkError.invalid("the output width must be positive (got \(outputWidth))") }
        guard hidden.count <= Self.maximumHiddenLayers else {
            throw NetworkError.invalid("\(hidden.count) hidden layers is more than the limit of \(Self.maximumHiddenLayers)")
        }
        try recurrent?.validate(inputWidth: inputWidth)
        guard outputWidth % headRowsPerExample == 0 else {
            throw NetworkError.invalid("a head at every time step needs outputs for each of the \(headRowsPerExample) steps, "
                                       + "but the data has \(outputWidth) output\(outputWidth == 1 ? "" : "s") per row")
        }
        for (index, layer) in hidden.enumerated() where layer.width <= 0 {
            throw NetworkError.invalid("layer \(index + 1) has width \(layer.width); widths must be positive")
        }
    }
}

/// A network that cannot be built or loaded as asked.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
