import Foundation
import GradCore
import GradSyntax

/// Command dispatch: one case per command, each a thin translation from the AST to a session call.
extension Interpreter {
    func run(_ command: Command, range: SourceRange, directory: URL?) throws {
        switch command {
        case .seed(let value):
            let seed = try integer(value, what: "the seed")
            guard seed >= 0 else { throw RuntimeError(.invalidValue, "the seed must not be negative", at: value.range) }
            session.setSeed(UInt64(seed))
            commandLog.append("seed \(seed)")
        case .data(let spec):
            try runData(spec, directory: directory)
        case .split(let fraction):
            let value = try number(fraction, what: "the train fraction")
            try runSession(at: fraction.range) { try session.split(trainFraction: value) }
            commandLog.append("split \(SessionLog.number(value))")
            if !options.quiet, let train = session.trainData, let test = session.testData {
                output.line("split: \(train.count) train, \(test.count) test")
            }
        case .standardize:
            try runSession(at: range) { try session.standardize() }
            commandLog.append("standardize")
        case .features(let items):
            try runFeatures(items, range: range)
        case .net(let spec):
            try runNet(spec)
        case .layer(let spec):
            try runLayer(spec)
        case .activation(let layers, let name):
            try runActivation(layers, name, range: range)
        case .initialize(let layers, let name, let gain):
            try runInitialize(layers, name, gain: gain, range: range)
        case .loss(let name):
            let word = try resolved(name, what: "a loss name", by: Parser.resolveLoss)
            let loss = LossFunction(rawValue: word.rawValue) ?? .crossEntropy
            try changeSettings(at: range) { $0.loss = loss }
            commandLog.append("loss \(loss.rawValue)")
        case .optimizer(let spec):
            try runOptimizer(spec)
        case .learningRate(let value):
            let rate = try number(value, what: "the learning rate")
            guard rate > 0, rate.isFinite else { throw RuntimeError(.invalidValue, "the learning rate must be positive", at: value.range) }
            try changeSettings(at: value.range) { $0.optimizer.learningRate = rate }
            commandLog.append("lr \(SessionLog.number(rate))")
        case .schedule(let spec):
            try runSchedule(spec)
        case .clip(let spec):
            let mode = try clipMode(spec)
            try changeSettings(at: range) { $0.clip = mode }
            commandLog.append(SessionLog.clip(mode))
        case .batch(let size):
            let rows = try positiveInteger(size, what: "the batch size")
            try changeSettings(at: size.range) { $0.batchSize = rows }
            commandLog.append("batch \(rows)")
        case .record(let every):
            let interval = try every.map { try positiveInteger($0, what: "the recording interval") } ?? 0
            try changeSettings(at: every?.range ?? range) { $0.statisticsInterval = interval }
            commandLog.append(interval == 0 ? "record off" : "record every \(interval)")
        case .train(let amount, let unit):
            let count = try integer(amount, what: "the amount to train")
            try runTrain(unit == .steps ? .steps(count) : .epochs(count), range: range)
        case .backward:
            let loss = try runSession(at: range) { try session.computeGradients() }
            commandLog.append("backward")
            if !options.quiet { output.line("gradients of one batch (no update): loss \(Format.fixed(loss))") }
        case .step:
            try runTrain(.steps(1), range: range)
        case .reset:
            try runSession(at: range) { try session.reset() }
            commandLog.append("reset")
            if !options.quiet { output.line("weights re-initialized; history cleared") }
        case .eval:
            let result = try runSession(at: range) { try session.evaluate() }
            output.line("\(result.set): loss \(Format.fixed(result.loss))\(result.accuracy.map { ", accuracy \(Format.percent($0))" } ?? "")")
        case .show(let target):
            try show(target.value, range: target.range)
        case .showClip(let rows):
            try runShowClip(rows, range: range)
        case .gradcheck:
            try runGradientCheck(range: range)
        case .save(let path):
            let file = try string(path, what: "the file name")
            let target = try writableFile(file, at: path.range, directory: directory)
            let url = try runSession(at: path.range) { try session.saveModel(to: target.relativePath, relativeTo: target.baseURL) }
            if !options.quiet { output.line("saved \(url.relativePath)") }
        case .load(let path):
            let file = try string(path, what: "the file name")
            let source = try readableFile(file, at: path.range, directory: directory)
            try runSession(at: path.range) { try session.loadModel(from: source.relativePath, relativeTo: source.baseURL) }
            commandLog.append("load \(SessionLog.quoted(source.path))")
            if !options.quiet { output.line("loaded \(file)") }
        case .export(let what, let path):
            let file = try string(path, what: "the file name")
            let target = try writableFile(file, at: path.range, directory: directory)
            let url = try runSession(at: path.range) {
                switch what.value {
                case .history: try session.exportHistory(to: target.relativePath, relativeTo: target.baseURL)
                case .grads: try session.exportGradients(to: target.relativePath, relativeTo: target.baseURL)
                case .tensorboard: try session.exportTensorBoard(to: target.relativePath, relativeTo: target.baseURL)
                }
            }
            if !options.quiet { output.line("exported \(url.relativePath)") }
        case .saveSession(let path):
            let target = try writableFile(try string(path, what: "the file name"), at: path.range, directory: directory)
            try saveSession(to: target.path, directory: nil, range: path.range)
        case .history:
            showCommandLog()
        case .run(let name):
            let runName = try string(name, what: "the run name")
            try runSession(at: name.range) { try session.saveRun(named: runName) }
            if !options.quiet { output.line("kept the current results as run '\(runName)'") }
        case .help(let topic):
            if let topic { output.line(CommandHelp.entry(for: topic.value).text(width: options.width())) } else {
                output.line(CommandHelp.overview(width: options.width()))
                output.line("'help <command>' for details and an example; 'explain vanishing' for the ideas")
            }
        case .explain(let topic):
            for line in session.explain(topic.value, width: options.width()) { output.line(line) }
        case .diagnose:
            try runDiagnose(range: range)
        case .plot(let target, let overTime):
            try runPlot(target.value, overTime: overTime, range: range)
        case .plotBoundary(let spec):
            try runBoundary(spec, range: range)
        case .compare(let runs, let reach):
            try runCompare(runs, reach: reach, range: range)
        case .sweep(let spec):
            try runSweep(spec, range: range, directory: directory)
        case .report(let path):
            let file = try string(path, what: "the file name")
            let target = try writableFile(file, at: path.range, directory: directory)
            let url = try runSession(at: path.range) { try session.writeReport(to: target.relativePath, relativeTo: target.baseURL) }
            if !options.quiet {
                output.figure(Figure(text: ["wrote \(url.relativePath)"]) { Report.framed(try String(contentsOf: url, encoding: .utf8)) })
            }
        }
    }

    /// Applies a settings change through the session (which validates it and updates the trainer).
    private func changeSettings(at range: SourceRange, _ change: @escaping (inout TrainingSettings) -> Void) throws {
        try runSession(at: range) { try session.updateSettings(change) }
        flushNotes()
    }

    private func runData(_ spec: DataSpec, directory: URL?) throws {
        let name = try resolved(spec.name, what: "a data set name", by: Parser.resolveDataSet)
        if name == .csv {
            guard let pathExpr = spec.path, let targetExpr = spec.target else {
                throw RuntimeError(.missingArgument, "'data csv' needs a file and a target column", at: spec.range,
                                   notes: [Note("e.g. 'data csv \"iris.csv\" target species'")])
            }
            let path = try string(pathExpr, what: "the CSV file")
            let target = try string(targetExpr, what: "the target column")
            let classification = spec.task.map { $0.value == .classification }
            let file = try readableFile(path, at: pathExpr.range, directory: directory)
            try runSession(at: pathExpr.range) {
                try session.loadCSV(path: file.relativePath, target: target, classification: classification, relativeTo: file.baseURL)
            }
            let absolute = file.path
            let task = classification.map { $0 ? " task classification" : " task regression" } ?? ""
            commandLog.append("data csv \(SessionLog.quoted(absolute)) target \(SessionLog.quoted(target))\(task)")
        } else {
            guard let kind = DatasetKind(rawValue: name.rawValue) else { return }
            let count = try spec.count.map { try positiveInteger($0, what: "the number of samples") }
            let classes = try spec.classes.map { try positiveInteger($0, what: "the number of classes") }
            let noise = try spec.noise.map { try number($0, what: "the noise") }
            try runSession(at: spec.range) { try session.generateData(kind, count: count, classes: classes, noise: noise) }
            if let count, let data = session.fullData, data.count != count, case .classification(let made) = data.task {
                // The generators follow their references (PyTorch's n // classes rows per class).
                session.notes.append("made \(Format.count(data.count, "row")), not \(count): \(made) classes of \(data.count / made) rows each")
            }
            var logged = "data \(kind.rawValue)"
            if let count { logged += " \(count)" }
            if let classes { logged += " classes \(classes)" }
            if let noise { logged += " noise \(SessionLog.number(noise))" }
            commandLog.append(logged)
        }
        flushNotes()
        if !options.quiet, let data = session.fullData {
            output.line("data: \(data.name), \(Format.count(data.count, "row")), \(Format.count(data.inputCount, "feature")), \(describe(data.task))")
        }
    }

    private func describe(_ task: Dataset.Task) -> String {
        switch task {
        case .classification(let classes): "\(classes) classes"
        case .regression(let outputs): outputs == 1 ? "regression" : "regression, \(outputs) outputs"
        }
    }

    private func runOptimizer(_ spec: OptimizerSpec) throws {
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

    /// How long `schedule cosine` anneals when no `length` is given.
    static let defaultCosineEpochs = 100

    private func runSchedule(_ spec: ScheduleSpec) throws {
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
            schedule = .step(every: try steps(every, what: "the step interval"), gamma: try gamma.map { try number($0, what: "gamma") } ?? 0.1)
        case .exponential(let gamma)?:
            // PyTorch's ExponentialLR stepped once per epoch is a staircase: γ at each epoch's end.
            let factor = try number(gamma, what: "gamma")
            schedule = inEpochs ? .step(every: stepsPerEpoch, gamma: factor) : .exponential(gamma: factor)
        case .cosine(let minimum, let length)?:
            let start = session.trainer?.stepCount ?? 0
            let annealing = try length.map { try steps($0, what: "the cosine length") } ?? Self.defaultCosineEpochs * stepsPerEpoch
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
