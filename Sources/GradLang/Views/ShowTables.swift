import GradCore
import GradSyntax

/// The `show` tables: plain text, one string per line, read from a session without changing it.
public struct ShowTables {
    public let session: Session

    public init(_ session: Session) {
        self.session = session
    }

    // What the view reads, read-only.
    var clipModeSince: Int { session.clipModeSince }
    var dataSource: String? { session.dataSource }
    var fullData: Dataset? { session.fullData }
    var inputFeatures: FeatureMap? { session.inputFeatures }
    var modelStandardization: Standardization? { session.modelStandardization }
    var network: Network<Float>? { session.network }
    var plan: NetworkPlan? { session.plan }
    var rawTrainData: Dataset? { session.rawTrainData }
    var runs: [NamedRun] { session.runs }
    var seed: UInt64 { session.seed }
    var settings: TrainingSettings { session.settings }
    var splitFraction: Double? { session.splitFraction }
    var standardization: Standardization? { session.standardization }
    var testData: Dataset? { session.testData }
    var trainData: Dataset? { session.trainData }
    var trainer: Trainer? { session.trainer }

    /// The flags of `show grads` use `diagnose`'s thresholds, so both call the same layer vanishing.
    typealias Limits = DiagnosisThresholds

    public func showNet() throws -> [String] {
        guard let network else {
            if let plan { return ["planned: \(plan.summary) (built when data is loaded)"] }
            throw SessionError(.noNetwork, "there is no network yet", hint: "create one, e.g. 'net dense 5x32 relu init he'")
        }
        var table = TextTable(["layer", "shape", "activation", "init", "extras", "params"])
        for row in TimeViews(session).networkRows() { table.add(row) }
        for (index, dense) in network.dense.enumerated() {
            let isOutput = index == network.spec.hidden.count
            let spec = isOutput ? nil : network.spec.hidden[index]
            var extras: [String] = []
            if spec?.batchNorm == true { extras.append("batchnorm") }
            if !isOutput && network.spec.hasSkip(hidden: index) { extras.append("residual") }
            if dense.bias == nil { extras.append("no bias") }
            let parameters = dense.parameters.map(\.count).reduce(0, +) + (network.batchNorms[index].map { 2 * $0.width } ?? 0)
            table.add([
                "\(index + 1)\(isOutput ? " (out)" : "")", "\(dense.inputWidth)→\(dense.outputWidth)",
                spec?.activation.name ?? settings.loss.outputDescription,
                (spec?.initializer ?? network.spec.outputInitializer).name, extras.joined(separator: ","), "\(parameters)",
            ])
        }
        return table.lines + ["\(network.spec.parameterCount) parameters"]
    }

    public func showGrads() throws -> [String] {
        let layers = try session.requireStatistics()
        let last = layers.last?.weightGradientNorm ?? 0
        var table = TextTable(["layer", "‖∇W‖", "‖∇b‖", "÷ next", "÷ last", "flag"])
        for (index, layer) in layers.enumerated() {
            let next = index + 1 < layers.count ? layers[index + 1].weightGradientNorm : nil
            let toLast = last > 0 ? layer.weightGradientNorm / last : .nan
            table.add([
                "\(layer.layer)", Format.scientific(layer.weightGradientNorm), Format.scientific(layer.biasGradientNorm),
                next.map { $0 > 0 ? Format.scientific(layer.weightGradientNorm / $0) : "-" } ?? "-",
                Format.scientific(toLast), Self.flag(norm: layer.weightGradientNorm, ratioToLast: toLast),
            ])
        }
        return table.lines + [
            "flags: vanishing when ÷ last < \(Format.number(Limits.vanishingRatio)); exploding when ÷ last > \(Format.number(Limits.explodingRatio)) or ‖∇W‖ > \(Format.number(Limits.explodingNorm))"
        ]
    }

    static func flag(norm: Double, ratioToLast: Double) -> String {
        if !norm.isFinite { return "non-finite" }
        if norm > Limits.explodingNorm || ratioToLast > Limits.explodingRatio { return "exploding" }
        if ratioToLast < Limits.vanishingRatio { return "vanishing" }
        return ""
    }

    public func showActivations() throws -> [String] {
        let layers = try session.requireStatistics()
        guard let network else { return [] }
        var table = TextTable(["layer", "activation", "mean", "std", "saturated", "dead"])
        for row in recurrentActivationRows() { table.add(row) }
        for layer in layers.dropLast() {
            let activation = network.activation(layer: layer.layer)
            table.add(Self.activationCells("\(layer.layer)", activation.name, activation: activation, layer))
        }
        return table.lines
    }

    public func showWeights() throws -> [String] {
        guard let network else { throw SessionError(.noNetwork, "there is no network yet", hint: "create one, e.g. 'net dense 5x32 relu'") }
        let statistics = trainer?.latestLayers ?? []
        let updated = trainer?.history.isEmpty == false
        var table = TextTable(["layer", "shape", "‖W‖", "mean", "std", "max |w|", "update ratio"])
        for row in recurrentWeightRows(updateRatios: updated) { table.add(row) }
        for (index, dense) in network.dense.enumerated() {
            let ratio = index < statistics.count && updated ? Format.scientific(statistics[index].updateRatio) : "-"
            table.add(Self.weightCells("\(index + 1)", dense.weight, updateRatio: ratio))
        }
        return table.lines
    }

    public func showStats() throws -> [String] {
        let layers = try session.requireStatistics()
        var table = TextTable([
            "layer", "‖∇W‖", "mean ∇W", "std ∇W", "max|∇W|", "‖∇b‖", "mean ∇b", "std ∇b", "max|∇b|", "act mean", "act std",
            "sat", "dead", "‖W‖", "‖ΔW‖/‖W‖",
        ])
        for row in recurrentStatisticsRows() { table.add(row) }
        for layer in layers { table.add(Self.statisticsCells("\(layer.layer)", layer)) }
        var lines = table.lines
        if let record = trainer?.history.last {
            lines.append(
                "step \(record.step): loss \(Format.fixed(record.loss)), grad norm \(Format.scientific(record.gradientNormBefore)) before clipping, \(Format.scientific(record.gradientNormAfter)) after")
        }
        return lines
    }

    /// One row of `show acts`: the activation figures of `statistics`, saturation only for a bounded
    /// activation and dead units only for one that can die.
    static func activationCells(
        _ label: String, _ name: String, activation: Activation, _ statistics: LayerStatistics
    ) -> [String] {
        [
            label, name, Format.number(statistics.activationMean), Format.number(statistics.activationStd),
            activation.isBounded ? Format.percent(statistics.saturatedFraction) : "-",
            activation.canDie ? Format.percent(statistics.deadFraction) : "-",
        ]
    }

    /// One row of `show weights`: the shape and figures of `weight` as it is now.
    static func weightCells(_ label: String, _ weight: Parameter<Float>, updateRatio: String) -> [String] {
        let summary = BufferSummary.of(UnsafePointer(weight.value.pointer), count: weight.count)
        return [
            label, "\(weight.value.rows)x\(weight.value.cols)", Format.number(summary.norm), Format.number(summary.mean),
            Format.number(standardDeviation(weight.value.values, mean: summary.mean)), Format.number(summary.maxMagnitude),
            updateRatio,
        ]
    }

    /// Two-pass population std: the one-pass formula cancels badly for near-constant weights (init constant).
    static func standardDeviation(_ values: [Float], mean: Double) -> Double {
        let squares = values.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +)
        return (squares / Double(max(values.count, 1))).squareRoot()
    }

    /// One layer's row of `show stats`, under `label`.
    static func statisticsCells(_ label: String, _ layer: LayerStatistics) -> [String] {
        [
            label, Format.scientific(layer.weightGradientNorm), Format.scientific(layer.weightGradientMean),
            Format.scientific(layer.weightGradientStd), Format.scientific(layer.weightGradientMaxAbs),
            Format.scientific(layer.biasGradientNorm), Format.scientific(layer.biasGradientMean),
            Format.scientific(layer.biasGradientStd), Format.scientific(layer.biasGradientMaxAbs),
            Format.number(layer.activationMean), Format.number(layer.activationStd),
            Format.percent(layer.saturatedFraction), Format.percent(layer.deadFraction), Format.number(layer.weightNorm),
            Format.scientific(layer.updateRatio),
        ]
    }

    /// The clipping summary and the last `count` recorded steps (nil: every one; 0: the summary alone).
    public func showClip(last count: Int? = ViewLimits.clipRowsShown) throws -> [String] {
        let trainer = try session.requireTrainer()
        let statistics = trainer.clipStatistics
        var lines = ["mode: \(settings.clip.description)"]
        lines.append("steps: \(statistics.stepsSeen), clipped: \(statistics.stepsClipped) (\(Format.percent(statistics.clippedFraction)))")
        if let mean = statistics.meanCoefficient, let minimum = statistics.minimumCoefficient {
            lines.append("coefficient when clipping: mean \(Format.number(mean)), smallest \(Format.number(minimum))")
        }
        if trainer.history.isEmpty, let last = trainer.lastClip {
            lines.append(
                "last step: norm \(Format.scientific(last.normBefore)) → \(Format.scientific(last.normAfter)), coefficient \(Format.number(last.coefficient))")
        }
        return count == 0 ? lines : lines + clipSteps(trainer.history, last: count)
    }

    public func showSettings() -> [String] {
        [
            "seed      \(seed)",
            "data      \(dataSource.map { "\($0), \(fullData?.count ?? 0) rows" } ?? "none")\(splitFraction.map { ", split \(Format.number($0))" } ?? "")\(inputFeatures.map { ", features \($0.features.map(\.rawValue).joined(separator: " "))" } ?? "")\(standardization != nil ? ", standardized" : "")",
            "net       \(plan?.summary ?? "none")",
            "loss      \(settings.loss.rawValue)",
            // Every hyperparameter, spelled as the command that sets it (betas and eps included).
            "optim     \(SessionLog.optimizer(settings.optimizer).sourceText.dropFirst("optim ".count))",
            "schedule  \(settings.schedule.description)",
            "clip      \(settings.clip.description)",
            "batch     \(settings.batchSize)",
            "record    \(settings.statisticsInterval == 0 ? "off" : settings.statisticsInterval == 1 ? "every step" : "every \(settings.statisticsInterval) steps")",
            "numerics  \(GradCoreVersion.numerics) (grad \(GradCoreVersion.string))",
        ]
    }

    /// The feature names, or for a sequence task its shape (listing 50 × 100 names says nothing).
    private func featureSummary(_ data: Dataset) -> String {
        guard let sequence = session.sequence else { return data.featureNames.joined(separator: ", ") }
        let variant = if case .adding(let kind) = sequence.task { ", \(kind.rawValue)'s variant" } else { "" }
        return "\(sequence.steps) time steps × \(sequence.task.featuresPerStep) per step, T = \(sequence.length)\(variant)"
    }

    public func showData() throws -> [String] {
        guard let full = fullData, let train = trainData else {
            throw SessionError(.noData, "there is no data yet", hint: "load some, e.g. 'data spiral 1536 classes 3'")
        }
        var lines = ["\(full.name): \(full.count) rows, \(full.inputCount) features (\(featureSummary(full)))"]
        switch full.task {
        case .classification(let classes):
            let counts = full.classCounts.enumerated().map { index, count in "\(full.classNames?[index] ?? String(index)): \(count)" }
            lines.append("classification, \(classes) classes (\(counts.joined(separator: ", ")))")
        case .regression(let outputs):
            lines.append("regression, \(outputs) output\(outputs == 1 ? "" : "s")")
        }
        if let test = testData { lines.append("split: \(train.count) train, \(test.count) test") }
        if let inputFeatures {
            lines.append("network inputs: \(inputFeatures.features.map(\.rawValue).joined(separator: " ")) (computed from x = \(full.featureNames[0]), y = \(full.featureNames[1]))")
        }
        if standardization != nil {
            lines.append(modelStandardization != nil ? "standardized with the loaded model's mean and std (as saved; 'standardize' refits)"
                                                     : "standardized with the training rows' mean and std")
        }
        return lines
    }

    public func showHistory(limit: Int = 10) throws -> [String] {
        let trainer = try session.requireTrainer()
        let history = trainer.history
        guard history.count > 0 else { throw SessionError(.nothingRecorded, "nothing has been recorded yet", hint: "train first, e.g. 'train 5'") }
        let picks = Set((0..<min(limit, history.count)).map { $0 * (history.count - 1) / max(min(limit, history.count) - 1, 1) })
        var table = TextTable(["step", "epoch", "loss", "acc", "grad norm", "first/last grad"])
        for index in picks.sorted() {
            let record = history.record(at: index)
            let first = record.layers.first?.weightGradientNorm ?? 0, last = record.layers.last?.weightGradientNorm ?? 0
            table.add([
                "\(record.step)", "\(record.epoch)", Format.fixed(record.loss),
                record.accuracy.isNaN ? "-" : Format.percent(record.accuracy), Format.scientific(record.gradientNormBefore),
                last > 0 ? Format.scientific(first / last) : "-",
            ])
        }
        return table.lines + ["\(history.count) recorded steps"]
    }
}

extension LossFunction {
    var outputDescription: String {
        switch self {
        case .crossEntropy: "logits"
        case .meanSquaredError: "linear"
        case .binaryCrossEntropy: "logits (sigmoid in loss)"
        }
    }
}
