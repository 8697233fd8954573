/// Everything about how a network is trained, apart from its architecture and data.
public struct TrainingSettings: Equatable, Sendable, Codable {
    public var loss: LossFunction
    public var optimizer: OptimizerSettings
    public var schedule: LearningRateSchedule
    public var clip: ClipMode
    public var batchSize: Int
    /// Reshuffle the training rows every epoch (off: sequential batches cycling through the data).
    public var shuffle: Bool
    /// Record per-layer statistics every N steps; 0 turns recording off.
    public var statisticsInterval: Int

    public init(
        loss: LossFunction = .crossEntropy,
        optimizer: OptimizerSettings = OptimizerSettings(kind: .sgd, learningRate: 0.05),
        schedule: LearningRateSchedule = .constant, clip: ClipMode = .off, batchSize: Int = 64,
        shuffle: Bool = true, statisticsInterval: Int = 1
    ) {
        self.loss = loss
        self.optimizer = optimizer
        self.schedule = schedule
        self.clip = clip
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.statisticsInterval = statisticsInterval
    }

    /// Checks values that do not depend on the data.
    public func validate() throws {
        guard batchSize >= 1 else { throw TrainingError.batchSizeBelowOne(batchSize) }
        guard statisticsInterval >= 0 else { throw TrainingError.negativeStatisticsInterval(statisticsInterval) }
        try clip.validate()
        try optimizer.validate()
        try schedule.validate()
    }
}

/// A training request that cannot be carried out; nothing was changed. Each case carries the numbers
/// that explain it; a front end adds how to fix it in its own words.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The data's input columns differ from the network's input width.
    case inputWidthMismatch(dataInputs: Int, networkInputs: Int)
    /// The loss on this data needs another number of outputs than the network has.
    case outputWidthMismatch(networkOutputs: Int, loss: LossFunction, neededOutputs: Int)
    /// Cross-entropy asked of data without class labels.
    case crossEntropyOnRegression
    /// A data row (0-based) holds NaN or infinity.
    case nonFiniteRow(Int)
    /// Batch normalization with batches of fewer than 2 rows (the batch variance is undefined).
    case batchNormNeedsTwoRows
    case batchSizeBelowOne(Int)
    case negativeStatisticsInterval(Int)

    public var description: String {
        switch self {
        case .inputWidthMismatch(let data, let network):
            "the data has \(data) inputs but the network expects \(network)"
        case .outputWidthMismatch(let network, let loss, let needed):
            "the network has \(network) outputs but '\(loss.rawValue)' on this data needs \(needed)"
        case .crossEntropyOnRegression:
            "cross-entropy needs class labels, but this data is a regression task"
        case .nonFiniteRow(let row):
            "row \(row + 1) of the data has a non-finite value; training would produce NaN"
        case .batchNormNeedsTwoRows:
            "batch norm needs at least 2 rows per batch"
        case .batchSizeBelowOne(let size):
            "the batch size must be at least 1 (got \(size))"
        case .negativeStatisticsInterval:
            "the statistics interval cannot be negative"
        }
    }
}

extension Dataset.Task {
    /// The number of classes, or nil for regression.
    public var classCount: Int? {
        if case .classification(let classes) = self { return classes }
        return nil
    }
}
