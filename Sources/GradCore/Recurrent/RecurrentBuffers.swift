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
    /// pre-activation gradients (B × GH); and ∂L/∂x (B × (T·I)).
    var gateGradients: Matrix<Scalar>?
    var stateGradient: Matrix<Scalar>?
    var carry: Matrix<Scalar>?
    var cellGradient: Matrix<Scalar>?
    var recurrentGradient: Matrix<Scalar>?
    var inputGradient: Matrix<Scalar>?
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
        recurrentGradient = sized(recurrentGradient, gh, when: isGRU)
        inputGradient = sized(inputGradient, t * layer.inputSize)
        transposedInputWeightGradient = layer.resized(transposedInputWeightGradient, rows: layer.inputSize, cols: gh)
    }

    /// Step t's slice of an every-step buffer of `width` per step.
    private func slice(_ matrix: Matrix<Scalar>?, step t: Int, width: Int, steps: Int) -> StridedRows<Scalar>? {
        matrix.map { StridedRows(pointer: $0.pointer + t * width, stride: steps * width) }
    }

    private func whole(_ matrix: Matrix<Scalar>?) -> StridedRows<Scalar>? {
        matrix.map { StridedRows(pointer: $0.pointer, stride: $0.cols) }
    }

    func forwardStep(_ t: Int, batch: Int, layer: Recurrent<Scalar>) -> ForwardStep<Scalar> {
        let steps = layer.steps, h = layer.hiddenSize, gh = layer.gateWidth
        let previousState = t > 0 ? slice(states, step: t - 1, width: h, steps: steps) : whole(layer.initialState)
        let previousCell = t > 0 ? slice(cells, step: t - 1, width: h, steps: steps) : whole(layer.initialCell)
        return ForwardStep(
            batch: batch, hidden: h,
            gates: slice(gates, step: t, width: gh, steps: steps)!,
            recurrent: whole(recurrent)!,
            state: slice(states, step: t, width: h, steps: steps)!,
            previousState: previousState,
            cell: slice(cells, step: t, width: h, steps: steps),
            cellTanh: slice(cellTanh, step: t, width: h, steps: steps),
            previousCell: layer.cell == .lstm ? previousCell : nil,
            hiddenCandidate: slice(hiddenCandidates, step: t, width: h, steps: steps))
    }

    func backwardStep(_ t: Int, batch: Int, layer: Recurrent<Scalar>) -> BackwardStep<Scalar> {
        BackwardStep(
            forward: forwardStep(t, batch: batch, layer: layer),
            stateGradient: whole(stateGradient)!,
            gateGradient: slice(gateGradients, step: t, width: layer.gateWidth, steps: layer.steps)!,
            recurrentGradient: whole(recurrentGradient),
            previousStateGradient: layer.cell == .gru ? whole(carry) : nil,
            cellGradient: whole(cellGradient))
    }
}
