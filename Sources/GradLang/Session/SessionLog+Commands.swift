import GradCore
import GradSyntax

/// The replay log's commands, built as syntax trees from the values a command resolved to, so the text
/// `history` and `save session` show is the parser's own canonical form (`SourcePrinter`), never a second
/// hand-kept spelling. Every value is a literal: numbers exactly as stored (Swift's shortest round-trip
/// form, never rounded for display), strings escaped as the lexer reads them.
extension SessionLog {
    /// The range of a node built here rather than parsed: the printer never reads it.
    static let unwritten = SourceRange(at: SourceLocation(file: "", offset: 0, line: 1, column: 1))

    static func number(_ value: Double) -> Expr { .number(value: value, range: unwritten) }

    static func number(_ value: Int) -> Expr { number(Double(value)) }

    static func string(_ text: String) -> Expr {
        .string(segments: text.isEmpty ? [] : [.text(text, range: unwritten)], range: unwritten)
    }

    static func word<Value>(_ value: Value) -> Interpolable<Value> { .literal(value, range: unwritten) }

    static func located<Value>(_ value: Value) -> Located<Value> { Located(value, range: unwritten) }

    /// Layer numbers as a list literal (`act [1, 2] sigmoid`).
    static func layers(_ numbers: [Int]) -> LayerSelection {
        .layers(.list(elements: numbers.map(number), range: unwritten))
    }

    /// `DEPTHxWIDTH` when every layer is as wide (`0x1` without layers), else `W1-W2-…`.
    static func shape(_ widths: [Int]) -> NetShape {
        if widths.count <= 1 || Set(widths).count == 1 {
            return .repeated(depth: number(widths.count), width: number(widths.first ?? 1), range: unwritten)
        }
        return .widths(widths.map(number), range: unwritten)
    }

    static func activation(_ activation: Activation) -> ActivationName {
        switch activation {
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .relu: .relu
        case .leakyRelu(let slope): .leaky(slope: number(slope))
        case .elu(let alpha): .elu(alpha: number(alpha))
        case .gelu(let form): .gelu(form: form == .tanh ? .tanh : .erf)
        case .softsign: .softsign
        case .linear: .linear
        }
    }

    /// A scheme with its distribution and fan mode written out; the gain is the caller's option.
    static func initializer(_ initializer: Initializer) -> InitName {
        switch initializer.scheme {
        case .xavierUniform: .xavier(distribution: .uniform)
        case .xavierNormal: .xavier(distribution: .normal)
        case .heUniform: .he(distribution: .uniform, mode: initializer.mode == .fanOut ? .fanOut : nil)
        case .heNormal: .he(distribution: .normal, mode: initializer.mode == .fanOut ? .fanOut : nil)
        case .lecunNormal: .lecun
        case .orthogonal: .orthogonal
        case .normal(let mean, let std): .normal(mean: number(mean), std: number(std))
        case .uniform(let low, let high): .uniform(low: number(low), high: number(high))
        case .zeros: .zeros
        case .constant(let value): .constant(value: number(value))
        case .pytorchDefault: .pytorchDefault
        }
    }

    /// The options of a hidden layer as `net`/`layer` spell them, activation and init always written.
    static func options(_ layer: HiddenLayerSpec) -> LayerOptions {
        var options = LayerOptions()
        options.activation = word(activation(layer.activation))
        options.initializer = word(initializer(layer.initializer))
        options.gain = layer.initializer.gain.map(number)
        options.batchNorm = layer.batchNorm
        options.residual = layer.residual
        options.bias = layer.bias
        return options
    }

    /// `net dense SHAPE OPTIONS`: every hidden layer shares `template`'s options.
    static func denseNet(_ widths: [Int], _ template: HiddenLayerSpec) -> Command {
        .net(NetSpec(shape: shape(widths), options: options(template), range: unwritten))
    }

    static func layer(_ layer: HiddenLayerSpec) -> Command {
        .layer(LayerSpec(width: number(layer.width), options: options(layer), range: unwritten))
    }

    static func initialize(_ layers: [Int], _ initializer: Initializer) -> Command {
        .initialize(layers: Self.layers(layers), initializer: word(Self.initializer(initializer)), gain: initializer.gain.map(number))
    }
}

/// The recurrent stack, the training settings and the data, as commands.
extension SessionLog {
    /// `net lstm 2x64 init orthogonal input xavier radius 1.1 forgetbias 5 every bptt 20 steps 50`.
    static func recurrentNet(_ plan: RecurrentPlan) -> Command {
        var options = LayerOptions()
        if case .rnn(let activation) = plan.cell { options.activation = word(Self.activation(activation)) }
        let kind: NetKind = switch plan.cell {
        case .rnn: .rnn
        case .lstm: .lstm
        case .gru: .gru
        }
        return .net(NetSpec(kind: kind, shape: shape(plan.hidden), options: options, recurrent: recurrentOptions(plan), range: unwritten))
    }

    private static func recurrentOptions(_ plan: RecurrentPlan) -> RecurrentOptions {
        let initializer = plan.initializer
        var options = RecurrentOptions()
        let scheme: RecurrentInitName = switch initializer.recurrent {
        case .pytorchDefault: .pytorchDefault
        case .orthogonal: .orthogonal
        case .identity: .identity
        case .normal(let std): .normal(std: number(std))
        case .pascanuSigmoid: .sigmoid
        case .basicTanh: .basic
        case .smartTanh: .smart
        }
        options.initializer = located(scheme)
        options.inputInitializer = initializer.input.map { word(Self.initializer($0)) }
        options.radius = initializer.spectralRadius.map(number)
        options.forgetBias = initializer.forgetBias != nil
        options.forgetBiasValue = initializer.forgetBias.flatMap { $0 == OptionDefaults.forgetBias ? nil : number($0) }
        options.everyStep = plan.headReadsEveryStep
        options.bptt = plan.truncation.map(number)
        options.steps = plan.steps.map(number)
        return options
    }

    /// `optim NAME … lr X decay X` with every coefficient written, so a later change of default cannot
    /// change what a saved session replays.
    static func optimizer(_ settings: OptimizerSettings) -> Command {
        var spec = OptimizerSpec(name: word(.sgd), range: unwritten)
        switch settings.kind {
        case .sgd: break
        case .momentum(let mu, let dampening):
            spec.name = word(.momentum(number(mu)))
            spec.dampening = dampening == 0 ? nil : number(dampening)
        case .nesterov(let mu): spec.name = word(.nesterov(number(mu)))
        case .adam(let beta1, let beta2, let epsilon, let amsgrad):
            spec.name = word(.adam)
            adamOptions(&spec, beta1, beta2, epsilon, amsgrad)
        case .adamw(let beta1, let beta2, let epsilon, let amsgrad):
            spec.name = word(.adamw)
            adamOptions(&spec, beta1, beta2, epsilon, amsgrad)
        case .rmsprop(let alpha, let epsilon, let momentum, let centered):
            spec.name = word(.rmsprop)
            (spec.alpha, spec.momentum, spec.epsilon) = (number(alpha), number(momentum), number(epsilon))
            spec.switches = centered ? [.centered] : []
        }
        spec.learningRate = number(settings.learningRate)
        spec.decay = number(settings.weightDecay)
        return .optimizer(spec)
    }

    private static func adamOptions(_ spec: inout OptimizerSpec, _ beta1: Double, _ beta2: Double, _ epsilon: Double, _ amsgrad: Bool) {
        (spec.beta1, spec.beta2, spec.epsilon) = (number(beta1), number(beta2), number(epsilon))
        spec.switches = amsgrad ? [.amsgrad] : []
    }

    /// A schedule in steps; `start` is the step count when it was set (a cosine's end is stored as an
    /// absolute step, its `length` counts from there).
    static func schedule(_ schedule: LearningRateSchedule, from start: Int) -> Command {
        var warmup: Expr?
        var base = schedule
        if case .warmup(let steps, let next) = schedule { (warmup, base) = (number(steps), next) }
        let kind: ScheduleKind = switch base {
        case .constant, .warmup: .constant
        case .step(let every, let gamma): .step(every: number(every), gamma: number(gamma))
        case .exponential(let gamma): .exponential(gamma: number(gamma))
        case .cosine(let total, let minimum): .cosine(minimum: number(minimum), length: number(total - start))
        }
        let unit: TrainUnit? = if case .constant = kind { nil } else { .steps }
        return .schedule(ScheduleSpec(kind: kind, warmup: warmup, unit: unit, range: unwritten))
    }

    static func clip(_ mode: ClipMode) -> Command {
        let spec: ClipSpec = switch mode {
        case .off: .off
        case .globalNorm(let limit, let style): .norm(max: number(limit), style: style == .tensorflow ? .tf : .torch)
        case .value(let limit): .value(limit: number(limit))
        case .layerNorm(let limit, _): .layer(max: number(limit))
        case .tensorNorm(let limit, _): .tensor(max: number(limit))
        case .minimumNorm(let floor): .minimum(min: number(floor))
        }
        return .clip(spec)
    }

    /// `data NAME [COUNT] [classes C] [noise N] [length T] [VARIANT]`, the options given and nothing else, so
    /// the replay takes the same defaults.
    static func data(_ name: DataSetName, count: Int?, classes: Int? = nil, noise: Double? = nil, length: Int? = nil,
                     variant: AddingVariantWord? = nil) -> Command {
        var spec = DataSpec(name: word(name), range: unwritten)
        spec.count = count.map(number)
        spec.classes = classes.map(number)
        spec.noise = noise.map(number)
        spec.length = length.map(number)
        spec.variant = variant.map(located)
        return .data(spec)
    }

    /// `data csv "PATH" target "COLUMN" [task classification|regression]`.
    static func csvData(path: String, target: String, classification: Bool?) -> Command {
        var spec = DataSpec(name: word(.csv), range: unwritten)
        spec.path = string(path)
        spec.target = string(target)
        spec.task = classification.map { located($0 ? .classification : .regression) }
        return .data(spec)
    }
}
