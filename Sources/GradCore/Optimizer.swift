/// Updates a list of parameters in place from their gradients with one of PyTorch's update rules.
///
/// All state (momentum buffers, Adam's moments) lives in two slabs allocated in `init`, one region per
/// parameter, so `step` touches the heap not at all and walks memory linearly. The gradients are only
/// read: PyTorch's L2 weight decay forms `g + λ·θ` in a temporary, and so do we, so gradient statistics
/// taken after the step still show the raw gradient.
public final class Optimizer<Scalar: TrainingScalar> {
    public let settings: OptimizerSettings
    public let parameters: [Parameter<Scalar>]
    /// Updates taken since creation or the last `resetState()`; Adam's bias correction uses it as t.
    public private(set) var stepCount = 0

    // Raw pointers copied out of `parameters` once, so the step loop does no class field loads or
    // retain/release; `parameters` keeps the matrices (and so these pointers) alive.
    private let values: [UnsafeMutablePointer<Scalar>]
    private let gradients: [UnsafeMutablePointer<Scalar>]
    private let counts: [Int]
    private let offsets: [Int]  // where parameter i's state starts in each slab
    /// Momentum buffer b, or Adam's first moment m, or RMSprop's momentum buffer.
    private let firstMoment: UnsafeMutablePointer<Scalar>
    /// Adam's second moment v, or RMSprop's square_avg.
    private let secondMoment: UnsafeMutablePointer<Scalar>
    private let firstCount: Int
    private let secondCount: Int

    /// Validates `settings` and allocates every state buffer the rule needs, zero-filled.
    public init(settings: OptimizerSettings, parameters: [Parameter<Scalar>]) throws {
        try settings.validate()
        self.settings = settings
        self.parameters = parameters
        values = parameters.map { $0.value.pointer }
        gradients = parameters.map { $0.gradient.pointer }
        counts = parameters.map { $0.count }
        let (offsets, total) = parameters.packedOffsets()
        self.offsets = offsets
        firstCount = settings.kind.needsFirstMoment ? total : 0
        secondCount = settings.kind.needsSecondMoment ? total : 0
        firstMoment = .allocate(capacity: max(firstCount, 1))
        firstMoment.initialize(repeating: 0, count: max(firstCount, 1))
        secondMoment = .allocate(capacity: max(secondCount, 1))
        secondMoment.initialize(repeating: 0, count: max(secondCount, 1))
    }

    deinit {
        firstMoment.deallocate()
        secondMoment.deallocate()
    }

    /// Forgets all momentum and moment estimates and restarts Adam's bias correction at t = 1,
    /// as a freshly constructed PyTorch optimizer would.
    public func resetState() {
        stepCount = 0
        firstMoment.update(repeating: 0, count: max(firstCount, 1))
        secondMoment.update(repeating: 0, count: max(secondCount, 1))
    }

    /// One update of every parameter from its current gradient at `learningRate` (the scheduled rate;
    /// `settings.learningRate` is only the base). Allocates nothing.
    @_specialize(where Scalar == Float)
    public func step(learningRate: Double) {
        stepCount += 1
        let lr = Scalar(learningRate)
        let decay = Scalar(settings.weightDecay)
        switch settings.kind {
        case .sgd:
            for i in values.indices {
                OptimizerKernels.sgd(value: values[i], gradient: gradients[i], count: counts[i], lr: lr, decay: decay)
            }
        case .momentum(let momentum):
            stepMomentum(lr: lr, decay: decay, momentum: Scalar(momentum), nesterov: false)
        case .nesterov(let momentum):
            stepMomentum(lr: lr, decay: decay, momentum: Scalar(momentum), nesterov: true)
        case .adam(let beta1, let beta2, let epsilon):
            stepAdam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, decoupled: false)
        case .adamw(let beta1, let beta2, let epsilon):
            stepAdam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, decoupled: true)
        case .rmsprop(let alpha, let epsilon, let momentum):
            for i in values.indices {
                OptimizerKernels.rmsprop(
                    value: values[i], gradient: gradients[i], squareAverage: secondMoment + offsets[i],
                    buffer: momentum > 0 ? firstMoment + offsets[i] : nil, count: counts[i],
                    lr: lr, decay: decay, alpha: Scalar(alpha), oneMinusAlpha: Scalar(1 - alpha),
                    epsilon: Scalar(epsilon),
                    momentum: Scalar(momentum))
            }
        }
    }

    private func stepMomentum(lr: Scalar, decay: Scalar, momentum: Scalar, nesterov: Bool) {
        for i in values.indices {
            OptimizerKernels.momentum(
                value: values[i], gradient: gradients[i], buffer: firstMoment + offsets[i], count: counts[i],
                lr: lr, decay: decay, momentum: momentum, nesterov: nesterov)
        }
    }

    private func stepAdam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, decoupled: Bool) {
        // Bias corrections in Double, as PyTorch computes `beta ** step` with Python floats:
        // step_size = lr / (1 − β1ᵗ), denominator = √v / √(1 − β2ᵗ) + ε.
        let t = Double(stepCount)
        let correction1 = 1 - Double.pow(beta1, t)
        let correction2 = 1 - Double.pow(beta2, t)
        let constants = OptimizerKernels.AdamConstants(
            stepSize: Scalar(learningRate / correction1),
            inverseCorrection2Root: Scalar(1 / correction2.squareRoot()),
            beta1: Scalar(beta1), beta2: Scalar(beta2), oneMinusBeta1: Scalar(1 - beta1),
            oneMinusBeta2: Scalar(1 - beta2),
            epsilon: Scalar(epsilon),
            // AdamW shrinks the weights, θ ← θ·(1 − lr·λ); Adam adds λ·θ to the gradient; λ = 0 does neither.
            decay: decoupled ? Scalar(1 - learningRate * settings.weightDecay) : Scalar(settings.weightDecay),
            form: settings.weightDecay == 0 ? .none : decoupled ? .decoupled : .l2)
        for i in values.indices {
            OptimizerKernels.adam(
                value: values[i], gradient: gradients[i], m: firstMoment + offsets[i], v: secondMoment + offsets[i],
                count: counts[i], constants: constants)
        }
    }

    /// One update at the base learning rate `settings.learningRate` (no schedule).
    public func step() { step(learningRate: settings.learningRate) }
}
