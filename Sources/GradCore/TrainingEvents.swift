/// How long to train.
public enum TrainingBudget: Sendable, Equatable {
    case epochs(Int)
    case steps(Int)
}

/// Where a non-finite value first showed up.
public enum NonFiniteSite: Sendable, Equatable, CustomStringConvertible {
    /// The output of user-facing layer N during forward.
    case activation(layer: Int)
    /// The loss, with every activation still finite (the logits overflowed the loss).
    case loss
    /// The gradient of user-facing layer N during backward (counting from the output).
    case gradient(layer: Int)
    /// Recurrent layer N of the stack (1-based): its state during forward, or the gradient reaching one
    /// of its time steps during backward.
    case recurrent(layer: Int, NonFiniteStep)

    public var description: String {
        switch self {
        case .recurrent(let layer, let site):
            switch site.quantity {
            case .state: "the hidden state of recurrent layer \(layer) at time step \(site.step)"
            case .gradient: "the gradient reaching time step \(site.step) of recurrent layer \(layer)"
            }
        case .activation(let layer): "the output of layer \(layer)"
        case .loss: "the loss"
        case .gradient(let layer): "the gradient of layer \(layer)"
        }
    }
}

/// Why training stopped on a non-finite value, and what was kept.
public struct NonFiniteReport: Sendable, Equatable {
    /// The step (1-based, counted over the whole session) whose update was refused.
    public var step: Int
    public var epoch: Int
    public var site: NonFiniteSite
    /// The last finite loss seen before the failure, if any.
    public var lastFiniteLoss: Double?
    /// True when the weights themselves had become non-finite and were restored from the previous step.
    public var restoredWeights: Bool
}

/// Progress reported while training.
public enum TrainingEvent: Sendable {
    case step(StepProgress)
    case epoch(EpochSummary)
}

/// Numbers of the step just taken.
public struct StepProgress: Sendable {
    public var step: Int
    public var epoch: Int
    public var stepInEpoch: Int
    public var stepsPerEpoch: Int
    public var loss: Double
    /// This batch's accuracy (classification only).
    public var accuracy: Double?
    public var gradientNorm: Double
}

/// Numbers of an epoch just finished: the mean over its batches, and the test set when there is one.
public struct EpochSummary: Sendable, Equatable {
    public var epoch: Int
    public var step: Int
    public var loss: Double
    public var accuracy: Double?
    public var testLoss: Double?
    public var testAccuracy: Double?
}

/// How a call to `train` ended.
public enum TrainingStop: Sendable, Equatable {
    case finished
    case interrupted
    case nonFinite(NonFiniteReport)
}

/// The result of a call to `train`.
public struct TrainingOutcome: Sendable {
    public var stop: TrainingStop
    public var stepsTaken: Int
    public var seconds: Double
    public var stepsPerSecond: Double { seconds > 0 ? Double(stepsTaken) / seconds : 0 }
    public var epochs: [EpochSummary]
}
