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
        guard batchSize >= 1 else { throw TrainingError.invalid("the batch size must be at least 1 (got \(batchSize))") }
        guard statisticsInterval >= 0 else { throw TrainingError.invalid("the statistics interval cannot be negative") }
        try optimizer.validate()
        try schedule.validate()
    }
}

/// A training request that cannot be carried out; nothing was changed.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
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
