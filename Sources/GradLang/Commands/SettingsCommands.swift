import Foundation
import GradCore
import GradSyntax

/// `loss`, `optim`, `lr`, `schedule`, `clip`, `batch` and `record`: how the network is trained, checked by the
/// session before anything changes.
extension Interpreter {
    /// Applies a settings change through the session (which validates it and updates the trainer).
    private func changeSettings(at range: SourceRange, _ change: @escaping (inout TrainingSettings) -> Void) throws {
        try runSession(at: range) { try session.updateSettings(change) }
        flushNotes()
    }

    /// `loss NAME`.
    func runLoss(_ name: Interpolable<LossName>, range: SourceRange) throws {
        let word = try resolved(name, what: "a loss name", by: Parser.resolveLoss)
        let loss = LossFunction(rawValue: word.rawValue) ?? .crossEntropy
        try changeSettings(at: range) { $0.loss = loss }
        commandLog.append(.loss(SessionLog.word(word)))
    }

    /// `lr X`.
    func runLearningRate(_ value: Expr) throws {
        let rate = try number(value, what: "the learning rate")
        guard rate > 0, rate.isFinite else { throw RuntimeError(.invalidValue, "the learning rate must be positive", at: value.range) }
        try changeSettings(at: value.range) { $0.optimizer.learningRate = rate }
        commandLog.append(.learningRate(value: SessionLog.number(rate)))
    }

    func runOptimizer(_ spec: OptimizerSpec) throws {
        var kind: OptimizerKind
        let word = try resolved(spec.name, what: "an optimizer name", by: Parser.resolveOptimizer)
        typealias Defaults = OptimizerKind.Defaults
        let beta1 = try spec.beta1.map { try number($0, what: "beta1") } ?? Defaults.beta1
        let beta2 = try spec.beta2.map { try number($0, what: "beta2") } ?? Defaults.beta2
        let epsilon = try spec.epsilon.map { try number($0, what: "eps") } ?? Defaults.epsilon
        switch word {
        case .sgd: kind = .sgd
        case .momentum(let value):
            kind = .momentum(try value.map { try number($0, what: "the momentum") } ?? Defaults.momentum,
                             dampening: try spec.dampening.map { try number($0, what: "the dampening") } ?? 0)
        case .nesterov(let value): kind = .nesterov(try value.map { try number($0, what: "the momentum") } ?? Defaults.momentum)
        case .adam: kind = .adam(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: spec.switches.contains(.amsgrad))
        case .adamw: kind = .adamw(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: spec.switches.contains(.amsgrad))
        case .rmsprop:
            kind = .rmsprop(alpha: try spec.alpha.map { try number($0, what: "alpha") } ?? Defaults.alpha, epsilon: epsilon,
                            momentum: try spec.momentum.map { try number($0, what: "the momentum") } ?? 0,
                            centered: spec.switches.contains(.centered))
        }
        let rate = try spec.learningRate.map { try number($0, what: "the learning rate") }
        let decay = try spec.decay.map { try number($0, what: "the weight decay") }
        let settings = OptimizerSettings(kind: kind, learningRate: rate, weightDecay: decay)
        try changeSettings(at: spec.range) { $0.optimizer = settings }
        commandLog.append(SessionLog.optimizer(settings))
    }

    func runSchedule(_ spec: ScheduleSpec) throws {
        let stepsPerEpoch = max(1, Int((Double(session.trainData?.count ?? 1) / Double(session.settings.batchSize)).rounded(.up)))
        let inEpochs = spec.unit != .steps
        func steps(_ expression: Expr, what: String) throws -> Int {
            let value = try positiveInteger(expression, what: what)
            guard inEpochs else { return value }
            let product = value.multipliedReportingOverflow(by: stepsPerEpoch)
            guard !product.overflow else {
                throw RuntimeError(.invalidValue, "\(what) of \(value) epochs is more steps than can be counted", at: expression.range)
            }
            return product.partialValue
        }
        var schedule: LearningRateSchedule
        switch spec.kind {
        case .constant?, nil: schedule = .constant
        case .step(let every, let gamma)?:
            schedule = .step(every: try steps(every, what: "the step interval"), gamma: try gamma.map { try number($0, what: "gamma") } ?? OptionDefaults.stepGamma)
        case .exponential(let gamma)?:
            // PyTorch's ExponentialLR stepped once per epoch is a staircase: γ at each epoch's end.
            let factor = try number(gamma, what: "gamma")
            schedule = inEpochs ? .step(every: stepsPerEpoch, gamma: factor) : .exponential(gamma: factor)
        case .cosine(let minimum, let length)?:
            let start = session.trainer?.stepCount ?? 0
            let annealing = try length.map { try steps($0, what: "the cosine length") } ?? OptionDefaults.cosineEpochs * stepsPerEpoch
            schedule = .cosine(total: start + annealing, minimum: try minimum.map { try number($0, what: "the minimum rate") } ?? 0)
            if !options.quiet {
                let epochs = inEpochs ? " (\(Format.count(annealing / stepsPerEpoch, "epoch")) of \(Format.count(stepsPerEpoch, "step")))" : ""
                output.line("schedule: cosine over \(Format.count(annealing, "step"))\(epochs), to step \(start + annealing); "
                            + "'length N' sets it")
            }
        }
        // Warm-up is always counted in steps (the first few hundred updates), whatever the schedule's unit.
        if let warmup = spec.warmup { schedule = .warmup(steps: try positiveInteger(warmup, what: "the warm-up length"), then: schedule) }
        let chosen = schedule
        try changeSettings(at: spec.range) { $0.schedule = chosen }
        commandLog.append(SessionLog.schedule(chosen, from: session.trainer?.stepCount ?? 0))
    }

    /// `clip MODE X`, `clip off`.
    func runClip(_ spec: ClipSpec, range: SourceRange) throws {
        let mode = try clipMode(spec)
        try changeSettings(at: range) { $0.clip = mode }
        commandLog.append(SessionLog.clip(mode))
    }

    /// `batch N`.
    func runBatch(_ size: Expr) throws {
        let rows = try positiveInteger(size, what: "the batch size")
        try changeSettings(at: size.range) { $0.batchSize = rows }
        commandLog.append(.batch(size: SessionLog.number(rows)))
    }

    /// `record every N`, `record off`.
    func runRecord(_ every: Expr?, range: SourceRange) throws {
        let interval = try every.map { try positiveInteger($0, what: "the recording interval") } ?? 0
        try changeSettings(at: every?.range ?? range) { $0.statisticsInterval = interval }
        commandLog.append(.record(every: interval == 0 ? nil : SessionLog.number(interval)))
    }

    /// The clip mode `spec` asks for; its threshold is checked by the core's own rule, reported at the number.
    private func clipMode(_ spec: ClipSpec) throws -> ClipMode {
        let mode: ClipMode, threshold: Expr
        switch spec {
        case .off: return .off
        case .norm(let limit, let style):
            mode = .globalNorm(max: try number(limit, what: "the maximum norm"), style: style == .tf ? .tensorflow : .torch)
            threshold = limit
        case .value(let limit): (mode, threshold) = (.value(try number(limit, what: "the clip value")), limit)
        case .layer(let limit): (mode, threshold) = (.layerNorm(max: try number(limit, what: "the maximum norm")), limit)
        case .tensor(let limit): (mode, threshold) = (.tensorNorm(max: try number(limit, what: "the maximum norm")), limit)
        case .minimum(let floor): (mode, threshold) = (.minimumNorm(min: try number(floor, what: "the minimum norm")), floor)
        }
        do {
            try mode.validate()
        } catch let error as ClipError {
            throw RuntimeError(.invalidValue, error.description, at: threshold.range)
        }
        return mode
    }
}
