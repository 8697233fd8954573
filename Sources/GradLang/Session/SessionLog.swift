import Foundation
import GradCore
import GradSyntax

/// The replay log behind `history` and `save session`: every command that changed the session's state,
/// written back in canonical form with every value resolved (`net dense ${d}x64 $act` is logged as
/// `net dense 6x64 relu init he`), so running the log from a fresh start rebuilds the same weights bit
/// for bit. Numbers are written in Swift's shortest round-tripping form, never rounded for display.
struct SessionLog {
    private(set) var commands: [String] = []

    init(seed: UInt64) { commands = ["seed \(seed)"] }

    mutating func append(_ command: String) { commands.append(command) }

    /// The script `save session` writes.
    func script(header: String) -> String {
        (["# \(header)", "# Replays the commands that built this session; run it with 'grad FILE'."] + commands)
            .joined(separator: "\n") + "\n"
    }

    /// `DEPTHxWIDTH` when every layer is as wide (`0x1` without layers), else `W1-W2-…`.
    static func shape(_ widths: [Int]) -> String {
        widths.count <= 1 || Set(widths).count == 1 ? "\(widths.count)x\(widths.first ?? 1)" : widths.map(String.init).joined(separator: "-")
    }

    /// `net lstm 2x64 init orthogonal radius 1.1 every bptt 20 steps 50`.
    static func recurrentNet(_ plan: RecurrentPlan) -> String {
        let kind = if case .rnn = plan.cell { "rnn" } else { plan.cell.name }
        var words = ["net", kind, shape(plan.hidden)]
        if case .rnn(let activation) = plan.cell { words.append(activation.name) }
        words += ["init", plan.initializer.name]
        if plan.headReadsEveryStep { words.append("every") }
        if let truncation = plan.truncation { words.append("bptt \(truncation)") }
        if let steps = plan.steps { words.append("steps \(steps)") }
        return words.joined(separator: " ")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func activation(_ activation: Activation) -> String {
        switch activation {
        case .leakyRelu(let slope): "leaky \(number(slope))"
        case .elu(let alpha): "elu \(number(alpha))"
        case .gelu(let form): form == .tanh ? "gelu tanh" : "gelu erf"
        default: activation.name
        }
    }

    static func initializer(_ initializer: Initializer) -> String {
        var text: String
        switch initializer.scheme {
        case .xavierUniform: text = "xavier uniform"
        case .xavierNormal: text = "xavier normal"
        case .heUniform: text = "he uniform"
        case .heNormal: text = "he normal"
        case .lecunNormal: text = "lecun"
        case .orthogonal: text = "orthogonal"
        case .normal(let mean, let std): text = "normal \(number(mean)) \(number(std))"
        case .uniform(let low, let high): text = "uniform \(number(low)) \(number(high))"
        case .zeros: text = "zeros"
        case .constant(let value): text = "constant \(number(value))"
        case .pytorchDefault: text = "default"
        }
        if initializer.mode == .fanOut { text += " fan_out" }
        if let gain = initializer.gain { text += " gain \(number(gain))" }
        return text
    }

    /// The options of a hidden layer as `net`/`layer` spell them.
    static func options(_ layer: HiddenLayerSpec) -> String {
        var parts = [activation(layer.activation), "init", initializer(layer.initializer)]
        if layer.batchNorm { parts.append("batchnorm") }
        if layer.residual { parts.append("residual") }
        if !layer.bias { parts.append("bias off") }
        return parts.joined(separator: " ")
    }

    /// `net` (and `layer` lines for a mixed plan) that rebuild `plan`.
    static func network(_ plan: NetworkPlan) -> [String] {
        guard let first = plan.hidden.first else { return ["net dense 0x1 relu"] }
        if plan.hidden.allSatisfy({ $0 == first }) {
            return ["net dense \(plan.hidden.count)x\(first.width) \(options(first))"]
        }
        return ["net dense 1x\(first.width) \(options(first))"] + plan.hidden.dropFirst().map { "layer \($0.width) \(options($0))" }
    }

    static func clip(_ mode: ClipMode) -> String {
        switch mode {
        case .off: "clip off"
        case .globalNorm(let limit, let style): "clip norm \(number(limit)) style \(style == .tensorflow ? "tf" : "torch")"
        case .value(let limit): "clip value \(number(limit))"
        case .layerNorm(let limit, _): "clip layer \(number(limit))"
        case .tensorNorm(let limit, _): "clip tensor \(number(limit))"
        case .minimumNorm(let floor): "clip min \(number(floor))"
        }
    }

    static func optimizer(_ settings: OptimizerSettings) -> String {
        var text: String
        switch settings.kind {
        case .sgd: text = "optim sgd"
        case .momentum(let mu, let dampening):
            text = "optim momentum \(number(mu))" + (dampening == 0 ? "" : " dampening \(number(dampening))")
        case .nesterov(let mu): text = "optim nesterov \(number(mu))"
        case .adam(let b1, let b2, let eps, let amsgrad), .adamw(let b1, let b2, let eps, let amsgrad):
            text = "optim \(settings.kind.name) betas \(number(b1)) \(number(b2)) eps \(number(eps))" + (amsgrad ? " amsgrad" : "")
        case .rmsprop(let alpha, let eps, let momentum, let centered):
            text = "optim rmsprop alpha \(number(alpha)) momentum \(number(momentum)) eps \(number(eps))"
                + (centered ? " centered" : "")
        }
        return text + " lr \(number(settings.learningRate)) decay \(number(settings.weightDecay))"
    }

    /// Layer numbers as a list literal.
    static func layers(_ numbers: [Int]) -> String { "[" + numbers.map(String.init).joined(separator: ", ") + "]" }
}

extension Interpreter {
    /// `history`: the log, numbered.
    func showCommandLog() {
        for (index, command) in commandLog.commands.enumerated() { output.line("\(index + 1)  \(command)") }
    }

    /// `save session "FILE"`: writes the log atomically.
    func saveSession(to path: String, directory: URL?, range: SourceRange) throws {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        try runSession(at: range) { try FileWriting.write(commandLog.script(header: "grad session"), to: url) }
        if !options.quiet { output.line("saved session to \(url.relativePath) (\(commandLog.commands.count) commands)") }
    }
}

extension SessionLog {
    /// A schedule in steps, as `schedule … steps` spells it; `start` is the step count when it was set
    /// (a cosine's end is stored as an absolute step).
    static func schedule(_ schedule: LearningRateSchedule, from start: Int) -> String {
        func body(_ schedule: LearningRateSchedule) -> String {
            switch schedule {
            case .constant: "none"
            case .step(let every, let gamma): "step \(every) \(number(gamma)) steps"
            case .exponential(let gamma): "exp \(number(gamma)) steps"
            case .cosine(let total, let minimum): "cosine min \(number(minimum)) length \(total - start) steps"
            case .warmup(let steps, let next): "\(body(next)) warmup \(steps)"
            }
        }
        return "schedule " + body(schedule)
    }
}
