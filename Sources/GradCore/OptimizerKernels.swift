/// The per-element update rules of `Optimizer`, one function per PyTorch algorithm, over raw buffers.
///
/// Each loop reads the gradient, updates its state and writes the weight in a single pass, with every
/// hyperparameter already converted to `Scalar`, so the Float loops stay simple enough to vectorize.
/// Formulas are the torch.optim documentation's; `g'` is the gradient after L2 weight decay.
enum OptimizerKernels {
    // Performance notes, measured on the 80k-parameter benchmark net:
    // - Each public kernel branches once on the weight decay and calls an `@inline(__always)` loop
    //   with a constant `Decay`, so every loop is specialized with no per-element test and vectorizes.
    // - Square roots are taken of `x.magnitude`: the argument is a running mean of squares, never
    //   negative, so this changes nothing, but it lets LLVM drop the errno-setting `sqrtf` fallback
    //   that otherwise keeps the loop scalar (Swift on Linux compiles `squareRoot()` with math-errno).

    /// Which weight decay a loop applies, fixed per call so the branch folds away.
    enum Decay {
        case none
        /// PyTorch's L2 form: g' = g + λ·θ.
        case l2
        /// AdamW's decoupled form: θ ← θ·(1 − lr·λ) before the update.
        case decoupled
    }

    /// torch.optim.SGD without momentum: g' = g + λ·θ, θ ← θ − lr·g'.
    static func sgd<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar
    ) {
        // PyTorch skips the decay term entirely when λ = 0; so do we (it also keeps a NaN weight from
        // leaking into g' through 0·θ).
        if decay == 0 {
            sgdLoop(value: value, gradient: gradient, count: count, lr: lr, decay: decay, form: .none)
        } else {
            sgdLoop(value: value, gradient: gradient, count: count, lr: lr, decay: decay, form: .l2)
        }
    }

    @inline(__always)
    private static func sgdLoop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar, form: Decay
    ) {
        for i in 0..<count {
            let g = form == .l2 ? gradient[i] + decay * value[i] : gradient[i]
            value[i] -= lr * g
        }
    }

    /// torch.optim.SGD with momentum μ, dampening 0: b ← μ·b + g'; θ ← θ − lr·b, or with Nesterov
    /// θ ← θ − lr·(g' + μ·b). PyTorch sets b = g' on the first step; b starts at zero here, and
    /// μ·0 + g' = g' exactly, so the two agree.
    static func momentum<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        buffer: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar, momentum: Scalar, nesterov: Bool
    ) {
        let form: Decay = decay == 0 ? .none : .l2
        // Four literal combinations so each inlined loop is specialized for its (decay, Nesterov) pair.
        switch (form, nesterov) {
        case (.l2, true):
            momentumLoop(
                value: value, gradient: gradient, buffer: buffer, count: count, lr: lr, decay: decay,
                momentum: momentum, nesterov: true, form: .l2)
        case (.l2, false):
            momentumLoop(
                value: value, gradient: gradient, buffer: buffer, count: count, lr: lr, decay: decay,
                momentum: momentum, nesterov: false, form: .l2)
        case (_, true):
            momentumLoop(
                value: value, gradient: gradient, buffer: buffer, count: count, lr: lr, decay: decay,
                momentum: momentum, nesterov: true, form: .none)
        case (_, false):
            momentumLoop(
                value: value, gradient: gradient, buffer: buffer, count: count, lr: lr, decay: decay,
                momentum: momentum, nesterov: false, form: .none)
        }
    }

    @inline(__always)
    private static func momentumLoop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        buffer: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar, momentum: Scalar, nesterov: Bool, form: Decay
    ) {
        for i in 0..<count {
            let g = form == .l2 ? gradient[i] + decay * value[i] : gradient[i]
            let b = momentum * buffer[i] + g
            buffer[i] = b
            value[i] -= lr * (nesterov ? g + momentum * b : b)
        }
    }

    /// The per-step constants of Adam/AdamW, computed once per step in Double by `Optimizer`.
    struct AdamConstants<Scalar: TrainingScalar> {
        /// lr / (1 − β1ᵗ)
        var stepSize: Scalar
        /// 1 / √(1 − β2ᵗ)
        var inverseCorrection2Root: Scalar
        var beta1: Scalar
        var beta2: Scalar
        /// 1 − β1 and 1 − β2, subtracted in Double: 1 − Float(0.999) would be off by 1e-5 relative.
        var oneMinusBeta1: Scalar
        var oneMinusBeta2: Scalar
        var epsilon: Scalar
        /// λ for Adam's L2 term, or 1 − lr·λ for AdamW's shrink; unused when `form` is `.none`.
        var decay: Scalar
        var form: Decay
    }

    /// torch.optim.Adam / AdamW:
    /// (AdamW) θ ← θ·(1 − lr·λ); (Adam) g' = g + λ·θ;
    /// m ← β1·m + (1−β1)·g'; v ← β2·v + (1−β2)·g'²;
    /// θ ← θ − lr·m̂ / (√v̂ + ε) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
    /// Written as PyTorch's implementation does, θ ← θ − step_size·m / (√v/√(1−β2ᵗ) + ε): ε is added
    /// after the square root and after bias correction, which matters while v is tiny.
    static func adam<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>, count: Int,
        constants: AdamConstants<Scalar>
    ) {
        switch constants.form {
        case .none:
            adamLoop(value: value, gradient: gradient, m: m, v: v, count: count, constants: constants, form: .none)
        case .l2: adamLoop(value: value, gradient: gradient, m: m, v: v, count: count, constants: constants, form: .l2)
        case .decoupled:
            adamLoop(value: value, gradient: gradient, m: m, v: v, count: count, constants: constants, form: .decoupled)
        }
    }

    @inline(__always)
    private static func adamLoop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>, count: Int,
        constants c: AdamConstants<Scalar>, form: Decay
    ) {
        for i in 0..<count {
            let theta = form == .decoupled ? value[i] * c.decay : value[i]
            let g = form == .l2 ? gradient[i] + c.decay * theta : gradient[i]
            let first = c.beta1 * m[i] + c.oneMinusBeta1 * g
            let second = c.beta2 * v[i] + c.oneMinusBeta2 * g * g
            m[i] = first
            v[i] = second
            let denominator = second.magnitude.squareRoot() * c.inverseCorrection2Root + c.epsilon
            value[i] = theta - c.stepSize * first / denominator
        }
    }

    /// torch.optim.RMSprop, not centered: g' = g + λ·θ; v ← α·v + (1−α)·g'²; a = √v + ε (ε outside the
    /// root); without momentum θ ← θ − lr·g'/a, with momentum μ > 0 b ← μ·b + g'/a, θ ← θ − lr·b.
    static func rmsprop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        squareAverage: UnsafeMutablePointer<Scalar>, buffer: UnsafeMutablePointer<Scalar>?, count: Int,
        lr: Scalar, decay: Scalar, alpha: Scalar, oneMinusAlpha: Scalar, epsilon: Scalar, momentum: Scalar
    ) {
        if decay == 0 {
            rmspropLoop(
                value: value, gradient: gradient, squareAverage: squareAverage, buffer: buffer, count: count,
                lr: lr, decay: decay, alpha: alpha, oneMinusAlpha: oneMinusAlpha, epsilon: epsilon, momentum: momentum,
                form: .none)
        } else {
            rmspropLoop(
                value: value, gradient: gradient, squareAverage: squareAverage, buffer: buffer, count: count,
                lr: lr, decay: decay, alpha: alpha, oneMinusAlpha: oneMinusAlpha, epsilon: epsilon, momentum: momentum,
                form: .l2)
        }
    }

    @inline(__always)
    private static func rmspropLoop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        squareAverage: UnsafeMutablePointer<Scalar>, buffer: UnsafeMutablePointer<Scalar>?, count: Int,
        lr: Scalar, decay: Scalar, alpha: Scalar, oneMinusAlpha: Scalar, epsilon: Scalar, momentum: Scalar, form: Decay
    ) {
        if let buffer {
            for i in 0..<count {
                let g = form == .l2 ? gradient[i] + decay * value[i] : gradient[i]
                let average = alpha * squareAverage[i] + oneMinusAlpha * g * g
                squareAverage[i] = average
                let b = momentum * buffer[i] + g / (average.magnitude.squareRoot() + epsilon)
                buffer[i] = b
                value[i] -= lr * b
            }
        } else {
            for i in 0..<count {
                let g = form == .l2 ? gradient[i] + decay * value[i] : gradient[i]
                let average = alpha * squareAverage[i] + oneMinusAlpha * g * g
                squareAverage[i] = average
                value[i] -= lr * g / (average.magnitude.squareRoot() + epsilon)
            }
        }
    }
}
