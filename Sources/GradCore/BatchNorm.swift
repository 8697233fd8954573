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
        columnSum = .allocate(capacity: width)
        columnSum2 = .allocate(capacity: width)
    }

    deinit {
        columnSum.deallocate()
        columnSum2.deallocate()
    }

    public var parameters: [Parameter<Scalar>] { [scale, shift] }
    public var activationOutput: Matrix<Scalar>? { activation == .linear ? nil : output }

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
        guard let xHat = normalized, let y = affine, let out = output else {
            preconditionFailure("BatchNorm.forward before allocate")
        }
        let eps = Scalar(Self.epsilon)
        let mean = columnSum, invStd = inverseStd.pointer
        switch mode {
        case .training:
            precondition(batch > 1, "batch norm needs more than one row per batch in training")
            columnStatistics(x.pointer, batch: batch)
            let momentum = Scalar(Self.momentum)
            let unbiasing = Scalar(batch) / Scalar(batch - 1)
            for j in 0..<width {
                let variance = Scalar(columnSum2[j])  // biased: normalizes this batch
                invStd[j] = 1 / (variance + eps).squareRoot()
                runningMean.pointer[j] = (1 - momentum) * runningMean.pointer[j] + momentum * Scalar(mean[j])
                runningVariance.pointer[j] = (1 - momentum) * runningVariance.pointer[j] + momentum * variance * unbiasing
            }
            batchesTracked += 1
        case .evaluation:
            for j in 0..<width {
                mean[j] = Double(runningMean.pointer[j])
                invStd[j] = 1 / (runningVariance.pointer[j] + eps).squareRoot()
            }
        }
        // Row pointers in locals, so the inner loops carry no overflow-checked index arithmetic and vectorize
        // (checked `row * width + j` kept them scalar, a quarter of a batch-norm net's step).
        let gamma = scale.value.pointer, beta = shift.value.pointer, width = width
        let input = x.pointer, normalizedOut = xHat.pointer, affineOut = y.pointer
        for row in 0..<batch {
            let x = input + row * width, xHat = normalizedOut + row * width, y = affineOut + row * width
            for j in 0..<width {
                let normalizedValue = (x[j] - Scalar(mean[j])) * invStd[j]
                xHat[j] = normalizedValue
                y[j] = gamma[j] * normalizedValue + beta[j]
            }
        }
        activation.forward(pre: y.pointer, out: out.pointer, count: batch * width)
        return out
    }

    /// Per-column mean into `columnSum` and biased variance into `columnSum2` (two passes: the shifted
    /// second pass avoids the cancellation of E[x²] − E[x]²).
    private func columnStatistics(_ x: UnsafePointer<Scalar>, batch: Int) {
        let columnSum = columnSum, columnSum2 = columnSum2, width = width
        columnSum.update(repeating: 0, count: width)
        columnSum2.update(repeating: 0, count: width)
        for row in 0..<batch {
            let values = x + row * width
            for j in 0..<width { columnSum[j] += Double(values[j]) }
        }
        let n = Double(batch)
        for j in 0..<width { columnSum[j] /= n }
        for row in 0..<batch {
            let values = x + row * width
            for j in 0..<width {
                let d = Double(values[j]) - columnSum[j]
                columnSum2[j] += d * d
            }
        }
        for j in 0..<width { columnSum2[j] /= n }
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        guard let xHat = normalized, let y = affine, let out = output, let ownAffineGradient = affineGradient,
            let dInput = inputGradient
        else { preconditionFailure("BatchNorm.backward before forward") }
        // forward was: out = f(y)  → dy = dOut ⊙ f′(y)
        let dy = activation.gradient(through: dOut, pre: y, out: out, scratch: ownAffineGradient, count: batch * width)
        // forward was: y = γ·x̂ + β  → dγ = Σ_rows dy·x̂, dβ = Σ_rows dy
        let sumDy = columnSum, sumDyXHat = columnSum2, width = width
        let affineGradientIn = UnsafePointer(dy.pointer), normalizedIn = UnsafePointer(xHat.pointer)
        sumDy.update(repeating: 0, count: width)
        sumDyXHat.update(repeating: 0, count: width)
        for row in 0..<batch {
            let dy = affineGradientIn + row * width, xHat = normalizedIn + row * width
            for j in 0..<width {
                let g = Double(dy[j])
                sumDy[j] += g
                sumDyXHat[j] += g * Double(xHat[j])
            }
        }
        for j in 0..<width {
            scale.gradient.pointer[j] = Scalar(sumDyXHat[j])
            shift.gradient.pointer[j] = Scalar(sumDy[j])
        }
        guard needsInputGradient else { return nil }
        // forward was: x̂ = (x − μ)/√(σ² + ε) with μ, σ² from this batch
        // → dx = γ/(B·√(σ² + ε)) · (B·dy − Σdy − x̂·Σ(dy·x̂))
        let gamma = scale.value.pointer, invStd = inverseStd.pointer
        let n = Scalar(batch), inputGradientOut = dInput.pointer
        for row in 0..<batch {
            let dy = affineGradientIn + row * width, xHat = normalizedIn + row * width
            let dx = inputGradientOut + row * width
            for j in 0..<width {
                let term = n * dy[j] - Scalar(sumDy[j]) - xHat[j] * Scalar(sumDyXHat[j])
                dx[j] = gamma[j] * invStd[j] / n * term
            }
        }
        return dInput
    }
}
