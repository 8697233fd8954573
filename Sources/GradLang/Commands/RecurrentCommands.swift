import GradCore
import GradSyntax

/// `net rnn|lstm|gru`, `bptt` and the sequence tasks of `data`: from the typed AST to the core's recurrent types.
extension Interpreter {
    func runRecurrentNet(_ spec: NetSpec) throws {
        let hidden = try layerWidths(spec.shape)
        guard !hidden.isEmpty else {
            throw RuntimeError(.invalidValue, "a recurrent net needs at least one layer", at: spec.shape.range)
        }
        guard hidden.count <= RecurrentSpec.maximumLayers else {
            throw RuntimeError(.limitExceeded, "\(hidden.count) recurrent layers is more than the limit of \(RecurrentSpec.maximumLayers)",
                               at: spec.shape.range)
        }
        let options = spec.recurrent
        let plan = RecurrentPlan(
            cell: try recurrentCell(spec.kind, activation: spec.options.activation), hidden: hidden,
            steps: try options.steps.map { try positiveInteger($0, what: "the time steps") },
            truncation: try options.bptt.map { try positiveInteger($0, what: "the BPTT steps") },
            headReadsEveryStep: options.everyStep, initializer: try recurrentInitializer(options))
        try runSession(at: spec.range) {
            try session.setNetwork(NetworkPlan(hidden: [], outputBias: spec.options.bias, recurrent: plan))
        }
        commandLog.append(SessionLog.recurrentNet(plan))
        reportNetwork()
    }

    private func recurrentCell(_ kind: NetKind, activation: Interpolable<ActivationName>?) throws -> RecurrentCell {
        switch kind {
        case .lstm: return .lstm
        case .gru: return .gru
        case .dense, .rnn:
            guard let activation else { return .rnn(.tanh) }
            let chosen = try self.activation(activation)
            guard chosen == .tanh || chosen == .relu else {
                let range = if case .interpolated(let expr) = activation { expr.range } else { activation.range }
                throw RuntimeError(.invalidValue, "a plain RNN takes tanh or relu, as torch.nn.RNN does, not \(chosen.name)", at: range)
            }
            return .rnn(chosen)
        }
    }

    private func recurrentInitializer(_ options: RecurrentOptions) throws -> RecurrentInitializer {
        var scheme = RecurrentInitializer.Scheme.pytorchDefault
        switch options.initializer?.value {
        case nil, .pytorchDefault?: break
        case .orthogonal?: scheme = .orthogonal
        case .identity?: scheme = .identity
        case .normal(let std)?:
            let deviation = try finiteNumber(std, what: "the standard deviation")
            guard deviation >= 0 else { throw RuntimeError(.invalidValue, "the standard deviation cannot be negative", at: std.range) }
            scheme = .normal(std: deviation)
        case .sigmoid?: scheme = .pascanuSigmoid
        case .basic?: scheme = .basicTanh
        case .smart?: scheme = .smartTanh
        }
        let radius = try options.radius.map { expression -> Double in
            let value = try finiteNumber(expression, what: "the spectral radius")
            guard value > 0 else { throw RuntimeError(.invalidValue, "the spectral radius must be positive", at: expression.range) }
            return value
        }
        return RecurrentInitializer(
            recurrent: scheme, input: try options.inputInitializer.map(initializer), spectralRadius: radius,
            forgetBias: try forgetBias(options))
    }

    /// The forget-gate bias `forgetbias [B]` asks for: B, the default when B is left out, nil when not given.
    private func forgetBias(_ options: RecurrentOptions) throws -> Double? {
        guard options.forgetBias else { return nil }
        return try options.forgetBiasValue.map { try finiteNumber($0, what: "the forget-gate bias") } ?? OptionDefaults.forgetBias
    }

    func runBPTT(_ steps: Expr?, range: SourceRange) throws {
        let truncation = try steps.map { try positiveInteger($0, what: "the BPTT steps") }
        try runSession(at: range) { try session.setTruncation(truncation) }
        commandLog.append(.bptt(steps: truncation.map(SessionLog.number)))
        flushNotes()
    }

    /// `data adding|multiplication|temporal|temporal3|permutation|memorization [COUNT] [length T]`.
    func runSequenceData(_ name: DataSetName, _ spec: DataSpec) throws {
        let task: SequenceTask = switch name {
        case .multiplication: .multiplication
        case .temporal: .temporalOrder
        case .temporal3: .temporalOrder3Bit
        case .permutation: .permutation
        case .memorization: .memorization
        default: .adding(spec.variant.map { SequenceTask.AddingVariant(rawValue: $0.value.rawValue) ?? .pascanu } ?? .pascanu)
        }
        let count = try spec.count.map { try positiveInteger($0, what: "the number of sequences") }
        let length = try spec.length.map { try positiveInteger($0, what: "the sequence length") }
        try runSession(at: spec.range) { try session.generateSequences(task, count: count, length: length) }
        commandLog.append(SessionLog.data(name, count: count, length: length, variant: spec.variant?.value))
    }
}
