/// A learning-rate schedule: the rate for an update as a pure function of the base rate and the step.
///
/// The unit is always the optimizer step (one mini-batch update), counted from 0 for the first
/// update. Schedules stated in epochs, as PyTorch users usually write them, are converted with
/// `inEpochs(stepsPerEpoch:)`. Each case gives the closed form of the PyTorch scheduler it names, as
/// if `scheduler.step()` were called after every optimizer step.
public indirect enum LearningRateSchedule: Equatable, Sendable, Codable, CustomStringConvertible {
    /// The base rate at every step.
    case constant
    /// torch StepLR: base·γ^⌊step / every⌋ — multiply by γ once every `every` steps.
    case step(every: Int, gamma: Double)
    /// torch ExponentialLR: base·γ^step.
    case exponential(gamma: Double)
    /// torch CosineAnnealingLR, closed form: min + (base − min)·(1 + cos(π·step/total))/2 for
    /// step ≤ total, then `minimum` for ever after. PyTorch's closed form is periodic and would climb
    /// back up after `total`; we hold the floor instead, so training past the planned length never
    /// silently raises the rate again.
    case cosine(total: Int, minimum: Double = 0)
    /// Linear warm-up over `steps` steps, then `then` with its own step count starting at 0.
    ///
    /// Step s < N gets base·(s + 1)/N, so the first update already moves (base/N) and step N − 1 runs
    /// at the full base; this is torch LinearLR(start_factor = 1/N, end_factor = 1, total_iters = N − 1)
    /// chained by SequentialLR(milestones: [N]) to the following schedule.
    case warmup(steps: Int, then: LearningRateSchedule = .constant)

    /// The learning rate for update number `step` (0-based; negative steps count as 0).
    public func rate(base: Double, step: Int) -> Double {
        let step = max(step, 0)
        switch self {
        case .constant:
            return base
        case .step(let every, let gamma):
            return base * GradMath.pow(gamma, Double(step / max(every, 1)))
        case .exponential(let gamma):
            return base * GradMath.pow(gamma, Double(step))
        case .cosine(let total, let minimum):
            guard step < total else { return minimum }
            let progress = Double(step) / Double(total)
            return minimum + (base - minimum) * (1 + GradMath.cos(Double.pi * progress)) / 2
        case .warmup(let steps, let next):
            guard step < steps else { return next.rate(base: base, step: step - steps) }
            return base * Double(step + 1) / Double(steps)
        }
    }

    /// The same schedule with every count read as epochs rather than steps, converted to steps.
    ///
    /// StepLR and warm-up lengths become `n × stepsPerEpoch`; an ExponentialLR stepped per epoch is a
    /// staircase (γ once per epoch), which is exactly StepLR(every: stepsPerEpoch, γ). Cosine becomes a
    /// smooth per-step annealing over `total × stepsPerEpoch` steps, not PyTorch's per-epoch staircase.
    public func inEpochs(stepsPerEpoch: Int) throws -> LearningRateSchedule {
        guard stepsPerEpoch > 0 else {
            throw ScheduleError.invalid("an epoch must have at least one step (got \(stepsPerEpoch))")
        }
        switch self {
        case .constant:
            return .constant
        case .step(let every, let gamma):
            return .step(every: try Self.multiply(every, stepsPerEpoch), gamma: gamma)
        case .exponential(let gamma):
            return .step(every: stepsPerEpoch, gamma: gamma)
        case .cosine(let total, let minimum):
            return .cosine(total: try Self.multiply(total, stepsPerEpoch), minimum: minimum)
        case .warmup(let steps, let next):
            return .warmup(
                steps: try Self.multiply(steps, stepsPerEpoch), then: try next.inEpochs(stepsPerEpoch: stepsPerEpoch))
        }
    }

    private static func multiply(_ epochs: Int, _ stepsPerEpoch: Int) throws -> Int {
        let (product, overflow) = epochs.multipliedReportingOverflow(by: stepsPerEpoch)
        guard !overflow else {
            throw ScheduleError.invalid("\(epochs) epochs of \(stepsPerEpoch) steps is too many steps")
        }
        return product
    }

    /// Throws `ScheduleError.invalid` for counts that are not positive, or factors that are not finite
    /// and positive (a warm-up of 0 steps is allowed and means none).
    public func validate() throws {
        switch self {
        case .constant:
            break
        case .step(let every, let gamma):
            guard every > 0 else {
                throw ScheduleError.invalid("the step schedule needs a period of at least 1 (got \(every))")
            }
            try Self.checkFactor(gamma)
        case .exponential(let gamma):
            try Self.checkFactor(gamma)
        case .cosine(let total, let minimum):
            guard total > 0 else {
                throw ScheduleError.invalid("the cosine schedule needs a length of at least 1 (got \(total))")
            }
            guard minimum.isFinite && minimum >= 0 else {
                throw ScheduleError.invalid(
                    "the cosine schedule's minimum rate must be a finite number ≥ 0 (got \(minimum))")
            }
        case .warmup(let steps, let next):
            guard steps >= 0 else { throw ScheduleError.invalid("warm-up length must be ≥ 0 (got \(steps))") }
            try next.validate()
        }
    }

    private static func checkFactor(_ gamma: Double) throws {
        guard gamma.isFinite && gamma > 0 else {
            throw ScheduleError.invalid("the decay factor gamma must be a finite number > 0 (got \(gamma))")
        }
    }

    /// A short form for `show settings`, e.g. `warmup 100 then cosine 5000 (min 0.0)`.
    public var description: String {
        switch self {
        case .constant: "constant"
        case .step(let every, let gamma): "step every \(every) × \(gamma)"
        case .exponential(let gamma): "exponential × \(gamma) per step"
        case .cosine(let total, let minimum): "cosine \(total) (min \(minimum))"
        case .warmup(let steps, let next): "warmup \(steps) then \(next)"
        }
    }
}

/// A learning-rate schedule a user asked for that cannot be used.
public enum ScheduleError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
