/// The recurrent front of a network: a stack of recurrent layers that reads each row as a sequence of
/// `steps` steps and hands the dense layers the last step's state, or every step's state as a row of its
/// own (`NetworkSpec.headRowsPerExample`).
///
/// The whole stack counts as user layer 0 (`Parameter.layer`): the dense layers keep their numbers 1…,
/// so per-layer statistics and every existing command see the head as before, and `clip layer` groups
/// the recurrent tensors together. The tensors are named `rnn.weight_ih_l0` …, as a `torch.nn.RNN`/`LSTM`/
/// `GRU` module called `rnn` (with `batch_first=True`) names them.
public struct RecurrentSpec: Equatable, Hashable, Sendable, Codable {
    public var cell: RecurrentCell
    /// T: the time steps each row is split into (the network's input width must be a multiple of it).
    public var steps: Int
    /// Hidden units of each stacked layer, first to last.
    public var hidden: [Int]
    /// Whether the dense head runs at every step (on each h_t, its weights shared by the steps) or only on h_T.
    public var headReadsEveryStep: Bool
    /// Truncated BPTT (see `Recurrent.truncation`); nil is full BPTT.
    public var truncation: Int?
    public var initializer: RecurrentInitializer

    public init(
        cell: RecurrentCell, steps: Int, hidden: [Int], headReadsEveryStep: Bool = false, truncation: Int? = nil,
        initializer: RecurrentInitializer = .init()
    ) {
        self.cell = cell
        self.steps = steps
        self.hidden = hidden
        self.headReadsEveryStep = headReadsEveryStep
        self.truncation = truncation
        self.initializer = initializer
    }

    /// The most stacked recurrent layers (deeper stacks are not trained in practice).
    public static let maximumLayers = 64
    /// The user layer number every recurrent tensor carries.
    public static let layerNumber = 0
    /// The prefix of the tensors' `state_dict` names.
    public static let namePrefix = "rnn."

    /// Trainable scalars of the stack for `features` inputs per step, in floating point (cannot overflow).
    func parameterEstimate(features: Int) -> Double {
        var total = 0.0
        var previous = Double(features)
        for width in hidden.map(Double.init) {
            let gates = Double(cell.gateCount) * width
            total += gates * (previous + width + 2)
            previous = width
        }
        return total
    }

    /// Checks the stack against the network's input width before anything is allocated.
    func validate(inputWidth: Int) throws {
        if case .rnn(let activation) = cell, activation != .tanh, activation != .relu {
            throw NetworkError.invalid("a plain recurrent layer takes tanh or relu, as torch.nn.RNN does")
        }
        guard steps >= 1, inputWidth % steps == 0 else {
            throw NetworkError.invalid("\(inputWidth) inputs do not split into \(steps) time steps")
        }
        guard !hidden.isEmpty, hidden.count <= Self.maximumLayers else {
            throw NetworkError.invalid("a recurrent stack has 1 to \(Self.maximumLayers) layers, got \(hidden.count)")
        }
        if let bad = hidden.first(where: { $0 <= 0 }) {
            throw NetworkError.invalid("recurrent layers need a positive width, got \(bad)")
        }
        if let truncation, truncation < 1 {
            throw NetworkError.invalid("truncated BPTT needs at least one step, got \(truncation)")
        }
    }

    /// Truncation changes how backward runs, not any shape or weight, so it is switched in place: the
    /// trainer, its history and the optimizer state carry on.
    ///
    /// - Precondition: `steps` is nil or at least 1.
    static func retruncate<S: TrainingScalar>(_ network: Network<S>, to steps: Int?) {
        precondition(steps.map { $0 >= 1 } ?? true, "truncation must be at least one step")
        for layer in network.recurrent { layer.truncation = steps }
    }

    /// The layers, named and numbered as above; every layer but the last returns every step.
    func makeLayers<S: TrainingScalar>(inputWidth: Int) -> [Recurrent<S>] {
        var features = inputWidth / steps
        return hidden.enumerated().map { index, width in
            defer { features = width }
            return Recurrent<S>(
                cell: cell, steps: steps, inputSize: features, hiddenSize: width,
                returnsEveryStep: headReadsEveryStep || index < hidden.count - 1, truncation: truncation,
                stackIndex: index, namePrefix: Self.namePrefix, layer: Self.layerNumber)
        }
    }
}
