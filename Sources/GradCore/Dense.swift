/// A fully connected layer `y = f(x·Wᵀ + b)` with PyTorch `nn.Linear` layout (weight `[out][in]`).
///
/// Shape letters: B batch rows, I input width, O output width.
public final class Dense<Scalar: TrainingScalar>: Layer {
    public let inputWidth: Int
    public let outputWidth: Int
    public let activation: Activation
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>?

    private var preActivation: Matrix<Scalar>?  // B × O, x·Wᵀ + b (aliases output unless backward needs it)
    private var output: Matrix<Scalar>?  // B × O
    private var preGradient: Matrix<Scalar>?  // B × O
    private var inputGradient: Matrix<Scalar>?  // B × I
    private var input: Matrix<Scalar>?  // the matrix seen by the latest forward (not owned)

    /// Backward's two products (B·I·O multiply-adds each) go to the two cores from this size on; below it,
    /// handing one to the helper costs more than it saves. (A single product large enough splits its own
    /// output tiles between the cores instead: see `MatrixProduct.multiply`.)
    static var pairingThreshold: Int { 16 * 16 * 16 }

    public init(inputWidth: Int, outputWidth: Int, activation: Activation, hasBias: Bool, names: (String, String), layer: Int) {
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        self.activation = activation
        weight = Parameter(name: names.0, role: .weight, layer: layer, rows: outputWidth, cols: inputWidth)
        bias = hasBias ? Parameter(name: names.1, role: .bias, layer: layer, rows: 1, cols: outputWidth) : nil
    }

    public var parameters: [Parameter<Scalar>] { bias.map { [weight, $0] } ?? [weight] }
    public var activationOutput: Matrix<Scalar>? { activation == .linear ? nil : output }

    public func allocate(batchCapacity: Int) {
        output = resized(output, rows: batchCapacity, cols: outputWidth)
        preActivation = activation.needsPreActivation ? resized(preActivation, rows: batchCapacity, cols: outputWidth) : output
        preGradient = resized(preGradient, rows: batchCapacity, cols: outputWidth)
        inputGradient = resized(inputGradient, rows: batchCapacity, cols: inputWidth)
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        guard let pre = preActivation, let out = output else { preconditionFailure("Dense.forward before allocate") }
        input = x
        // pre[B×O] = b + x[B×I] · Wᵀ (W is O×I): as torch.addmm does it, the bias is broadcast into the output
        // first and the product added onto it (β = 1), which spares a pass over the output.
        if let bias {
            let b = UnsafePointer(bias.value.pointer)
            for row in 0..<batch { (pre.pointer + row * outputWidth).update(from: b, count: outputWidth) }
        }
        Scalar.product(
            transposeA: false, transposeB: true, m: batch, n: outputWidth, k: inputWidth,
            a: x.pointer, lda: inputWidth, b: weight.value.pointer, ldb: inputWidth,
            accumulate: bias != nil, c: pre.pointer, ldc: outputWidth)
        activation.forward(pre: pre.pointer, out: out.pointer, count: batch * outputWidth)
        return out
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        guard let x = input, let pre = preActivation, let out = output, let ownPreGradient = preGradient,
            let dInput = inputGradient
        else { preconditionFailure("Dense.backward before forward") }
        // forward was: out = f(pre)  → dPre = dOut ⊙ f′(pre)
        let dPre = activation.gradient(
            through: dOut, pre: pre, out: out, scratch: ownPreGradient, count: batch * outputWidth)
        // forward was: pre = x·Wᵀ + b  → dW[O×I] = dPreᵀ·x, db = Σ_rows dPre, dx[B×I] = dPre·W
        let weightProduct = ProductCall(
            transposeA: true, transposeB: false, m: outputWidth, n: inputWidth, k: batch,
            a: UnsafePointer(dPre.pointer), lda: outputWidth, b: UnsafePointer(x.pointer), ldb: inputWidth,
            c: weight.gradient.pointer, ldc: inputWidth)
        let inputProduct = ProductCall(
            transposeA: false, transposeB: false, m: batch, n: inputWidth, k: outputWidth,
            a: UnsafePointer(dPre.pointer), lda: outputWidth, b: UnsafePointer(weight.value.pointer), ldb: inputWidth,
            c: dInput.pointer, ldc: inputWidth)
        // The two products are independent: one on each core.
        let size = batch * inputWidth * outputWidth
        if needsInputGradient && size >= Self.pairingThreshold {
            PairedWork.shared.run(inputProduct, alongside: weightProduct)
        } else {
            weightProduct.run()
            if needsInputGradient { inputProduct.run() }
        }
        if let bias {
            let db = bias.gradient.pointer
            db.update(repeating: 0, count: outputWidth)
            for row in 0..<batch {
                let line = dPre.pointer + row * outputWidth
                for j in 0..<outputWidth { db[j] += line[j] }
            }
        }
        guard needsInputGradient else { return nil }
        return dInput
    }
}
