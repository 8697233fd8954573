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

    /// `sgd` on Floats, measuring the update as it is written (`Optimizer.step(learningRate:measuringUpdates:)`):
    /// each new value is squared while it is still in a register, in chunks of `chunk` values with the
    /// lanes and order of `UpdateSquares.add(new:old:count:)`, so the figures are the same bits as copying
    /// each chunk aside first, without the copy and the second pass.
    static func sgdMeasuring(
        value: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int, lr: Float, decay: Float,
        chunk: Int
    ) -> UpdateSquares {
        let form: Decay = decay == 0 ? .none : .l2
        var squares = UpdateSquares()
        var done = 0
        while done < count {
            let length = min(chunk, count - done)
            // A literal form at each call, so each inlined copy of the loop drops the other's branch.
            let (chunkValue, chunkGradient) = (value + done, gradient + done)
            if form == .none {
                sgdMeasuringChunk(
                    value: chunkValue, gradient: chunkGradient, count: length, lr: lr, decay: decay, form: .none,
                    into: &squares)
            } else {
                sgdMeasuringChunk(
                    value: chunkValue, gradient: chunkGradient, count: length, lr: lr, decay: decay, form: .l2,
                    into: &squares)
            }
            done += length
        }
        return squares
    }

    /// One chunk of `sgdMeasuring`: each value's arithmetic is `sgdLoop`'s.
    @inline(__always)
    private static func sgdMeasuringChunk(
        value: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int, lr: Float, decay: Float,
        form: Decay, into squares: inout UpdateSquares
    ) {
        typealias Lanes = SIMD8<Float>
        let rawValue = UnsafeMutableRawPointer(value), rawGradient = UnsafeRawPointer(gradient)
        let rate = Lanes(repeating: lr), lambda = Lanes(repeating: decay)
        var lanes = UpdateLanes()
        let vectors = count / 8
        for v in 0..<vectors {
            let old = rawValue.loadUnaligned(fromByteOffset: v * 32, as: Lanes.self)
            var g = rawGradient.loadUnaligned(fromByteOffset: v * 32, as: Lanes.self)
            if form == .l2 { g = g + lambda * old }
            let new = old - rate * g
            rawValue.storeBytes(of: new, toByteOffset: v * 32, as: Lanes.self)
            lanes.add(new: new, old: old)
        }
        lanes.flush(into: &squares)
        for i in (vectors * 8)..<count {
            let old = value[i]
            sgdLoop(value: value + i, gradient: gradient + i, count: 1, lr: lr, decay: decay, form: form)
            squares.add(new: value[i], old: old)
        }
    }

    /// torch.optim.SGD with momentum μ and dampening d: b ← μ·b + s·g', s = 1 on the first step (PyTorch
    /// sets b = g' then; b starts at zero here and μ·0 + g' = g' exactly) and 1 − d after; θ ← θ − lr·b,
    /// or with Nesterov (d = 0) θ ← θ − lr·(g' + μ·b).
    static func momentum<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        buffer: UnsafeMutablePointer<Scalar>, count: Int,
        lr: Scalar, decay: Scalar, momentum: Scalar, gradientShare: Scalar, nesterov: Bool
    ) {
        let form: Decay = decay == 0 ? .none : .l2
        let constants = MomentumConstants(lr: lr, decay: decay, momentum: momentum, gradientShare: gradientShare)
        // Four literal combinations so each inlined loop is specialized for its (decay, Nesterov) pair.
        switch (form, nesterov) {
        case (.l2, true):
            momentumLoop(value: value, gradient: gradient, buffer: buffer, count: count, constants, nesterov: true, form: .l2)
        case (.l2, false):
            momentumLoop(value: value, gradient: gradient, buffer: buffer, count: count, constants, nesterov: false, form: .l2)
        case (_, true):
            momentumLoop(value: value, gradient: gradient, buffer: buffer, count: count, constants, nesterov: true, form: .none)
        case (_, false):
            momentumLoop(value: value, gradient: gradient, buffer: buffer, count: count, constants, nesterov: false, form: .none)
        }
    }

    struct MomentumConstants<Scalar: TrainingScalar> {
        var lr: Scalar, decay: Scalar, momentum: Scalar, gradientShare: Scalar
    }

    @inline(__always)
    private static func momentumLoop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        buffer: UnsafeMutablePointer<Scalar>, count: Int,
        _ c: MomentumConstants<Scalar>, nesterov: Bool, form: Decay
    ) {
        for i in 0..<count {
            let g = form == .l2 ? gradient[i] + c.decay * value[i] : gradient[i]
            let b = c.momentum * buffer[i] + c.gradientShare * g
            buffer[i] = b
            value[i] -= c.lr * (nesterov ? g + c.momentum * b : b)
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
    /// after the square root and after bias correction, which matters while v is tiny. With AMSGrad
    /// (`largestV` given), v̂ is formed from the largest v so far, v_max ← max(v_max, v).
    static func adam<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>, largestV: UnsafeMutablePointer<Scalar>?,
        count: Int, constants c: AdamConstants<Scalar>
    ) {
        // Literal (form, AMSGrad) pairs, so each inlined loop is specialized with no per-element test.
        if let largestV {
            switch c.form {
            case .none: adamLoop(value, gradient, m, v, largestV, count, c, form: .none, amsgrad: true)
            case .l2: adamLoop(value, gradient, m, v, largestV, count, c, form: .l2, amsgrad: true)
            case .decoupled: adamLoop(value, gradient, m, v, largestV, count, c, form: .decoupled, amsgrad: true)
            }
        } else {
            switch c.form {
            case .none: adamLoop(value, gradient, m, v, v, count, c, form: .none, amsgrad: false)
            case .l2: adamLoop(value, gradient, m, v, v, count, c, form: .l2, amsgrad: false)
            case .decoupled: adamLoop(value, gradient, m, v, v, count, c, form: .decoupled, amsgrad: false)
            }
        }
    }

    @inline(__always)
    private static func adamLoop<Scalar: TrainingScalar>(
        _ value: UnsafeMutablePointer<Scalar>, _ gradient: UnsafeMutablePointer<Scalar>,
        _ m: UnsafeMutablePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>, _ largestV: UnsafeMutablePointer<Scalar>,
        _ count: Int, _ c: AdamConstants<Scalar>, form: Decay, amsgrad: Bool
    ) {
        for i in 0..<count {
            let theta = form == .decoupled ? value[i] * c.decay : value[i]
            let g = form == .l2 ? gradient[i] + c.decay * theta : gradient[i]
            let first = c.beta1 * m[i] + c.oneMinusBeta1 * g
            var second = c.beta2 * v[i] + c.oneMinusBeta2 * g * g
            m[i] = first
            v[i] = second
            if amsgrad {
                // torch.maximum: a NaN in v wins, so a diverging run still stops.
                second = largestV[i] >= second ? largestV[i] : second
                largestV[i] = second
            }
            let denominator = second.magnitude.squareRoot() * c.inverseCorrection2Root + c.epsilon
            value[i] = theta - c.stepSize * first / denominator
        }
    }

    /// The per-call constants of RMSprop.
    struct RMSpropConstants<Scalar: TrainingScalar> {
        var lr: Scalar, decay: Scalar, alpha: Scalar, oneMinusAlpha: Scalar, epsilon: Scalar, momentum: Scalar
    }

    /// torch.optim.RMSprop: g' = g + λ·θ; v ← α·v + (1−α)·g'²; a = √v + ε (ε outside the root), or when
    /// centered (`gradientAverage` given) ḡ ← ḡ + (1−α)·(g' − ḡ) (torch's lerp) and a = √(v − ḡ²) + ε;
    /// without momentum θ ← θ − lr·g'/a, with momentum μ > 0 (`buffer` given) b ← μ·b + g'/a, θ ← θ − lr·b.
    static func rmsprop<Scalar: TrainingScalar>(
        value: UnsafeMutablePointer<Scalar>, gradient: UnsafeMutablePointer<Scalar>,
        squareAverage: UnsafeMutablePointer<Scalar>, buffer: UnsafeMutablePointer<Scalar>?,
        gradientAverage: UnsafeMutablePointer<Scalar>?, count: Int, _ c: RMSpropConstants<Scalar>
    ) {
        let state = RMSpropState(squareAverage: squareAverage, buffer: buffer ?? squareAverage,
                                 gradientAverage: gradientAverage ?? squareAverage)
        if c.decay == 0 {
            rmspropLoop(value, gradient, state, count, c, hasMomentum: buffer != nil, centered: gradientAverage != nil, form: .none)
        } else {
            rmspropLoop(value, gradient, state, count, c, hasMomentum: buffer != nil, centered: gradientAverage != nil, form: .l2)
        }
    }

    /// RMSprop's buffers; the unused ones alias `squareAverage` and are never touched.
    struct RMSpropState<Scalar: TrainingScalar> {
        var squareAverage: UnsafeMutablePointer<Scalar>
        var buffer: UnsafeMutablePointer<Scalar>
        var gradientAverage: UnsafeMutablePointer<Scalar>
    }

    @inline(__always)
    private static func rmspropLoop<Scalar: TrainingScalar>(
        _ value: UnsafeMutablePointer<Scalar>, _ gradient: UnsafeMutablePointer<Scalar>, _ state: RMSpropState<Scalar>,
        _ count: Int, _ c: RMSpropConstants<Scalar>, hasMomentum: Bool, centered: Bool, form: Decay
    ) {
        // `hasMomentum` and `centered` are the same for every element: the loop is unswitched on them.
        for i in 0..<count {
            let g = form == .l2 ? gradient[i] + c.decay * value[i] : gradient[i]
            let average = c.alpha * state.squareAverage[i] + c.oneMinusAlpha * g * g
            state.squareAverage[i] = average
            var variance = average
            if centered {
                let mean = state.gradientAverage[i] + c.oneMinusAlpha * (g - state.gradientAverage[i])
                state.gradientAverage[i] = mean
                // v − ḡ² ≥ 0 in exact arithmetic; rounding can leave a sliver below 0, where torch's sqrt
                // gives NaN and the magnitude below gives a root as tiny as the sliver.
                variance = average - mean * mean
            }
            let scale = variance.magnitude.squareRoot() + c.epsilon
            if hasMomentum {
                let b = c.momentum * state.buffer[i] + g / scale
                state.buffer[i] = b
                value[i] -= c.lr * b
            } else {
                value[i] -= c.lr * g / scale
            }
        }
    }
}
