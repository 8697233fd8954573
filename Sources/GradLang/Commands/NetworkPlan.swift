import GradCore
import GradSyntax

/// The hidden layers a user asked for; the input and output widths come from the data when it is built.
public struct NetworkPlan: Equatable, Sendable {
    public var hidden: [HiddenLayerSpec]
    /// The output layer's initializer: the hidden layers' scheme when they all share one, else PyTorch's default.
    public var outputInitializer: Initializer
    public var outputBias: Bool
    /// The recurrent stack in front of the dense layers, if any.
    public var recurrent: RecurrentPlan?

    public init(hidden: [HiddenLayerSpec], outputInitializer: Initializer? = nil, outputBias: Bool = true,
                recurrent: RecurrentPlan? = nil) {
        self.hidden = hidden
        self.recurrent = recurrent
        let schemes = Set(hidden.map(\.initializer))
        self.outputInitializer = outputInitializer ?? (schemes.count == 1 ? schemes.first! : .default)
        self.outputBias = outputBias
    }

    /// The complete architecture for data with `inputs` features and `outputs` targets; a recurrent stack
    /// splits each row into `sequenceSteps` steps (a sequence task's) unless the plan fixes its own, and
    /// otherwise reads one feature per step.
    public func spec(inputs: Int, outputs: Int, sequenceSteps: Int? = nil) -> NetworkSpec {
        NetworkSpec(
            inputWidth: inputs, hidden: hidden, outputWidth: outputs, outputInitializer: outputInitializer,
            outputBias: outputBias,
            recurrent: recurrent.map { $0.spec(steps: $0.steps ?? sequenceSteps ?? inputs) })
    }

    /// "20x64 relu, init he_normal" style summary.
    public var summary: String {
        let dense = denseSummary
        guard let recurrent else { return dense }
        return hidden.isEmpty ? recurrent.summary : "\(recurrent.summary) → \(dense)"
    }

    private var denseSummary: String {
        guard let first = hidden.first else { return "no hidden layers" }
        if hidden.allSatisfy({ $0 == first }) {
            var parts = ["\(hidden.count)x\(first.width)", first.activation.name, "init \(first.initializer.name)"]
            if first.batchNorm { parts.append("batchnorm") }
            if first.residual { parts.append("residual") }
            if !first.bias { parts.append("bias off") }
            return parts.joined(separator: " ")
        }
        return hidden.map { "\($0.width) \($0.activation.name)" }.joined(separator: " - ")
    }
}

extension Initializer {
    /// The name users type (`xavier`, `he normal fan_out`, `normal 0 1`).
    public var name: String {
        var base: String
        switch scheme {
        case .xavierUniform: base = "xavier"
        case .xavierNormal: base = "xavier normal"
        case .heUniform: base = "he uniform"
        case .heNormal: base = "he"
        case .lecunNormal: base = "lecun"
        case .orthogonal: base = "orthogonal"
        case .normal(let mean, let std): base = mean == 0 ? "normal \(Format.number(std))" : "normal \(Format.number(mean)) \(Format.number(std))"
        case .uniform(let low, let high): base = "uniform \(Format.number(low)) \(Format.number(high))"
        case .zeros: base = "zeros"
        case .constant(let value): base = "constant \(Format.number(value))"
        case .pytorchDefault: base = "default"
        }
        if mode == .fanOut { base += " fan_out" }
        if let gain { base += " gain \(Format.number(gain))" }
        return base
    }
}
