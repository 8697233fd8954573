import GradCore
import GradSyntax

/// The recurrent stack a user asked for (`net lstm 2x64 …`); the time steps come from the data unless
/// `steps` fixes them.
public struct RecurrentPlan: Equatable, Sendable {
    public var cell: RecurrentCell
    public var hidden: [Int]
    public var steps: Int?
    public var truncation: Int?
    public var headReadsEveryStep: Bool
    public var initializer: RecurrentInitializer

    /// The core's spec for rows split into `steps` steps.
    func spec(steps: Int) -> RecurrentSpec {
        RecurrentSpec(cell: cell, steps: steps, hidden: hidden, headReadsEveryStep: headReadsEveryStep,
                      truncation: truncation, initializer: initializer)
    }

    /// "lstm 2x64, init orthogonal, bptt 20".
    public var summary: String {
        let shape = Set(hidden).count == 1 ? "\(hidden.count)x\(hidden[0])" : hidden.map(String.init).joined(separator: "-")
        var parts = ["\(cell.name) \(shape)", "init \(initializer.name)"]
        if headReadsEveryStep { parts.append("every step") }
        if let truncation { parts.append("bptt \(truncation)") }
        return parts.joined(separator: ", ")
    }
}

extension RecurrentInitializer {
    /// The scheme as typed after `init` (`orthogonal radius 1.1`, `smart`, `default input xavier`).
    public var name: String {
        var parts: [String]
        switch recurrent {
        case .pytorchDefault: parts = ["default"]
        case .orthogonal: parts = ["orthogonal"]
        case .identity: parts = ["identity"]
        case .normal(let std): parts = ["normal \(Format.number(std))"]
        case .pascanuSigmoid: parts = ["sigmoid"]
        case .basicTanh: parts = ["basic"]
        case .smartTanh: parts = ["smart"]
        }
        if let input { parts.append("input \(input.name)") }
        if let spectralRadius { parts.append("radius \(Format.number(spectralRadius))") }
        if let forgetBias { parts.append(forgetBias == OptionDefaults.forgetBias ? "forgetbias" : "forgetbias \(Format.number(forgetBias))") }
        return parts.joined(separator: " ")
    }
}
