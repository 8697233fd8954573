import GradCore
import GradSyntax

/// `net`, `layer`, `act` and `init`: from the typed AST to the core's architecture types.
extension Interpreter {
    func runNet(_ spec: NetSpec) throws {
        if spec.kind != .dense { return try runRecurrentNet(spec) }
        let template = try hiddenLayer(width: 1, options: spec.options)
        let widths = try layerWidths(spec.shape)
        let hidden = widths.map { width -> HiddenLayerSpec in
            var layer = template
            layer.width = width
            return layer
        }
        try runSession(at: spec.range) { try session.setNetwork(NetworkPlan(hidden: hidden, outputBias: spec.options.bias)) }
        commandLog.append(SessionLog.denseNet(widths, template))
        reportNetwork()
    }

    /// Prints the network just built (and the notes the session left).
    func reportNetwork() {
        flushNotes()
        if !options.quiet, let network = session.network {
            output.line("net: \(network.spec.inputWidth) → \(session.plan?.summary ?? "") → \(network.spec.outputWidth) (\(network.spec.parameterCount) parameters)")
            reportDroppedSkips(network.spec)
        }
    }

    /// The widths a `net` shape gives, checked.
    func layerWidths(_ shape: NetShape) throws -> [Int] {
        switch shape {
        case .repeated(let depth, let width, _):
            let count = try integer(depth, what: "the number of layers")
            guard count >= 0 else { throw RuntimeError(.invalidValue, "the number of layers cannot be negative", at: depth.range) }
            guard count <= NetworkSpec.maximumHiddenLayers else {
                throw RuntimeError(.limitExceeded, "\(count) layers is more than the limit of \(NetworkSpec.maximumHiddenLayers)", at: depth.range)
            }
            return Array(repeating: try positiveInteger(width, what: "the layer width"), count: count)
        case .widths(let list, _):
            return try list.map { try positiveInteger($0, what: "a layer width") }
        }
    }

    func runLayer(_ spec: LayerSpec) throws {
        let layer = try hiddenLayer(width: try positiveInteger(spec.width, what: "the layer width"), options: spec.options)
        try runSession(at: spec.range) { try session.appendLayer(layer) }
        commandLog.append(SessionLog.layer(layer))
        flushNotes()
    }

    /// One hidden layer's settings from `net`/`layer` options; the defaults are relu and PyTorch's init.
    private func hiddenLayer(width: Int, options layerOptions: LayerOptions) throws -> HiddenLayerSpec {
        let activation = try layerOptions.activation.map(activation) ?? .relu
        var initializer = try layerOptions.initializer.map(initializer) ?? .default
        if let gain = layerOptions.gain { initializer.gain = try finiteNumber(gain, what: "the gain") }
        return HiddenLayerSpec(
            width: width, activation: activation, initializer: initializer, batchNorm: layerOptions.batchNorm,
            residual: layerOptions.residual, bias: layerOptions.bias)
    }

    func runActivation(_ selection: LayerSelection, _ name: Interpolable<ActivationName>, range: SourceRange) throws {
        let chosen = try activation(name)
        let layers = try layerNumbers(selection, hiddenOnly: true)
        try runSession(at: range) { try session.setActivation(chosen, layers: layers) }
        commandLog.append(.activation(layers: SessionLog.layers(layers), activation: SessionLog.word(SessionLog.activation(chosen))))
    }

    func runInitialize(_ selection: LayerSelection, _ name: Interpolable<InitName>, gain: Expr?, range: SourceRange) throws {
        var chosen = try initializer(name)
        if let gain { chosen.gain = try finiteNumber(gain, what: "the gain") }
        let layers = try layerNumbers(selection, hiddenOnly: false)
        try runSession(at: range) { try session.setInitializer(chosen, layers: layers) }
        commandLog.append(SessionLog.initialize(layers, chosen))
    }

    /// `all`, a number, a list or a range of 1-based layer numbers.
    private func layerNumbers(_ selection: LayerSelection, hiddenOnly: Bool) throws -> [Int] {
        switch selection {
        case .all:
            let hidden = session.plan?.hidden.count ?? 0
            return Array(1...max(hidden + (hiddenOnly ? 0 : 1), 1))
        case .layers(let expression):
            switch try evaluate(expression) {
            case .number: return [try integer(expression, what: "a layer number")]
            case .list(let items):
                return try items.map { item in
                    // The same bounds `integer` checks, so 1e300 is refused rather than converted.
                    guard case .number(let value) = item, value == value.rounded(), abs(value) < 1e15 else {
                        throw RuntimeError(.invalidValue, "layer numbers must be whole numbers", at: expression.range)
                    }
                    return Int(value)
                }
            case let other:
                throw RuntimeError(.typeMismatch, "expected layer numbers (3, [1, 2] or 1..5), got \(other.typeName)", at: expression.range)
            }
        }
    }

    func activation(_ name: Interpolable<ActivationName>) throws -> Activation {
        switch try resolved(name, what: "an activation name", by: Parser.resolveActivation) {
        case .sigmoid: return .sigmoid
        case .tanh: return .tanh
        case .relu: return .relu
        case .leaky(let slope): return .leakyRelu(slope: try slope.map { try finiteNumber($0, what: "the leaky slope") } ?? 0.01)
        case .elu(let alpha): return .elu(alpha: try alpha.map { try finiteNumber($0, what: "elu's alpha") } ?? 1)
        case .gelu(let form): return .gelu(form == .tanh ? .tanh : .erf)
        case .softsign: return .softsign
        case .linear: return .linear
        }
    }

    func initializer(_ name: Interpolable<InitName>) throws -> Initializer {
        switch try resolved(name, what: "an init name", by: Parser.resolveInitializer) {
        case .xavier(let distribution): return Initializer(distribution == .normal ? .xavierNormal : .xavierUniform)
        case .he(let distribution, let mode):
            return Initializer(distribution == .uniform ? .heUniform : .heNormal, mode: mode == .fanOut ? .fanOut : .fanIn)
        case .lecun: return Initializer(.lecunNormal)
        case .orthogonal: return Initializer(.orthogonal)
        case .normal(let mean, let std):
            let deviation = try finiteNumber(std, what: "the standard deviation")
            guard deviation >= 0 else { throw RuntimeError(.invalidValue, "the standard deviation cannot be negative", at: std.range) }
            return Initializer(.normal(mean: try mean.map { try finiteNumber($0, what: "the mean") } ?? 0, std: deviation))
        case .uniform(let low, let high):
            let a = try finiteNumber(low, what: "the lower bound"), b = try finiteNumber(high, what: "the upper bound")
            guard a <= b else { throw RuntimeError(.invalidValue, "uniform needs low ≤ high, got \(Format.number(a)) > \(Format.number(b))", at: high.range) }
            return Initializer(.uniform(low: a, high: b))
        case .zeros: return Initializer(.zeros)
        case .constant(let value): return Initializer(.constant(try finiteNumber(value, what: "the constant")))
        case .pytorchDefault: return .default
        }
    }

    func unknownWord(_ word: String, kind: String, among words: [String], at range: SourceRange) -> RuntimeError {
        var notes = [Note("expected one of: \(words.joined(separator: ", "))")]
        if let close = Suggestion.closest(to: word, in: words) { notes.insert(Note("did you mean '\(close)'?"), at: 0) }
        return RuntimeError(.unknownWord, "unknown \(kind) '\(word)'", at: range, notes: notes)
    }

    /// `residual` adds a skip only where a layer keeps its width; say where it could not.
    private func reportDroppedSkips(_ spec: NetworkSpec) {
        let dropped = spec.hidden.indices.filter { spec.hidden[$0].residual && !spec.hasSkip(hidden: $0) }
        guard !dropped.isEmpty else { return }
        let layers = dropped.map { "\($0 + 1)" }.joined(separator: ", ")
        output.line("note: no skip on layer\(dropped.count == 1 ? "" : "s") \(layers): the input and output widths differ "
                    + "(\(spec.inputWidth(ofHidden: dropped[0])) → \(spec.hidden[dropped[0]].width))")
    }

    /// Prints and clears notes the session left (e.g. "the network was rebuilt").
    func flushNotes() {
        for note in session.notes where !options.quiet { output.line("note: \(note)") }
        session.notes.removeAll()
    }
}
