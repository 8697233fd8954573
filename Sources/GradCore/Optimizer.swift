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
    /// AMSGrad's largest v so far, or centered RMSprop's running mean gradient ḡ.
    private let thirdMoment: UnsafeMutablePointer<Scalar>
    private let firstCount: Int
    private let secondCount: Int
    private let thirdCount: Int
    /// Per parameter, two slots (one per core's half, see `step`): the squares the latest measuring step saw.
    private let measured: UnsafeMutablePointer<UpdateSquares>
    /// One chunk per core: the values of the chunk being updated, as they were before the update.
    private let chunkBefore: UnsafeMutablePointer<Scalar>
    /// The tensors too small to split (below `parallelMinimum`), dealt whole to the two cores.
    private let smallTensors: WorkShares

    /// Validates `settings` and allocates every state buffer the rule needs, zero-filled.
    public init(settings: OptimizerSettings, parameters: [Parameter<Scalar>]) throws {
        try settings.validate()
        self.settings = settings
        self.parameters = parameters
        values = parameters.map { $0.value.pointer }
        gradients = parameters.map { $0.gradient.pointer }
        counts = parameters.map { $0.count }
        smallTensors = WorkShares(sizes: counts) { [counts] in counts[$0] < Self.parallelMinimum }
        let (offsets, total) = parameters.packedOffsets()
        self.offsets = offsets
        firstCount = settings.kind.needsFirstMoment ? total : 0
        secondCount = settings.kind.needsSecondMoment ? total : 0
        firstMoment = .allocate(capacity: max(firstCount, 1))
        firstMoment.initialize(repeating: 0, count: max(firstCount, 1))
        secondMoment = .allocate(capacity: max(secondCount, 1))
        secondMoment.initialize(repeating: 0, count: max(secondCount, 1))
        thirdCount = settings.kind.needsThirdMoment ? total : 0
        thirdMoment = .allocate(capacity: max(thirdCount, 1))
        thirdMoment.initialize(repeating: 0, count: max(thirdCount, 1))
        measured = .allocate(capacity: 2 * max(parameters.count, 1))
        measured.initialize(repeating: UpdateSquares(), count: 2 * max(parameters.count, 1))
        chunkBefore = .allocate(capacity: 2 * Self.measuredChunk)
        chunkBefore.initialize(repeating: 0, count: 2 * Self.measuredChunk)
    }

    deinit {
        firstMoment.deallocate()
        secondMoment.deallocate()
        thirdMoment.deallocate()
        measured.deallocate()
        chunkBefore.deallocate()
    }

    /// Forgets all momentum and moment estimates and restarts Adam's bias correction at t = 1,
    /// as a freshly constructed PyTorch optimizer would.
    public func resetState() {
        stepCount = 0
        firstMoment.update(repeating: 0, count: max(firstCount, 1))
        secondMoment.update(repeating: 0, count: max(secondCount, 1))
        thirdMoment.update(repeating: 0, count: max(thirdCount, 1))
    }

    /// One update of every parameter from its current gradient at `learningRate` (the scheduled rate;
    /// `settings.learningRate` is only the base). Allocates nothing.
    ///
    /// With `measuringUpdates`, it also measures ‖θ‖ and ‖Δθ‖ of every parameter as it goes (read them with
    /// `updateNorms(parameter:)`): each chunk of `measuredChunk` values is copied aside, updated, and compared
    /// with its copy while both are still in L1, instead of copying all weights before the step and reading
    /// them all again after it.
    @_specialize(where Scalar == Float)
    public func step(learningRate: Double, measuringUpdates: Bool = false) {
        stepCount += 1
        let constants = StepConstants(settings: settings, learningRate: learningRate, step: stepCount)
        let measuring = measuringUpdates
        if PairedWork.shared.isParallel && smallTensors.total >= Self.dealingMinimum {
            PairedWork.shared.run(
                TensorShare(optimizer: self, tensors: smallTensors.mine, constants: constants, slot: measuring ? 0 : nil),
                alongside: TensorShare(
                    optimizer: self, tensors: smallTensors.theirs, constants: constants, slot: measuring ? 1 : nil))
        } else {
            for i in smallTensors.mine { update(wholeTensor: i, constants, measuringIn: measuring ? 0 : nil) }
            for i in smallTensors.theirs { update(wholeTensor: i, constants, measuringIn: measuring ? 0 : nil) }
        }
        for i in values.indices where counts[i] >= Self.parallelMinimum {
            let count = counts[i]
            let half = (count / 2) & ~63  // whole cache lines on each side
            PairedWork.shared.run(
                TensorUpdate(optimizer: self, tensor: i, start: 0, count: half, constants: constants,
                             slot: measuring ? 0 : nil),
                alongside: TensorUpdate(optimizer: self, tensor: i, start: half, count: count - half,
                                        constants: constants, slot: measuring ? 1 : nil))
        }
    }

    /// Updates all of tensor `i` on one core, measuring into `slot` (the core's chunk buffer) if given.
    fileprivate func update(wholeTensor i: Int, _ constants: StepConstants, measuringIn slot: Int?) {
        update(tensor: i, start: 0, count: counts[i], constants, measuringIn: slot)
        if let slot { measured[2 * i + 1 - slot] = UpdateSquares() }
    }

    /// ‖θ‖₂ and ‖Δθ‖₂ of parameter `index` as measured by the latest `step(learningRate:measuringUpdates: true)`.
    func updateNorms(parameter index: Int) -> (value: Double, change: Double) {
        let total = measured[2 * index] + measured[2 * index + 1]
        return (total.value.squareRoot(), total.change.squareRoot())
    }

    /// Values per measured chunk: 4 kB of Float, so the copy, the update and the comparison stay in L1.
    static var measuredChunk: Int { 1024 }

    /// Tensors at least this large are updated in two halves on two cores. Each element's update reads and
    /// writes only that element, so the halves are independent; below ~64k elements (a 64-wide layer has 4k)
    /// handing half over costs more than it saves, while million-weight layers are memory-bound passes that
    /// the second core's bandwidth speeds up.
    static var parallelMinimum: Int { 1 << 16 }

    /// The smaller tensors are dealt whole to the two cores when together they hold at least this many
    /// elements (a 20-layer, 64-wide network has 80k); below it the hand-over costs more than it saves.
    static var dealingMinimum: Int { 1 << 14 }

    /// What every tensor's update needs, worked out once per step in Double and then converted.
    struct StepConstants {
        var lr: Scalar
        var decay: Scalar
        /// What SGD momentum adds of the gradient: all of it on the first step (PyTorch's buffer starts as
        /// a copy of g), 1 − dampening after.
        var gradientShare: Scalar
        /// Adam's and AdamW's bias-corrected constants; unused by the other rules.
        var adam: OptimizerKernels.AdamConstants<Scalar>

        init(settings: OptimizerSettings, learningRate: Double, step: Int) {
            lr = Scalar(learningRate)
            decay = Scalar(settings.weightDecay)
            gradientShare = 1
            if case .momentum(_, let dampening) = settings.kind, step > 1 { gradientShare = Scalar(1 - dampening) }
            var beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, decoupled = false
            switch settings.kind {
            case .adam(let b1, let b2, let e, _): (beta1, beta2, epsilon) = (b1, b2, e)
            case .adamw(let b1, let b2, let e, _): (beta1, beta2, epsilon, decoupled) = (b1, b2, e, true)
            default: break
            }
            // Bias corrections in Double, as PyTorch computes `beta ** step` with Python floats:
            // step_size = lr / (1 − β1ᵗ), denominator = √v / √(1 − β2ᵗ) + ε.
            let t = Double(step)
            let correction1 = 1 - GradMath.pow(beta1, t)
            let correction2 = 1 - GradMath.pow(beta2, t)
            adam = OptimizerKernels.AdamConstants(
                stepSize: Scalar(learningRate / correction1),
                inverseCorrection2Root: Scalar(1 / correction2.squareRoot()),
                beta1: Scalar(beta1), beta2: Scalar(beta2), oneMinusBeta1: Scalar(1 - beta1),
                oneMinusBeta2: Scalar(1 - beta2),
                epsilon: Scalar(epsilon),
                // AdamW shrinks the weights, θ ← θ·(1 − lr·λ); Adam adds λ·θ to the gradient; λ = 0 does neither.
                decay: decoupled ? Scalar(1 - learningRate * settings.weightDecay) : Scalar(settings.weightDecay),
                form: settings.weightDecay == 0 ? .none : decoupled ? .decoupled : .l2)
        }
    }

    /// Updates elements `start ..< start + count` of parameter `i` and its optimizer state; with a `slot`
    /// (0 or 1, one per core), measures the update into `measured[2i + slot]` as well.
    @_specialize(where Scalar == Float)
    fileprivate func update(tensor i: Int, start at: Int, count: Int, _ constants: StepConstants, measuringIn slot: Int?) {
        guard let slot else {
            applyRule(tensor: i, start: at, count: count, constants)
            return
        }
        if case .sgd = settings.kind, Scalar.self == Float.self {
            measured[2 * i + slot] = OptimizerKernels.sgdMeasuring(
                value: UnsafeMutableRawPointer(values[i] + at).assumingMemoryBound(to: Float.self),
                gradient: UnsafeMutableRawPointer(gradients[i] + at).assumingMemoryBound(to: Float.self), count: count,
                lr: Float(constants.lr), decay: Float(constants.decay), chunk: Self.measuredChunk)
            return
        }
        let before = chunkBefore + slot * Self.measuredChunk
        var squares = UpdateSquares()
        var done = 0
        while done < count {
            let chunk = min(Self.measuredChunk, count - done)
            let values = self.values[i] + at + done
            before.update(from: values, count: chunk)
            applyRule(tensor: i, start: at + done, count: chunk, constants)
            squares.add(new: UnsafePointer(values), old: UnsafePointer(before), count: chunk)
            done += chunk
        }
        measured[2 * i + slot] = squares
    }

    /// The update rule itself, on elements `start ..< start + count` of parameter `i`.
    @inline(__always)
    private func applyRule(tensor i: Int, start at: Int, count: Int, _ constants: StepConstants) {
        let (lr, decay) = (constants.lr, constants.decay)
        let (value, gradient) = (values[i] + at, gradients[i] + at)
        let (first, second) = (firstMoment + offsets[i] + at, secondMoment + offsets[i] + at)
        let third = thirdCount > 0 ? thirdMoment + offsets[i] + at : nil
        switch settings.kind {
        case .sgd:
            OptimizerKernels.sgd(value: value, gradient: gradient, count: count, lr: lr, decay: decay)
        case .momentum(let momentum, _):
            OptimizerKernels.momentum(
                value: value, gradient: gradient, buffer: first, count: count, lr: lr, decay: decay,
                momentum: Scalar(momentum), gradientShare: constants.gradientShare, nesterov: false)
        case .nesterov(let momentum):
            OptimizerKernels.momentum(
                value: value, gradient: gradient, buffer: first, count: count, lr: lr, decay: decay,
                momentum: Scalar(momentum), gradientShare: 1, nesterov: true)
        case .adam, .adamw:
            OptimizerKernels.adam(value: value, gradient: gradient, m: first, v: second, largestV: third, count: count,
                                  constants: constants.adam)
        case .rmsprop(let alpha, let epsilon, let momentum, _):
            OptimizerKernels.rmsprop(
                value: value, gradient: gradient, squareAverage: second, buffer: momentum > 0 ? first : nil,
                gradientAverage: third, count: count,
                OptimizerKernels.RMSpropConstants(lr: lr, decay: decay, alpha: Scalar(alpha), oneMinusAlpha: Scalar(1 - alpha),
                                 epsilon: Scalar(epsilon), momentum: Scalar(momentum)))
        }
    }

    /// One update at the base learning rate `settings.learningRate` (no schedule).
    public func step() { step(learningRate: settings.learningRate) }
}

/// One core's share of the small tensors' updates (see `PairedWork`).
private struct TensorShare<Scalar: TrainingScalar>: PairedJob {
    let optimizer: Optimizer<Scalar>
    let tensors: [Int]
    let constants: Optimizer<Scalar>.StepConstants
    let slot: Int?

    @_specialize(where Scalar == Float)
    func run() {
        for i in tensors { optimizer.update(wholeTensor: i, constants, measuringIn: slot) }
    }
}

/// Half of one tensor's update, lent to the helper core by address (see `PairedWork`).
private struct TensorUpdate<Scalar: TrainingScalar>: PairedJob {
    let optimizer: Optimizer<Scalar>
    let tensor: Int
    let start: Int
    let count: Int
    let constants: Optimizer<Scalar>.StepConstants
    let slot: Int?

    func run() { optimizer.update(tensor: tensor, start: start, count: count, constants, measuringIn: slot) }
}
