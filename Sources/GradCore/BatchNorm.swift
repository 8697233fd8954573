/// Batch normalization over the batch dimension with PyTorch `BatchNorm1d` semantics, followed by a fused
/// activation (a hidden layer is Linear → BatchNorm → activation, as in `nn.Sequential`).
///
/// Training: x̂ = (x − μ_B)/√(σ²_B + ε) with the biased batch variance σ²_B; y = γ·x̂ + β. The running
/// statistics move with momentum 0.1 toward μ_B and the *unbiased* variance σ²_B·B/(B−1).
/// Evaluation: x̂ = (x − running_mean)/√(running_var + ε). ε = 1e-5; γ starts at 1, β at 0.
public final class BatchNorm<Scalar: TrainingScalar>: Layer {
    public static var epsilon: Double { 1e-5 }
    public static var momentum: Double { 0.1 }

    public let width: Int
    public var inputWidth: Int { width }
    public var outputWidth: Int { width }
    public let activation: Activation
    public let scale: Parameter<Scalar>  // γ, saved as `N.weight`
    public let shift: Parameter<Scalar>  // β, saved as `N.bias`
    public let runningMean: Matrix<Scalar>
    public let runningVariance: Matrix<Scalar>
    /// Batches seen in training mode (PyTorch's `num_batches_tracked`).
    public var batchesTracked = 0

    private var normalized: Matrix<Scalar>?  // B × W, x̂
    private var affine: Matrix<Scalar>?  // B × W, y = γx̂ + β (aliases output unless backward needs it)
    private var output: Matrix<Scalar>?  // B × W, f(y)
    private var affineGradient: Matrix<Scalar>?  // B × W
    private var inputGradient: Matrix<Scalar>?  // B × W
    private let inverseStd: Matrix<Scalar>  // 1 × W, 1/√(σ²_B + ε) of the latest training batch
    private let columnSum: UnsafeMutablePointer<Double>  // W scratch accumulators, Double so sums of many rows stay exact
    private let columnSum2: UnsafeMutablePointer<Double>

    public init(width: Int, activation: Activation, names: (String, String), layer: Int) {
        self.width = width
        self.activation = activation
        scale = Parameter(name: names.0, role: .weight, layer: layer, rows: 1, cols: width)
        shift = Parameter(name: names.1, role: .bias, layer: layer, rows: 1, cols: width)
        scale.value.fill(1)
        runningMean = Matrix(rows: 1, cols: width)
        runningVariance = Matrix(rows: 1, cols: width)
        runningVariance.fill(1)
        inverseStd = Matrix(rows: 1, cols: width)
        columnSum = CacheLines.allocate(Double.self, count: width)
        columnSum2 = CacheLines.allocate(Double.self, count: width)
    }

    deinit {
        columnSum.deallocate()
        columnSum2.deallocate()
    }

    public var parameters: [Parameter<Scalar>] { [scale, shift] }
    public var activationOutput: Matrix<Scalar>? { activation == .linear ? nil : output }
    /// The matrix forward writes, whatever the activation.
    var bandOutput: Matrix<Scalar>? { output }

    public func allocate(batchCapacity: Int) {
        normalized = resized(normalized, rows: batchCapacity, cols: width)
        output = resized(output, rows: batchCapacity, cols: width)
        affine = activation.needsPreActivation ? resized(affine, rows: batchCapacity, cols: width) : output
        affineGradient = resized(affineGradient, rows: batchCapacity, cols: width)
        inputGradient = resized(inputGradient, rows: batchCapacity, cols: width)
    }

    /// Resets γ, β and the running statistics to their initial values.
    public func resetParameters() {
        scale.value.fill(1)
        shift.value.fill(0)
        runningMean.fill(0)
        runningVariance.fill(1)
        batchesTracked = 0
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        let out = forward(x, batch: batch, columns: 0..<width, mode: mode)
        countBatch(mode)
        return out
    }

    /// Counts a training batch (PyTorch's `num_batches_tracked`), once per forward whatever its columns.
    func countBatch(_ mode: ForwardMode) {
        if mode == .training { batchesTracked += 1 }
    }

    /// Forward for `columns` of every row: each column's statistics, normalization and activation involve
    /// that column alone, so the columns can be shared between the cores (see `ColumnBandPlan`).
    @_specialize(where Scalar == Float)
    func forward(_ x: Matrix<Scalar>, batch: Int, columns: Range<Int>, mode: ForwardMode) -> Matrix<Scalar> {
        guard let xHat = normalized, let y = affine, let out = output else {
            preconditionFailure("BatchNorm.forward before allocate")
        }
        // Every pointer starts at the band's first column and every inner loop counts from 0, so the loops
        // carry no overflow-checked index arithmetic and vectorize (checked `row * width + j` kept them scalar,
        // a quarter of a batch-norm net's step).
        let first = columns.lowerBound, count = columns.count, width = width
        let eps = Scalar(Self.epsilon)
        let mean = columnSum + first, invStd = inverseStd.pointer + first
        let runningMean = runningMean.pointer + first, runningVariance = runningVariance.pointer + first
        switch mode {
        case .training:
            precondition(batch > 1, "batch norm needs more than one row per batch in training")
            columnStatistics(x.pointer + first, batch: batch, count: count, mean: mean, variance: columnSum2 + first)
            let momentum = Scalar(Self.momentum)
            let unbiasing = Scalar(batch) / Scalar(batch - 1)
            for j in 0..<count {
                let variance = Scalar(columnSum2[first + j])  // biased: normalizes this batch
                invStd[j] = 1 / (variance + eps).squareRoot()
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * Scalar(mean[j])
                runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance * unbiasing
            }
        case .evaluation:
            for j in 0..<count {
                mean[j] = Double(runningMean[j])
                invStd[j] = 1 / (runningVariance[j] + eps).squareRoot()
            }
        }
        let gamma = scale.value.pointer + first, beta = shift.value.pointer + first
        let input = x.pointer + first, normalizedOut = xHat.pointer + first, affineOut = y.pointer + first
        for row in 0..<batch {
            let x = input + row * width, xHat = normalizedOut + row * width, y = affineOut + row * width
            for j in 0..<count {
                let normalizedValue = (x[j] - Scalar(mean[j])) * invStd[j]
                xHat[j] = normalizedValue
                y[j] = gamma[j] * normalizedValue + beta[j]
            }
        }
        ColumnSegments(rows: 0..<batch, columns: columns, width: width).forEach { offset, count in
            activation.forward(pre: y.pointer + offset, out: out.pointer + offset, count: count)
        }
        return out
    }

    /// Per-column mean and biased variance of `count` columns from `x` (rows `width` apart), in Double (two
    /// passes: the shifted second pass avoids the cancellation of E[x²] − E[x]²).
    private func columnStatistics(
        _ x: UnsafePointer<Scalar>, batch: Int, count: Int, mean: UnsafeMutablePointer<Double>,
        variance: UnsafeMutablePointer<Double>
    ) {
        let width = width
        mean.update(repeating: 0, count: count)
        variance.update(repeating: 0, count: count)
        for row in 0..<batch {
            let values = x + row * width
            for j in 0..<count { mean[j] += Double(values[j]) }
        }
        let n = Double(batch)
        for j in 0..<count { mean[j] /= n }
        for row in 0..<batch {
            let values = x + row * width
            for j in 0..<count {
                let d = Double(values[j]) - mean[j]
                variance[j] += d * d
            }
        }
        for j in 0..<count { variance[j] /= n }
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        backward(dOut, batch: batch, columns: 0..<width, needsInputGradient: needsInputGradient)
    }

    /// Backward for `columns` of every row: γ's and β's gradients there, and the input gradient's columns.
    @_specialize(where Scalar == Float)
    func backward(
        _ dOut: Matrix<Scalar>, batch: Int, columns: Range<Int>, needsInputGradient: Bool
    ) -> Matrix<Scalar>? {
        guard let xHat = normalized, let y = affine, let out = output, let ownAffineGradient = affineGradient,
            let dInput = inputGradient
        else { preconditionFailure("BatchNorm.backward before forward") }
        // forward was: out = f(y)  → dy = dOut ⊙ f′(y)
        let dy = activation == .linear ? dOut : ownAffineGradient
        if activation != .linear {
            ColumnSegments(rows: 0..<batch, columns: columns, width: width).forEach { offset, count in
                activation.backward(
                    outputGradient: dOut.pointer + offset, pre: y.pointer + offset, out: out.pointer + offset,
                    preGradient: dy.pointer + offset, count: count)
            }
        }
        // forward was: y = γ·x̂ + β  → dγ = Σ_rows dy·x̂, dβ = Σ_rows dy
        let first = columns.lowerBound, count = columns.count, width = width
        let sumDy = columnSum + first, sumDyXHat = columnSum2 + first
        let affineGradientIn = UnsafePointer(dy.pointer) + first, normalizedIn = UnsafePointer(xHat.pointer) + first
        sumDy.update(repeating: 0, count: count)
        sumDyXHat.update(repeating: 0, count: count)
        for row in 0..<batch {
            let dy = affineGradientIn + row * width, xHat = normalizedIn + row * width
            for j in 0..<count {
                let g = Double(dy[j])
                sumDy[j] += g
                sumDyXHat[j] += g * Double(xHat[j])
            }
        }
        let dGamma = scale.gradient.pointer + first, dBeta = shift.gradient.pointer + first
        for j in 0..<count {
            dGamma[j] = Scalar(sumDyXHat[j])
            dBeta[j] = Scalar(sumDy[j])
        }
        guard needsInputGradient else { return nil }
        // forward was: x̂ = (x − μ)/√(σ² + ε) with μ, σ² from this batch
        // → dx = γ/(B·√(σ² + ε)) · (B·dy − Σdy − x̂·Σ(dy·x̂))
        let gamma = scale.value.pointer + first, invStd = inverseStd.pointer + first
        let n = Scalar(batch), inputGradientOut = dInput.pointer + first
        for row in 0..<batch {
            let dy = affineGradientIn + row * width, xHat = normalizedIn + row * width
            let dx = inputGradientOut + row * width
            for j in 0..<count {
                let term = n * dy[j] - Scalar(sumDy[j]) - xHat[j] * Scalar(sumDyXHat[j])
                dx[j] = gamma[j] * invStd[j] / n * term
            }
        }
        return dInput
    }
}
