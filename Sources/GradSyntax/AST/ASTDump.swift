/// A compact, range-free text form of the AST, one statement per line: what parser tests compare
/// against, and a quick way to see how a line was understood. Built-ins and session values are marked
/// with `@` (`@log10(x)`, `@loss`) to tell them from user functions and variables.
extension Program {
    /// Every statement's dump, one per line.
    public var dump: String { statements.map(\.dump).joined(separator: "\n") }
}

extension Block {
    /// `{ s1; s2 }`.
    public var dump: String {
        statements.isEmpty ? "{}" : "{ " + statements.map(\.dump).joined(separator: "; ") + " }"
    }
}

extension Statement {
    /// The statement in dump form.
    public var dump: String {
        switch self {
        case .letBinding(let name, let value, _): "let \(name.name) = \(value.dump)"
        case .assignment(let name, let value, _): "set \(name.name) = \(value.dump)"
        case .forLoop(let variable, let sequence, let body, _): "for \(variable.name) in \(sequence.dump) \(body.dump)"
        case .ifElse(let condition, let then, let otherwise, _):
            "if \(condition.dump) \(then.dump)" + (otherwise.map { " else \($0.dump)" } ?? "")
        case .function(let name, let parameters, let body, _):
            "def \(name.name)(\(parameters.map(\.name).joined(separator: ", "))) \(body.dump)"
        case .returnStatement(let value, _): "return" + (value.map { " \($0.dump)" } ?? "")
        case .include(let path, _): "include \(path.dump)"
        case .print(let items, _): "print(\(items.map(\.dump).joined(separator: ", ")))"
        case .assert(let condition, let message, _): call("assert", [condition.dump, message?.dump])
        case .expect(let condition, let message, let points, let visibility, _):
            call("expect", [condition.dump, message?.dump, points.map { "points: \($0.dump)" },
                            visibility == .visible ? nil : visibility.rawValue])
        case .leaderboard(let name, let value, let order, _):
            call("leaderboard", [name.dump, value.dump, order.rawValue])
        case .expression(let expr, _): "expr \(expr.dump)"
        case .command(let command, _): command.dump
        }
    }
}

extension Expr {
    /// The expression in dump form; operators are fully parenthesised.
    public var dump: String {
        switch self {
        case .number(let value, _): Expr.format(value)
        case .string(let segments, _):
            "\"" + segments.map { segment in
                switch segment {
                case .text(let text, _): text
                case .interpolation(let expr): "${\(expr.dump)}"
                }
            }.joined() + "\""
        case .boolean(let value, _): value ? "true" : "false"
        case .list(let elements, _): "[" + elements.map(\.dump).joined(separator: ", ") + "]"
        case .rangeLiteral(let lower, let upper, _): "(\(lower.dump)..\(upper.dump))"
        case .variable(let name, _): name
        case .session(let value, _): "@\(value.rawValue)"
        case .unary(let op, let operand, _): op == .negate ? "(-\(operand.dump))" : "(not \(operand.dump))"
        case .binary(let op, let lhs, let rhs, _): "(\(lhs.dump) \(op.rawValue) \(rhs.dump))"
        case .call(let callee, let arguments, _):
            {
                if case .builtin = callee { return "@" } else { return "" }
            }() + "\(callee.name)(" + arguments.map(\.dump).joined(separator: ", ") + ")"
        case .index(let base, let index, _): "\(base.dump)[\(index.dump)]"
        }
    }

    /// Whole numbers without a fraction (`3`, not `3.0`).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension Command {
    /// The command in dump form: `name(arguments)`, unset options left out.
    public var dump: String {
        switch self {
        case .seed(let value): call("seed", [value.dump])
        case .data(let spec):
            call("data", [spec.name.dump { $0.rawValue }, labelled("count", spec.count), labelled("path", spec.path),
                          labelled("classes", spec.classes), labelled("noise", spec.noise),
                          labelled("factor", spec.factor), labelled("cells", spec.cells),
                          labelled("features", spec.features), labelled("target", spec.target),
                          spec.task.map { "task: \($0.value.rawValue)" }, labelled("length", spec.length),
                          spec.variant.map { "variant: \($0.value.rawValue)" }])
        case .split(let fraction): call("split", [fraction.dump])
        case .standardize: "standardize"
        case .net(let spec):
            call("net", (spec.kind == .dense ? [] : [spec.kind.rawValue]) + [spec.shape.dump] + spec.options.dump
                 + spec.recurrent.dump)
        case .bptt(let steps): call("bptt", [steps?.dump ?? "full"])
        case .layer(let spec): call("layer", [spec.width.dump] + spec.options.dump)
        case .activation(let layers, let activation): call("act", [layers.dump, activation.dump(\.dump)])
        case .initialize(let layers, let initializer, let gain):
            call("init", [layers.dump, initializer.dump(\.dump), labelled("gain", gain)])
        case .loss(let loss): call("loss", [loss.dump { $0.rawValue }])
        case .optimizer(let spec):
            call("optim", [spec.name.dump(\.dump), labelled("lr", spec.learningRate), labelled("decay", spec.decay),
                           labelled("beta1", spec.beta1), labelled("beta2", spec.beta2),
                           labelled("eps", spec.epsilon), labelled("alpha", spec.alpha), labelled("momentum", spec.momentum),
                           labelled("dampening", spec.dampening)] + OptimizerSwitch.allCases.filter(spec.switches.contains).map(\.rawValue))
        case .learningRate(let value): call("lr", [value.dump])
        case .schedule(let spec):
            call("schedule", [spec.kind?.dump, labelled("warmup", spec.warmup), spec.unit.map { "unit: \($0.rawValue)" }])
        case .clip(let mode): call("clip", [mode.dump])
        case .batch(let size): call("batch", [size.dump])
        case .record(let every): call("record", [every?.dump ?? "off"])
        case .train(let amount, let unit): call("train", [amount.dump, unit.rawValue])
        case .backward: "backward"
        case .step: "step"
        case .reset: "reset"
        case .eval: "eval"
        case .show(let target): call("show", [target.value.rawValue])
        case .showClip(let rows):
            switch rows {
            case .last(let count): call("show", ["clip", "last: \(count.dump)"])
            case .all: call("show", ["clip", "all"])
            }
        case .gradcheck: "gradcheck"
        case .save(let path): call("save", [path.dump])
        case .saveSession(let path): call("saveSession", [path.dump])
        case .history: "history"
        case .load(let path): call("load", [path.dump])
        case .export(let what, let path): call("export", [what.value.rawValue, path.dump])
        case .run(let name): call("run", [name.dump])
        case .help(let topic): topic.map { call("help", [$0.value.word]) } ?? "help"
        case .explain(let topic): call("explain", [topic.value.rawValue])
        case .diagnose: "diagnose"
        case .plot(let target, let overTime): call("plot", [target.value.rawValue, overTime ? "over time" : nil])
        case .plotBoundary(let spec):
            call("plot", ["boundary", labelled("layer", spec.layer), labelled("unit", spec.unit), spec.overTime ? "over time" : nil])
        case .features(let items): call("features", items.map { $0.dump(\.rawValue) })
        case .compare(let runs, let reach): call("compare", runs.map(\.dump) + [reach.map { "reach: \($0.dump)" }])
        case .report(let path): call("report", [path.dump])
        case .sweep(let spec):
            call("sweep", spec.dimensions.map { "\($0.dimension.value.rawValue): [\($0.values.map(\.dump).joined(separator: ", "))]" })
                + " " + spec.body.dump
        }
    }
}

extension Interpolable {
    /// A literal as `word(value)`, an interpolation as `$(expr)`.
    func dump(_ word: (Value) -> String) -> String {
        switch self {
        case .literal(let value, _): word(value)
        case .interpolated(let expr): "$(\(expr.dump))"
        }
    }
}

extension NetShape {
    var dump: String {
        switch self {
        case .repeated(let depth, let width, _): "\(depth.dump)x\(width.dump)"
        case .widths(let widths, _): widths.map(\.dump).joined(separator: "-")
        }
    }
}

extension LayerOptions {
    var dump: [String?] {
        [activation.map { "act: " + $0.dump(\.dump) }, initializer.map { "init: " + $0.dump(\.dump) },
         labelled("gain", gain), batchNorm ? "batchnorm" : nil, residual ? "residual" : nil, bias ? nil : "bias off"]
    }
}

extension RecurrentOptions {
    var dump: [String?] {
        let scheme = initializer.map { located -> String in
            if case .normal(let std) = located.value { return "init: normal(\(std.dump))" }
            return "init: " + located.value.word.rawValue
        }
        return [scheme, inputInitializer.map { "input: " + $0.dump(\.dump) }, labelled("radius", radius),
                forgetBias ? (forgetBiasValue.map { "forgetbias: \($0.dump)" } ?? "forgetbias") : nil, everyStep ? "every" : nil, labelled("bptt", bptt), labelled("steps", steps)]
    }
}

extension LayerSelection {
    var dump: String {
        switch self {
        case .all: "all"
        case .layers(let expr): expr.dump
        }
    }
}

extension ActivationName {
    var dump: String {
        switch self {
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leaky(let slope): call("leaky", [slope?.dump])
        case .elu(let alpha): call("elu", [alpha?.dump])
        case .gelu(let form): call("gelu", [form.rawValue])
        case .softsign: "softsign"
        case .linear: "linear"
        }
    }
}

extension InitName {
    var dump: String {
        switch self {
        case .xavier(let distribution): call("xavier", [distribution?.rawValue])
        case .he(let distribution, let mode): call("he", [distribution?.rawValue, mode?.rawValue])
        case .lecun: "lecun"
        case .orthogonal: "orthogonal"
        case .normal(let mean, let std): call("normal", [labelled("mean", mean), labelled("std", std)])
        case .uniform(let low, let high): call("uniform", [low.dump, high.dump])
        case .zeros: "zeros"
        case .constant(let value): call("constant", [value.dump])
        case .pytorchDefault: "default"
        }
    }
}

extension OptimizerName {
    var dump: String {
        switch self {
        case .sgd: "sgd"
        case .momentum(let mu): call("momentum", [mu?.dump])
        case .nesterov(let mu): call("nesterov", [mu?.dump])
        case .adam: "adam"
        case .adamw: "adamw"
        case .rmsprop: "rmsprop"
        }
    }
}

extension ScheduleKind {
    var dump: String {
        switch self {
        case .constant: "none"
        case .step(let every, let gamma): call("step", [every.dump, gamma?.dump])
        case .exponential(let gamma): call("exp", [gamma.dump])
        case .cosine(let minimum, let length): call("cosine", [labelled("min", minimum), labelled("length", length)])
        }
    }
}

extension ClipSpec {
    var dump: String {
        switch self {
        case .off: "off"
        case .norm(let max, let style): call("norm", [max.dump, style.map { "style: \($0.rawValue)" }])
        case .value(let limit): call("value", [limit.dump])
        case .layer(let max): call("layer", [max.dump])
        case .tensor(let max): call("tensor", [max.dump])
        case .minimum(let min): call("min", [min.dump])
        }
    }
}

/// `name(a, b)` over the present arguments; just `name` when there are none.
private func call(_ name: String, _ arguments: [String?]) -> String {
    let present = arguments.compactMap { $0 }
    return present.isEmpty ? name : "\(name)(\(present.joined(separator: ", ")))"
}

private func labelled(_ label: String, _ expr: Expr?) -> String? {
    expr.map { "\(label): \($0.dump)" }
}
