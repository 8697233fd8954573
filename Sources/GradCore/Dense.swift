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
    private var latestOutputGradient: Matrix<Scalar>?  // dLoss/dOut of the latest backward (not owned)

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

    public func forward(_ x: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        forward(x, rows: 0..<batch, columns: 0..<outputWidth)
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        let dPre = preActivationGradient(dOut, rows: 0..<batch, columns: 0..<outputWidth)
        let weightProduct = weightGradientProduct(dPre, batch: batch, columns: 0..<outputWidth)
        let inputProduct = inputGradientProduct(dPre, rows: 0..<batch, inputColumns: 0..<inputWidth)
        // The two products are independent: one on each core.
        let size = batch * inputWidth * outputWidth
        if needsInputGradient && size >= Self.pairingThreshold {
            PairedWork.shared.run(inputProduct, alongside: weightProduct)
        } else {
            weightProduct.run()
            if needsInputGradient { inputProduct.run() }
        }
        biasGradient(dPre, batch: batch, columns: 0..<outputWidth)
        return needsInputGradient ? inputGradient : nil
    }
}

// MARK: - Blocks of rows or of columns, for the two cores (see `RowBandPlan`, `ColumnBandPlan`)

extension Dense {
    /// pre = b + x·Wᵀ and out = f(pre) on the block `rows` × `columns` of the output.
    @_specialize(where Scalar == Float)
    func forward(_ x: Matrix<Scalar>, rows: Range<Int>, columns: Range<Int>) -> Matrix<Scalar> {
        guard let pre = preActivation, let out = output else { preconditionFailure("Dense.forward before allocate") }
        // Only the block holding row 0 and column 0 records the input: two cores storing one reference at
        // once would race on its reference count.
        if rows.lowerBound == 0 && columns.lowerBound == 0 { input = x }
        let corner = rows.lowerBound * outputWidth + columns.lowerBound
        // pre[B×O] = b + x[B×I] · Wᵀ (W is O×I): as torch.addmm does it, every output's sum starts from its bias
        // (β = 1 onto the broadcast bias).
        Scalar.product(
            transposeA: false, transposeB: true, m: rows.count, n: columns.count, k: inputWidth,
            a: x.pointer + rows.lowerBound * inputWidth, lda: inputWidth,
            b: weight.value.pointer + columns.lowerBound * inputWidth, ldb: inputWidth,
            start: bias.map { .row(UnsafePointer($0.value.pointer + columns.lowerBound)) } ?? .zero,
            c: pre.pointer + corner, ldc: outputWidth)
        ColumnSegments(rows: rows, columns: columns, width: outputWidth).forEach { offset, count in
            activation.forward(pre: pre.pointer + offset, out: out.pointer + offset, count: count)
        }
        return out
    }

    /// dLoss/dPre on the block `rows` × `columns`: dOut itself for the identity (no copy), else dOut ⊙ f′(pre)
    /// in the layer's scratch.
    func preActivationGradient(_ dOut: Matrix<Scalar>, rows: Range<Int>, columns: Range<Int>) -> Matrix<Scalar> {
        guard let pre = preActivation, let out = output, let scratch = preGradient else {
            preconditionFailure("Dense.backward before forward")
        }
        // As with `input`, one block records the reference the later products read.
        if rows.lowerBound == 0 && columns.lowerBound == 0 { latestOutputGradient = dOut }
        guard activation != .linear else { return dOut }
        // forward was: out = f(pre)  → dPre = dOut ⊙ f′(pre)
        ColumnSegments(rows: rows, columns: columns, width: outputWidth).forEach { offset, count in
            activation.backward(
                outputGradient: dOut.pointer + offset, pre: pre.pointer + offset, out: out.pointer + offset,
                preGradient: scratch.pointer + offset, count: count)
        }
        return scratch
    }

    /// dLoss/dPre as the latest `preActivationGradient` calls left it. Read it only once they have all
    /// returned: the reference is recorded by the block at row 0 and column 0, perhaps on the other core.
    var latestPreActivationGradient: Matrix<Scalar> {
        guard let dPre = activation == .linear ? latestOutputGradient : preGradient else {
            preconditionFailure("Dense.backward before forward")
        }
        return dPre
    }

    /// The gradients of W's rows `columns` (one per output unit) and of b there, over the first `batch`
    /// rows of `dPre`.
    @_specialize(where Scalar == Float)
    func parameterGradients(from dPre: Matrix<Scalar>, batch: Int, columns: Range<Int>) {
        weightGradientProduct(dPre, batch: batch, columns: columns).run()
        biasGradient(dPre, batch: batch, columns: columns)
    }

    /// dx = dPre·W on the block `rows` × `inputColumns` of the input gradient.
    @_specialize(where Scalar == Float)
    func inputGradient(from dPre: Matrix<Scalar>, rows: Range<Int>, inputColumns: Range<Int>) -> Matrix<Scalar> {
        inputGradientProduct(dPre, rows: rows, inputColumns: inputColumns).run()
        guard let inputGradient else { preconditionFailure("Dense.backward before allocate") }
        return inputGradient
    }

    // forward was: pre = x·Wᵀ + b  → dW[O×I] = dPreᵀ·x, db = Σ_rows dPre, dx[B×I] = dPre·W

    private func weightGradientProduct(_ dPre: Matrix<Scalar>, batch: Int, columns: Range<Int>) -> ProductCall<Scalar> {
        guard let x = input else { preconditionFailure("Dense.backward before forward") }
        return ProductCall(
            transposeA: true, transposeB: false, m: columns.count, n: inputWidth, k: batch,
            a: UnsafePointer(dPre.pointer + columns.lowerBound), lda: outputWidth,
            b: UnsafePointer(x.pointer), ldb: inputWidth,
            c: weight.gradient.pointer + columns.lowerBound * inputWidth, ldc: inputWidth)
    }

    private func inputGradientProduct(
        _ dPre: Matrix<Scalar>, rows: Range<Int>, inputColumns: Range<Int>
    ) -> ProductCall<Scalar> {
        guard let dInput = inputGradient else { preconditionFailure("Dense.backward before allocate") }
        return ProductCall(
            transposeA: false, transposeB: false, m: rows.count, n: inputColumns.count, k: outputWidth,
            a: UnsafePointer(dPre.pointer + rows.lowerBound * outputWidth), lda: outputWidth,
            b: UnsafePointer(weight.value.pointer + inputColumns.lowerBound), ldb: inputWidth,
            c: dInput.pointer + rows.lowerBound * inputWidth + inputColumns.lowerBound, ldc: inputWidth)
    }

    private func biasGradient(_ dPre: Matrix<Scalar>, batch: Int, columns: Range<Int>) {
        guard let bias else { return }
        let db = bias.gradient.pointer
        for j in columns { db[j] = 0 }
        for row in 0..<batch {
            let line = dPre.pointer + row * outputWidth
            for j in columns { db[j] += line[j] }
        }
    }
}

extension Dense: RowBandLayer {
    var isRowIndependent: Bool { true }
    var bandCost: Int { inputWidth * outputWidth }
    var bandOutput: Matrix<Scalar>? { output }
    var bandInputGradient: Matrix<Scalar>? { inputGradient }

    func forward(_ x: Matrix<Scalar>, rows: Range<Int>) -> Matrix<Scalar> {
        forward(x, rows: rows, columns: 0..<outputWidth)
    }

    @_specialize(where Scalar == Float)
    func backward(_ dOut: Matrix<Scalar>, rows: Range<Int>, needsInputGradient: Bool) -> Matrix<Scalar>? {
        let dPre = preActivationGradient(dOut, rows: rows, columns: 0..<outputWidth)
        return needsInputGradient ? inputGradient(from: dPre, rows: rows, inputColumns: 0..<inputWidth) : nil
    }

    func parameterGradients(batch: Int) {
        parameterGradients(from: latestPreActivationGradient, batch: batch, columns: 0..<outputWidth)
    }
}
