/// The LSTM cell's fused gate arithmetic (`torch.nn.LSTM`): with the pre-activations stacked i, f, g, o,
///
///     i = σ(·), f = σ(·), g = tanh(·), o = σ(·),   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t).
///
/// σ and tanh are `Activation.forward`'s, the functions dense layers use, so a seed gives the same bits on
/// every machine.
enum LSTMCell {
    static func forward<S: TrainingScalar>(_ step: ForwardStep<S>) {
        guard let cell = step.cell, let cellTanh = step.cellTanh else { preconditionFailure("LSTM without cell state") }
        let h = step.hidden
        for b in 0..<step.batch {
            let pre = step.recurrent.row(b), gate = step.gates.row(b)
            for j in 0..<(4 * h) { pre[j] += gate[j] }
            Activation.sigmoid.forward(pre: pre, out: gate, count: 2 * h)  // i, f
            Activation.tanh.forward(pre: pre + 2 * h, out: gate + 2 * h, count: h)  // g
            Activation.sigmoid.forward(pre: pre + 3 * h, out: gate + 3 * h, count: h)  // o
            let c = cell.row(b), previous = step.previousCell?.row(b)
            for j in 0..<h {
                let carried = previous.map { gate[h + j] * $0[j] } ?? 0
                c[j] = carried + gate[j] * gate[2 * h + j]
            }
            let tc = cellTanh.row(b), out = step.state.row(b)
            Activation.tanh.forward(pre: c, out: tc, count: h)
            for j in 0..<h { out[j] = gate[3 * h + j] * tc[j] }
        }
    }

    static func backward<S: TrainingScalar>(_ step: BackwardStep<S>) {
        let f = step.forward
        guard let cellTanh = f.cellTanh, let cellGradient = step.cellGradient else {
            preconditionFailure("LSTM backward without cell state")
        }
        let h = f.hidden
        for b in 0..<f.batch {
            let gate = f.gates.row(b), tc = cellTanh.row(b), dh = step.stateGradient.row(b)
            let dc = cellGradient.row(b), dGate = step.gateGradient.row(b), previous = f.previousCell?.row(b)
            let vectorized = S.self == Float.self
                ? BackwardRow(gate: gate, cellTanh: tc, stateGradient: dh, cellGradient: dc, gateGradient: dGate,
                              previousCell: previous, hidden: h).floatVectors()
                : 0
            for j in vectorized..<h {
                let i = gate[j], fg = gate[h + j], g = gate[2 * h + j], o = gate[3 * h + j], t = tc[j]
                // forward was: h = o ⊙ tanh(c)  → do = dh ⊙ tanh(c), dc += dh ⊙ o ⊙ (1 − tanh²c)
                let dOut = dh[j] * t
                let dCell = dc[j] + dh[j] * o * (1 - t * t)
                // forward was: c = f ⊙ c₋ + i ⊙ g  → di = dc ⊙ g, dg = dc ⊙ i, df = dc ⊙ c₋, dc₋ = dc ⊙ f
                let cPrevious = previous?[j] ?? 0
                dGate[j] = dCell * g * i * (1 - i)  // through σ′ = σ(1 − σ)
                dGate[h + j] = dCell * cPrevious * fg * (1 - fg)
                dGate[2 * h + j] = dCell * i * (1 - g * g)  // through tanh′ = 1 − tanh²
                dGate[3 * h + j] = dOut * o * (1 - o)
                dc[j] = dCell * fg
            }
        }
    }
}

/// One batch row of the LSTM backward step, on its units 16 at a time. The compiler left the loop over
/// five arrays scalar (it had to assume they overlap), and it took an eighth of B5's step. Each lane does
/// the scalar loop's operations in the same order, with no fused multiply-add, so the bits are the same.
private struct BackwardRow<S: TrainingScalar> {
    let gate: UnsafeMutablePointer<S>, cellTanh: UnsafeMutablePointer<S>, stateGradient: UnsafeMutablePointer<S>
    let cellGradient: UnsafeMutablePointer<S>, gateGradient: UnsafeMutablePointer<S>
    let previousCell: UnsafeMutablePointer<S>?
    let hidden: Int

    typealias Lanes = SIMD16<Float>

    /// Units done in whole vectors (the rest are left to the scalar loop); call only when S is Float.
    func floatVectors() -> Int {
        let h = hidden, one = Lanes(repeating: 1)
        @inline(__always) func at(_ pointer: UnsafeMutablePointer<S>, _ j: Int) -> UnsafeMutableRawPointer {
            UnsafeMutableRawPointer(pointer + j)
        }
        @inline(__always) func load(_ pointer: UnsafeMutablePointer<S>, _ j: Int) -> Lanes {
            UnsafeRawPointer(at(pointer, j)).loadUnaligned(as: Lanes.self)
        }
        @inline(__always) func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<S>, _ j: Int) {
            at(pointer, j).storeBytes(of: value, as: Lanes.self)
        }
        var j = 0
        while j + Lanes.scalarCount <= h {
            let i = load(gate, j), fg = load(gate, h + j), g = load(gate, 2 * h + j), o = load(gate, 3 * h + j)
            let t = load(cellTanh, j), dh = load(stateGradient, j)
            let dOut = dh * t
            let dCell = load(cellGradient, j) + dh * o * (one - t * t)
            let cPrevious = previousCell.map { load($0, j) } ?? Lanes(repeating: 0)
            store(dCell * g * i * (one - i), gateGradient, j)
            store(dCell * cPrevious * fg * (one - fg), gateGradient, h + j)
            store(dCell * i * (one - g * g), gateGradient, 2 * h + j)
            store(dOut * o * (one - o), gateGradient, 3 * h + j)
            store(dCell * fg, cellGradient, j)
            j += Lanes.scalarCount
        }
        return j
    }
}
