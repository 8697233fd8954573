/// One recurrent layer (`torch.nn.RNN`/`LSTM`/`GRU` with `batch_first=True`, one layer of a stack) behind
/// the ordinary `Layer` protocol, so a `Dense` head, the optimizers and clipping work on it unchanged.
///
/// A sequence is one row of the batch, flattened time-major: row b holds x_1 … x_T, each I wide, so
/// `inputWidth = T·I`. The output is h_T (`outputWidth = H`) or every h_t (`T·H`, the input of a stacked
/// layer). The state starts at zero unless `initialState` is set. Shape letters as in `RecurrentCell`.
///
/// Speed: the input products of all T steps are one `(rows·T)×I · W_ihᵀ` product per band, the states live in one
/// buffer, each step runs one `B×H · W_hhᵀ` product (against W_hhᵀ transposed once per pass) and one fused loop
/// over the gates. The rows of a batch are independent through time, so the two cores each run the whole
/// recurrence for half of the rows and meet only at its end (`Recurrence.swift`). Backward takes dW_hh,
/// dW_ih and dX as one product each over all steps. Every buffer is sized by `allocate`, so a step touches
/// no heap.
public final class Recurrent<Scalar: TrainingScalar>: Layer {
    public let cell: RecurrentCell
    public let steps: Int
    public let inputSize: Int
    public let hiddenSize: Int
    /// Whether the output is every step's state (`T·H`) or only the last one (`H`).
    public let returnsEveryStep: Bool
    /// Truncated back-propagation through time: when set to k, the gradient that flows from step t into
    /// h_{t−1} (and c_{t−1}) is cut at every t that is a multiple of k counted from the start (0-based),
    /// as when a PyTorch loop runs the sequence in chunks of k steps and detaches the state between chunks.
    /// The forward pass is unchanged (the state is carried across the cut); nil is full BPTT.
    public var truncation: Int?
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>
    public let biasHH: Parameter<Scalar>
    /// h_0 per batch row (B × H), and c_0 for an LSTM; nil means zeros, as PyTorch without `hx`.
    public var initialState: Matrix<Scalar>?
    public var initialCell: Matrix<Scalar>?

    var buffers = RecurrentBuffers<Scalar>()
    /// The batch row where the second core's band begins; nil lets `runRecurrence` choose. Every choice gives
    /// the same bits, which the tests check by forcing several.
    var bandSplit: Int?
    /// ‖∂L/∂h_t‖ for t = 1…T after the latest backward (see `timeGradientNorms`).
    var stepGradientNorms: [Double]
    /// Rows of the latest forward, for the diagnostics.
    var lastBatch = 0

    /// A layer whose tensors are named as layer `stackIndex` of a PyTorch RNN module (`weight_ih_l0`…),
    /// after `namePrefix` (e.g. `"rnn."`); `layer` is the 1-based user-facing layer number.
    public init(
        cell: RecurrentCell, steps: Int, inputSize: Int, hiddenSize: Int, returnsEveryStep: Bool,
        truncation: Int? = nil, stackIndex: Int = 0, namePrefix: String = "", layer: Int
    ) {
        precondition(steps >= 1 && inputSize >= 1 && hiddenSize >= 1, "recurrent sizes must be positive")
        precondition(truncation.map { $0 >= 1 } ?? true, "truncation must be at least one step")
        self.cell = cell
        self.steps = steps
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.returnsEveryStep = returnsEveryStep
        self.truncation = truncation
        let rows = cell.gateCount * hiddenSize
        func named(_ base: String) -> String { "\(namePrefix)\(base)_l\(stackIndex)" }
        weightIH = Parameter(name: named("weight_ih"), role: .weight, layer: layer, rows: rows, cols: inputSize)
        weightHH = Parameter(name: named("weight_hh"), role: .weight, layer: layer, rows: rows, cols: hiddenSize)
        biasIH = Parameter(name: named("bias_ih"), role: .bias, layer: layer, rows: 1, cols: rows)
        biasHH = Parameter(name: named("bias_hh"), role: .bias, layer: layer, rows: 1, cols: rows)
        stepGradientNorms = Array(repeating: 0, count: steps)
    }

    public var inputWidth: Int { steps * inputSize }
    public var outputWidth: Int { returnsEveryStep ? steps * hiddenSize : hiddenSize }
    public var parameters: [Parameter<Scalar>] { [weightIH, weightHH, biasIH, biasHH] }
    public var activationOutput: Matrix<Scalar>? { buffers.output(everyStep: returnsEveryStep) }
    public var activation: Activation {
        if case .rnn(let activation) = cell { return activation }
        return .tanh
    }
    var gateWidth: Int { cell.gateCount * hiddenSize }

    public func allocate(batchCapacity: Int) {
        buffers.allocate(layer: self, batchCapacity: batchCapacity)
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        guard let states = buffers.states else { preconditionFailure("Recurrent.forward before allocate") }
        buffers.input = x
        lastBatch = batch
        padRecurrentWeights()
        runRecurrence(.forward, batch: batch)
        return returnsEveryStep ? states : buffers.lastOutput!
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        guard let x = buffers.input, let dGates = buffers.gateGradients, let dInput = buffers.inputGradient else {
            preconditionFailure("Recurrent.backward before forward")
        }
        runRecurrence(.backward(dOut), batch: batch)
        collectStepGradientNorms(batch: batch)
        let gh = gateWidth
        // forward was: recurrent_t = h_{t−1}·W_hhᵀ + b_hh at every step
        //   → dW_hh = Σ_{rows, steps} dRecurrentᵀ·h₋, one product over all (B·T) rows, and db_hh = Σ dRecurrent
        let dRecurrent = buffers.recurrentGradient ?? dGates
        guard let previous = buffers.previousStates else { preconditionFailure("Recurrent.backward before allocate") }
        Scalar.product(
            transposeA: true, transposeB: false, m: gh, n: hiddenSize, k: batch * steps,
            a: dRecurrent.pointer, lda: gh, b: previous.pointer, ldb: hiddenSize,
            start: .zero, c: weightHH.gradient.pointer, ldc: hiddenSize)
        // forward was: gates = X·W_ihᵀ + b_ih over all steps  → dW_ih = (Xᵀ·dGates)ᵀ, db_ih = Σ_rows dGates
        let dWeightT = buffers.transposedInputWeightGradient!
        Scalar.product(
            transposeA: true, transposeB: false, m: inputSize, n: gh, k: batch * steps,
            a: x.pointer, lda: inputSize, b: dGates.pointer, ldb: gh,
            start: .zero, c: dWeightT.pointer, ldc: gh)
        Self.transpose(
            dWeightT.pointer, rows: inputSize, cols: gh, sourceStride: gh, into: weightIH.gradient.pointer,
            targetStride: inputSize)
        Self.sumRows(dGates.pointer, rows: batch * steps, width: gh, into: biasIH.gradient.pointer, accumulate: false)
        if let recurrentGradient = buffers.recurrentGradient {  // GRU: the n block differs on the hidden side
            Self.sumRows(
                recurrentGradient.pointer, rows: batch * steps, width: gh, into: biasHH.gradient.pointer, accumulate: false)
        } else {
            biasHH.gradient.copy(from: biasIH.gradient)  // the same pre-activation sum
        }
        guard needsInputGradient else { return nil }
        // … and dX = dGates·W_ih
        Scalar.product(
            transposeA: false, transposeB: false, m: batch * steps, n: inputSize, k: gh,
            a: dGates.pointer, lda: gh, b: weightIH.value.pointer, ldb: inputSize,
            start: .zero, c: dInput.pointer, ldc: inputSize)
        return dInput
    }

    /// ‖∂L/∂h_t‖ from the per-row squares the recurrence left, summed over the rows in ascending order
    /// whichever core computed them.
    private func collectStepGradientNorms(batch: Int) {
        guard let squares = buffers.stateGradientSquares else { return }
        for t in 0..<steps {
            let row = squares.pointer + t * squares.cols
            var sum = 0.0
            for b in 0..<batch { sum += row[b] }
            stepGradientNorms[t] = sum.squareRoot()
        }
    }

    /// target[j·targetStride + i] = source[i·sourceStride + j] for a row-major `rows × cols` source. Floats
    /// move in 16×16 register blocks (`BlockTranspose`): written one value at a time, every value of a
    /// column lands on another cache line, and transposing W_hh took a fiftieth of an LSTM's training step.
    static func transpose(
        _ source: UnsafePointer<Scalar>, rows: Int, cols: Int, sourceStride: Int,
        into target: UnsafeMutablePointer<Scalar>, targetStride: Int
    ) {
        if Scalar.self == Float.self {
            BlockTranspose.transpose(
                UnsafeRawPointer(source).assumingMemoryBound(to: Float.self), rows: rows, cols: cols,
                sourceStride: sourceStride, into: UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self),
                targetStride: targetStride)
            return
        }
        for i in 0..<rows {
            for j in 0..<cols { target[j * targetStride + i] = source[i * sourceStride + j] }
        }
    }

    /// sums[j] (+)= Σ_row values[row][j], rows in ascending order.
    static func sumRows(
        _ values: UnsafeMutablePointer<Scalar>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Scalar>,
        accumulate: Bool
    ) {
        if !accumulate { sums.update(repeating: 0, count: width) }
        for row in 0..<rows {
            let line = values + row * width
            for j in 0..<width { sums[j] += line[j] }
        }
    }
}
