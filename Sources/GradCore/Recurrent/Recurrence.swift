/// The sequential part of a recurrent layer: the loop over time steps, forward and backward, for a band of
/// batch rows.
///
/// Batch rows never meet inside the recurrence: row b's h_t depends only on row b's inputs and h_{t−1},
/// and its ∂L/∂h_{t−1} only on its own ∂L/∂h_t. So the two cores each take half of the rows through all T
/// steps and meet once at the end, instead of sharing every step's small product and waiting for each
/// other T times. The sums that do run across rows (dW_hh, db_hh, the norm of ∂L/∂h_t over the batch) are
/// taken after the bands have met, in an order fixed by row and step, so the digits do not depend on the
/// split or on the number of cores.
enum RecurrencePass<Scalar: TrainingScalar> {
    case forward
    /// Backward from the head's gradient of the layer's output.
    case backward(Matrix<Scalar>)
}

/// One band's whole pass, lent to a core by value (`PairedWork`).
struct RecurrenceBand<Scalar: TrainingScalar>: PairedJob {
    let layer: Recurrent<Scalar>
    let pass: RecurrencePass<Scalar>
    let rows: Range<Int>

    func run() {
        switch pass {
        case .forward: layer.forwardRecurrence(rows: rows)
        case .backward(let dOut): layer.backwardRecurrence(rows: rows, dOut: dOut)
        }
    }
}

extension Recurrent {
    /// Runs the pass over rows 0..<batch: as two bands on the two cores when there is enough work, else here.
    /// `bandSplit` (tests) forces the rows where the second band starts.
    func runRecurrence(_ pass: RecurrencePass<Scalar>, batch: Int) {
        let whole = RecurrenceBand(layer: self, pass: pass, rows: 0..<batch)
        let work = batch * steps * gateWidth * hiddenSize
        let middle = bandSplit.map { min(max($0, 0), batch) } ?? batch / 2
        guard bandSplit != nil || (batch >= 2 && work >= MatrixProduct.splitThreshold && PairedWork.shared.isParallel) else {
            whole.run()
            return
        }
        PairedWork.shared.run(
            RecurrenceBand(layer: self, pass: pass, rows: 0..<middle),
            alongside: RecurrenceBand(layer: self, pass: pass, rows: middle..<batch))
    }

    /// Writes W_hhᵀ and W_hh into their padded buffers (see `RecurrentBuffers`), once per forward.
    func padRecurrentWeights() {
        guard let transposed = buffers.transposedRecurrentWeights, let padded = buffers.paddedRecurrentWeights else {
            preconditionFailure("Recurrent.forward before allocate")
        }
        let h = hiddenSize, weights = weightHH.value.pointer
        for j in 0..<gateWidth { (padded.pointer + j * padded.cols).update(from: weights + j * h, count: h) }
        Self.transpose(
            weights, rows: gateWidth, cols: h, sourceStride: h, into: transposed.pointer, targetStride: transposed.cols)
    }

    // Specialised for Float: the helper core reaches these through `PairedJob`'s metatype, where the
    // generic body would run through value witnesses at a fraction of the speed.
    @_specialize(where Scalar == Float)
    func forwardRecurrence(rows: Range<Int>) {
        multiplyInputs(rows: rows)
        for t in 0..<steps {
            let step = buffers.forwardStep(t, rows: rows, layer: self)
            // recurrent[rows × GH] = b_hh + h_{t−1}·W_hhᵀ (b_hh alone at the first step, from h_0 = 0), then
            // the cell's fused gate loop.
            let b = UnsafePointer(biasHH.value.pointer)
            if let previous = step.previousState {
                multiplyByRecurrentWeights(previous, rows: step.batch, startingFrom: b, into: step.recurrent)
            } else {
                for row in 0..<step.batch { step.recurrent.row(row).update(from: b, count: gateWidth) }
            }
            cell.forward(step)
        }
        copyLastStates(rows: rows)
    }

    /// gates[(rows·T) × GH] = b_ih + X·W_ihᵀ for the band: every step's input product at once (row b·T + t).
    private func multiplyInputs(rows: Range<Int>) {
        guard let gates = buffers.gates, let x = buffers.input else { preconditionFailure("Recurrent.forward before allocate") }
        let gh = gateWidth, first = rows.lowerBound * steps, count = rows.count * steps
        Scalar.product(
            transposeA: false, transposeB: true, m: count, n: gh, k: inputSize,
            a: x.pointer + first * inputSize, lda: inputSize, b: weightIH.value.pointer, ldb: inputSize,
            start: .row(UnsafePointer(biasIH.value.pointer)), c: gates.pointer + first * gh, ldc: gh)
    }

    /// h_T of the band's rows into the output, when only the last step is returned.
    private func copyLastStates(rows: Range<Int>) {
        guard !returnsEveryStep, let output = buffers.lastOutput, let states = buffers.states else { return }
        let h = hiddenSize
        for row in rows {
            (output.pointer + row * h).update(from: states.pointer + row * steps * h + (steps - 1) * h, count: h)
        }
    }

    /// target = bias + previous·W_hhᵀ, reading the transposed weights in place.
    private func multiplyByRecurrentWeights(
        _ previous: StridedRows<Scalar>, rows: Int, startingFrom bias: UnsafePointer<Scalar>, into target: StridedRows<Scalar>
    ) {
        guard let weights = buffers.transposedRecurrentWeights else { return }
        Scalar.product(
            transposeA: false, transposeB: false, m: rows, n: gateWidth, k: hiddenSize,
            a: previous.pointer, lda: previous.stride, b: weights.pointer, ldb: weights.cols,
            start: .row(bias), c: target.pointer, ldc: target.stride)
    }

    @_specialize(where Scalar == Float)
    func backwardRecurrence(rows: Range<Int>, dOut: Matrix<Scalar>) {
        if let cellGradient = buffers.cellGradient {
            (cellGradient.pointer + rows.lowerBound * hiddenSize).update(repeating: 0, count: rows.count * hiddenSize)
        }
        var carried = false  // whether buffers.carry holds ∂L/∂h_t from step t + 1
        for t in stride(from: steps - 1, through: 0, by: -1) {
            carried = backwardStep(t, rows: rows, dOut: dOut, carried: carried)
        }
        fillPreviousStates(rows: rows)
    }

    /// Copies h_{t−1} beside each step of the band's rows (h_0, or zeros, at the first), for the dW_hh product.
    private func fillPreviousStates(rows: Range<Int>) {
        guard let previous = buffers.previousStates, let states = buffers.states else {
            preconditionFailure("Recurrent.backward before allocate")
        }
        let h = hiddenSize, width = steps * h
        for row in rows {
            let target = previous.pointer + row * width, source = states.pointer + row * width
            if let initial = initialState {
                target.update(from: initial.pointer + row * initial.cols, count: h)
            } else {
                target.update(repeating: 0, count: h)
            }
            (target + h).update(from: source, count: width - h)
        }
    }

    /// Back through step t for the band: gathers ∂L/∂h_t, records its squares, runs the cell's fused
    /// backward and writes ∂L/∂h_{t−1} into the carry. Returns whether a carry was written.
    private func backwardStep(_ t: Int, rows: Range<Int>, dOut: Matrix<Scalar>, carried: Bool) -> Bool {
        let step = buffers.backwardStep(t, rows: rows, layer: self)
        let h = hiddenSize
        gatherStateGradient(t, rows: rows, dOut: dOut, carried: carried, into: step.stateGradient.pointer)
        if let squares = buffers.stateGradientSquares {
            let line = squares.pointer + t * squares.cols
            for (offset, b) in rows.enumerated() {
                line[b] = BufferSummary.sumOfSquares(step.stateGradient.row(offset), count: h)
            }
        }
        cell.backward(step)
        if let k = truncation, t % k == 0 {
            // The chunk's state was detached: no gradient flows on into h_{t−1} or c_{t−1}.
            step.cellGradient.map { $0.pointer.update(repeating: 0, count: rows.count * h) }
            return false
        }
        guard t > 0, let carry = buffers.carry, let weights = buffers.paddedRecurrentWeights else {
            return false  // h_0 is given, not learned
        }
        // forward was: recurrent = h₋·W_hhᵀ + b_hh  → dh₋ (+)= dRecurrent·W_hh
        let dRecurrent = step.recurrentGradient ?? step.gateGradient
        Scalar.product(
            transposeA: false, transposeB: false, m: rows.count, n: h, k: gateWidth,
            a: dRecurrent.pointer, lda: dRecurrent.stride, b: weights.pointer, ldb: weights.cols,
            start: cell == .gru ? .output : .zero, c: carry.pointer + rows.lowerBound * h, ldc: h)  // GRU: onto z ⊙ dh
        return true
    }

    /// ∂L/∂h_t for the band = the head's gradient at step t (every step, or only the last) + the carry from
    /// step t + 1.
    private func gatherStateGradient(
        _ t: Int, rows: Range<Int>, dOut: Matrix<Scalar>, carried: Bool, into dh: UnsafeMutablePointer<Scalar>
    ) {
        let h = hiddenSize
        let fromHead: (pointer: UnsafeMutablePointer<Scalar>, stride: Int)? =
            returnsEveryStep ? (dOut.pointer + t * h, steps * h) : (t == steps - 1 ? (dOut.pointer, h) : nil)
        let carry = carried ? buffers.carry?.pointer : nil
        for (offset, row) in rows.enumerated() {
            let target = dh + offset * h
            switch (fromHead, carry) {
            case let (head?, carry?):
                let g = head.pointer + row * head.stride, c = carry + row * h
                for j in 0..<h { target[j] = g[j] + c[j] }
            case let (head?, nil): target.update(from: head.pointer + row * head.stride, count: h)
            case let (nil, carry?): target.update(from: carry + row * h, count: h)
            case (nil, nil): target.update(repeating: 0, count: h)
            }
        }
    }
}
