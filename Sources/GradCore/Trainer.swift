/// Trains a Float network: mini-batch SGD-style steps with clipping, non-finite safety and statistics.
///
/// One step: forward → loss → (refuse if non-finite) → backward → statistics → clip → (refuse if
/// non-finite) → snapshot → update. Gradients are never applied when anything is NaN or ±∞, and if an
/// update itself overflowed the weights, the snapshot taken just before it is restored, so the model
/// always holds the last finite weights. All buffers are sized once per batch size: a steady-state step
/// performs no heap allocation.
public final class Trainer {
    public let network: Network<Float>
    public private(set) var settings: TrainingSettings
    public let history: StatisticsHistory
    /// The recurrent layers' time-step gradients and spectra, recorded with `history`; nil without a
    /// recurrent front.
    public let timeHistory: TimeHistory?
    /// Steps and full passes over the training data so far.
    public internal(set) var stepCount = 0
    public internal(set) var epochCount = 0
    public internal(set) var clipStatistics = ClipStatistics()
    public internal(set) var lastClip: ClipReport?
    /// Why the latest `train` call stopped.
    public internal(set) var lastStop: TrainingStop?
    /// The last finite training loss and accuracy (of the latest step or epoch).
    public internal(set) var lastLoss: Double?
    public internal(set) var lastAccuracy: Double?
    /// Every finished epoch's summary (train means and the test set's numbers), for curves by epoch.
    public internal(set) var epochLog: [EpochSummary] = []

    var optimizer: Optimizer<Float>
    var clipper: GradientClipper<Float>
    let collector: StatisticsCollector<Float>
    let snapshot: ParameterSnapshot<Float>
    /// Whether `snapshot` holds the weights from just before the latest update.
    var snapshotIsCurrent = false
    var buffers: BatchBuffers?
    var batches: BatchIterator?
    var batchesDataset: Dataset?

    public init(network: Network<Float>, settings: TrainingSettings) throws {
        try settings.validate()
        self.network = network
        self.settings = settings
        optimizer = try Optimizer(settings: settings.optimizer, parameters: network.parameters)
        clipper = try GradientClipper(mode: settings.clip, parameters: network.parameters)
        collector = StatisticsCollector(network: network)
        snapshot = ParameterSnapshot(parameters: network.parameters)
        history = StatisticsHistory(layerCount: network.dense.count, interval: max(settings.statisticsInterval, 1))
        timeHistory = network.recurrent.first.map { first in
            TimeHistory(steps: first.steps, hiddenSizes: network.recurrent.map(\.hiddenSize))
        }
    }

    /// Statistics of every layer from the latest recorded step, `backward` or `step`.
    public var latestLayers: [LayerStatistics] { Array(collector.layers) }
    /// The recurrent layers' figures at the same step, first to last.
    public var latestRecurrentLayers: [RecurrentLayerStatistics] { Array(collector.recurrentLayers) }

    /// Applies new settings; optimizer state survives unless the optimizer kind or weight decay changed.
    public func update(settings newSettings: TrainingSettings) throws {
        try newSettings.validate()
        let newOptimizer = newSettings.optimizer.kind != settings.optimizer.kind
            || newSettings.optimizer.weightDecay != settings.optimizer.weightDecay
            ? try Optimizer(settings: newSettings.optimizer, parameters: network.parameters) : nil
        let newClipper = newSettings.clip != settings.clip
            ? try GradientClipper(mode: newSettings.clip, parameters: network.parameters) : nil
        if let newOptimizer { optimizer = newOptimizer }
        if let newClipper {
            clipper = newClipper
            clipStatistics.reset()  // "how often clipping acted" is about the current mode
            lastClip = nil
        }
        if newSettings.batchSize != settings.batchSize || newSettings.shuffle != settings.shuffle { batches = nil }
        history.interval = max(newSettings.statisticsInterval, 1)
        settings = newSettings
    }

    /// Resets counters, history and optimizer state (after the weights were re-initialized).
    public func resetProgress() {
        stepCount = 0
        epochCount = 0
        history.removeAll()
        timeHistory?.removeAll()
        clipStatistics.reset()
        lastClip = nil
        lastStop = nil
        lastLoss = nil
        lastAccuracy = nil
        epochLog.removeAll()
        optimizer.resetState()
        batches = nil
    }

    // MARK: - Checks

    /// Refuses data the network cannot train on, with a message that says what to change.
    public func check(_ data: Dataset) throws {
        guard data.inputCount == network.spec.inputWidth else {
            throw TrainingError.inputWidthMismatch(dataInputs: data.inputCount, networkInputs: network.spec.inputWidth)
        }
        let expectedOutputs = Self.outputWidth(for: data.task, loss: settings.loss)
        guard expectedOutputs == network.spec.outputWidth else {
            throw TrainingError.outputWidthMismatch(networkOutputs: network.spec.outputWidth, loss: settings.loss,
                                                    neededOutputs: expectedOutputs)
        }
        if case .regression = data.task, settings.loss == .crossEntropy, data.stepClasses == nil {
            throw TrainingError.crossEntropyOnRegression
        }
        if let row = data.indexOfFirstNonFiniteRow() {
            throw TrainingError.nonFiniteRow(row)
        }
        if network.batchNorms.contains(where: { $0 != nil }) && min(settings.batchSize, data.count) < 2 {
            throw TrainingError.batchNormNeedsTwoRows
        }
    }

    /// The output width a network needs for `task` under `loss`: one logit for a binary BCE classifier.
    public static func outputWidth(for task: Dataset.Task, loss: LossFunction) -> Int {
        if case .classification(let classes) = task, loss == .binaryCrossEntropy, classes == 2 { return 1 }
        return task.outputCount
    }
}
