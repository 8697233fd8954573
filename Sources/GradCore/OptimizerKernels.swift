/// The per-element update rules of `Optimizer`, one function per PyTorch algorithm, over raw buffers.
///
/// Each loop reads the gradient, updates its state and writes the weight in a single pass, with every
/// hyperparameter already converted to `Scalar`, so the Float loops stay simple enough to vectorize.
/// Formulas are the torch.optim documentation's; `g'` is the gradient after L2 weight decay.
enum OptimizerKernels {
    /// torch.optim.SGD without momentum: g' = g + λ·θ, θ ← θ − lr·g'.
    @inline(__always)
    static func sgd<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar
    ) {
        for i in 0..<count {
            // PyTorch skips the decay term entirely when λ = 0; so do we (it keeps a NaN weight from
            // leaking into g' through 0·θ).
            let g = decay == 0 ? gradient[i] : gradient[i] + decay * value[i]
            value[i] -= lr * g
        }
    }

    /// torch.optim.SGD with momentum μ, dampening 0: b ← μ·b + g'; θ ← θ − lr·b, or with Nesterov
    /// θ ← θ − lr·(g' + μ·b). PyTorch sets b = g' on the first step; b starts at zero here, and
    /// μ·0 + g' = g' exactly, so the two agree.
    @inline(__always)
    static func momentum<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        buffer: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar, momentum: Scalar, nesterov: Bool
    ) {
        if nesterov {
            for i in 0..<count {
                let g = decay == 0 ? gradient[i] : gradient[i] + decay * value[i]
                let b = momentum * buffer[i] + g
                buffer[i] = b
                value[i] -= lr * (g + momentum * b)
            }
        } else {
            for i in 0..<count {
                let g = decay == 0 ? gradient[i] : gradient[i] + decay * value[i]
                let b = momentum * buffer[i] + g
                buffer[i] = b
                value[i] -= lr * b
            }
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
        var epsilon: Scalar
        /// 1 − lr·λ for AdamW, 1 for Adam.
        var decoupledShrink: Scalar
        /// λ for Adam's L2 term, 0 for AdamW.
        var l2Decay: Scalar
    }

    /// torch.optim.Adam / AdamW:
    /// (AdamW) θ ← θ·(1 − lr·λ); (Adam) g' = g + λ·θ;
    /// m ← β1·m + (1−β1)·g'; v ← β2·v + (1−β2)·g'²;
    /// θ ← θ − lr·m̂ / (√v̂ + ε) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
    /// Written as PyTorch's implementation does, θ ← θ − step_size·m / (√v/√(1−β2ᵗ) + ε): ε is added
    /// after the square root and after bias correction, which matters while v is tiny.
    @inline(__always)
    static func adam<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>, count: Int,
        constants c: AdamConstants<Scalar>
    ) {
        let oneMinusBeta1 = 1 - c.beta1
        let oneMinusBeta2 = 1 - c.beta2
        for i in 0..<count {
            let theta = c.decoupledShrink == 1 ? value[i] : value[i] * c.decoupledShrink
            let g = c.l2Decay == 0 ? gradient[i] : gradient[i] + c.l2Decay * theta
            let first = c.beta1 * m[i] + oneMinusBeta1 * g
            let second = c.beta2 * v[i] + oneMinusBeta2 * g * g
            m[i] = first
            v[i] = second
            let denominator = second.squareRoot() * c.inverseCorrection2Root + c.epsilon
            value[i] = theta - c.stepSize * first / denominator
        }
    }

    /// torch.optim.RMSprop, not centered: g' = g + λ·θ; v ← α·v + (1−α)·g'²; a = √v + ε (ε outside the
    /// root); without momentum θ ← θ − lr·g'/a, with momentum μ > 0 b ← μ·b + g'/a, θ ← θ − lr·b.
    @inline(__always)
    static func rmsprop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        squareAverage: UnsafeMutablePointer<Scalar>, buffer: UnsafeMutablePointer<Scalar>?, count: Int,
        lr: Scalar, decay: Scalar, alpha: Scalar, epsilon: Scalar, momentum: Scalar
    ) {
        let oneMinusAlpha = 1 - alpha
        if let buffer {
            for i in 0..<count {
                let g = decay == 0 ? gradient[i] : gradient[i] + decay * value[i]
                let average = alpha * squareAverage[i] + oneMinusAlpha * g * g
                squareAverage[i] = average
                let b = momentum * buffer[i] + g / (average.squareRoot() + epsilon)
                buffer[i] = b
                value[i] -= lr * b
            }
        } else {
            for i in 0..<count {
                let g = decay == 0 ? gradient[i] : gradient[i] + decay * value[i]
                let average = alpha * squareAverage[i] + oneMinusAlpha * g * g
                squareAverage[i] = average
                value[i] -= lr * g / (average.squareRoot() + epsilon)
            }
        }
    }
}
