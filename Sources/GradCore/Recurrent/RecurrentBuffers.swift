/// The buffers of a `Recurrent` layer, allocated once per batch capacity, and the per-step views into them.
///
/// Every-step buffers are `B × (T·width)`: row b holds steps 1…T side by side, so step t of all rows is a
/// strided slice, and the same memory read as `(B·T) × width` (row b·T + t) feeds the all-steps products.
struct RecurrentBuffers<Scalar: TrainingScalar> {
    /// The input-side pre-activations of every step, overwritten by the gate activations: B × (T·GH).
    var gates: Matrix<Scalar>?
    /// h_t for every step: B × (T·H); it is the output when every step is returned.
    var states: Matrix<Scalar>?
    /// h_T alone (B × H), when only the last step is returned.
    var lastOutput: Matrix<Scalar>?
    /// The hidden-side pre-activations of the current step: B × GH.
    var recurrent: Matrix<Scalar>?
    /// LSTM: c_t and tanh(c_t) for every step.
    var cells: Matrix<Scalar>?
    var cellTanh: Matrix<Scalar>?
    /// GRU: W_hn h_{t−1} + b_hn for every step.
    var hiddenCandidates: Matrix<Scalar>?
    /// Backward: ∂L/∂(input-side pre-activations), B × (T·GH); ∂L/∂h_t of the current step (B × H); the
    /// gradient carried into h_{t−1} (B × H); LSTM's carried ∂L/∂c (B × H); GRU's hidden-side
    /// pre-activation gradients of every step (B × (T·GH)); and ∂L/∂x (B × (T·I)).
    var gateGradients: Matrix<Scalar>?
    var stateGradient: Matrix<Scalar>?
    var carry: Matrix<Scalar>?
    var cellGradient: Matrix<Scalar>?
    var recurrentGradient: Matrix<Scalar>?
    var inputGradient: Matrix<Scalar>?
    /// h_{t−1} for every step, B × (T·H) (h_0 or zeros at t = 1): read as (B·T) × H beside the gradients of
    /// the hidden-side pre-activations, it makes dW_hh one product over all steps and rows.
    var previousStates: Matrix<Scalar>?
    /// W_hhᵀ (H × GH), its rows padded to `MatrixProduct.inPlaceStride`: every step's h_{t−1}·W_hhᵀ reads
    /// it in place instead of transposing W_hh again.
    var transposedRecurrentWeights: Matrix<Scalar>?
    /// W_hh itself (GH × H) with the same padded rows, for every backward step's dR·W_hh: unpadded rows of
    /// 128 or 256 Floats put all of a tile's loads in a few L1 sets.
    var paddedRecurrentWeights: Matrix<Scalar>?
    /// Σ_j (∂L/∂h_t)[b][j]² for each step t (row) and batch row b (column): the two halves of the batch
    /// fill their own columns, and the norm over the batch is summed afterwards in row order.
    var stateGradientSquares: Matrix<Double>?
    /// dW_ihᵀ (I × GH): backward computes it as one product GH wide (xᵀ·dGates), then transposes it, rather
    /// than a product only I wide (the kernel's tiles are 16 columns): each entry is the same sum in the same
    /// order, so the same bits, a few percent sooner for a 2-input, 128-unit LSTM.
    var transposedInputWeightGradient: Matrix<Scalar>?
    /// The matrix seen by the latest forward (not owned).
    var input: Matrix<Scalar>?

    func output(everyStep: Bool) -> Matrix<Scalar>? { everyStep ? states : lastOutput }

    mutating func allocate(layer: Recurrent<Scalar>, batchCapacity rows: Int) {
        let t = layer.steps, h = layer.hiddenSize, gh = layer.gateWidth
        let isLSTM = layer.cell == .lstm, isGRU = layer.cell == .gru
        func sized(_ matrix: Matrix<Scalar>?, _ cols: Int, when needed: Bool = true) -> Matrix<Scalar>? {
            guard needed else { return nil }
            return layer.resized(matrix, rows: rows, cols: cols)
        }
        gates = sized(gates, t * gh)
        states = sized(states, t * h)
        lastOutput = sized(lastOutput, h, when: !layer.returnsEveryStep)
        recurrent = sized(recurrent, gh)
        cells = sized(cells, t * h, when: isLSTM)
        cellTanh = sized(cellTanh, t * h, when: isLSTM)
        hiddenCandidates = sized(hiddenCandidates, t * h, when: isGRU)
        gateGradients = sized(gateGradients, t * gh)
        stateGradient = sized(stateGradient, h)
        carry = sized(carry, h)
        cellGradient = sized(cellGradient, h, when: isLSTM)
        recurrentGradient = sized(recurrentGradient, t * gh, when: isGRU)
        inputGradient = sized(inputGradient, t * layer.inputSize)
        previousStates = sized(previousStates, t * h)
        transposedRecurrentWeights = layer.resized(
            transposedRecurrentWeights, rows: h, cols: MatrixProduct.inPlaceStride(columns: gh))
        paddedRecurrentWeights = layer.resized(paddedRecurrentWeights, rows: gh, cols: MatrixProduct.inPlaceStride(columns: h))
        if stateGradientSquares?.rows != t || stateGradientSquares?.cols != rows {
            stateGradientSquares = Matrix<Double>(rows: t, cols: rows)
        }
        transposedInputWeightGradient = layer.resized(transposedInputWeightGradient, rows: layer.inputSize, cols: gh)
    }

    /// Step t's slice of an every-step buffer of `width` per step, from batch row `first` on.
    private func slice(
        _ matrix: Matrix<Scalar>?, step t: Int, width: Int, steps: Int, from first: Int
    ) -> StridedRows<Scalar>? {
        matrix.map { StridedRows(pointer: $0.pointer + first * steps * width + t * width, stride: steps * width) }
    }

    /// A one-step buffer (B × width) from batch row `first` on.
    private func whole(_ matrix: Matrix<Scalar>?, from first: Int) -> StridedRows<Scalar>? {
        matrix.map { StridedRows(pointer: $0.pointer + first * $0.cols, stride: $0.cols) }
    }

    /// The views of forward step t for the batch rows `rows`: a band of rows runs the whole recurrence
    /// without touching another band's rows.
    func forwardStep(_ t: Int, rows: Range<Int>, layer: Recurrent<Scalar>) -> ForwardStep<Scalar> {
        let steps = layer.steps, h = layer.hiddenSize, gh = layer.gateWidth, first = rows.lowerBound
        func slice(_ matrix: Matrix<Scalar>?, step: Int, width: Int) -> StridedRows<Scalar>? {
            self.slice(matrix, step: step, width: width, steps: steps, from: first)
        }
        let previousState = t > 0 ? slice(states, step: t - 1, width: h) : whole(layer.initialState, from: first)
        let previousCell = t > 0 ? slice(cells, step: t - 1, width: h) : whole(layer.initialCell, from: first)
        return ForwardStep(
            batch: rows.count, hidden: h,
            gates: slice(gates, step: t, width: gh)!,
            recurrent: whole(recurrent, from: first)!,
            state: slice(states, step: t, width: h)!,
            previousState: previousState,
            cell: slice(cells, step: t, width: h),
            cellTanh: slice(cellTanh, step: t, width: h),
            previousCell: layer.cell == .lstm ? previousCell : nil,
            hiddenCandidate: slice(hiddenCandidates, step: t, width: h))
    }

    /// The views of backward step t for the batch rows `rows`.
    func backwardStep(_ t: Int, rows: Range<Int>, layer: Recurrent<Scalar>) -> BackwardStep<Scalar> {
        let first = rows.lowerBound, gh = layer.gateWidth
        return BackwardStep(
            forward: forwardStep(t, rows: rows, layer: layer),
            stateGradient: whole(stateGradient, from: first)!,
            gateGradient: slice(gateGradients, step: t, width: gh, steps: layer.steps, from: first)!,
            recurrentGradient: slice(recurrentGradient, step: t, width: gh, steps: layer.steps, from: first),
            previousStateGradient: layer.cell == .gru ? whole(carry, from: first) : nil,
            cellGradient: whole(cellGradient, from: first))
    }
}
