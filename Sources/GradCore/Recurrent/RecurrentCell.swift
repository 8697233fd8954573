/// The recurrent cell a `Recurrent` layer runs at every time step, with PyTorch's gate order and formulas.
///
/// Shape letters (shared by every file in this folder): B batch rows, T time steps, I input features per
/// step, H hidden units, G gates (1, 4 or 3), so a layer's `weight_ih` is GH × I and `weight_hh` GH × H.
public enum RecurrentCell: Equatable, Hashable, Sendable, Codable {
    /// `torch.nn.RNN`: h_t = act(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), act tanh or relu.
    case rnn(Activation)
    /// `torch.nn.LSTM`, gates i, f, g, o stacked in that order in the weight rows.
    case lstm
    /// `torch.nn.GRU`, gates r, z, n, the reset applied after the hidden product.
    case gru

    /// Gate blocks stacked in the weights: 1, 4 (i, f, g, o) or 3 (r, z, n).
    public var gateCount: Int {
        switch self {
        case .rnn: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// The name users type and see.
    public var name: String {
        switch self {
        case .rnn(let activation): activation == .tanh ? "rnn" : "rnn \(activation.name)"
        case .lstm: "lstm"
        case .gru: "gru"
        }
    }

    /// The gate block whose saturation is reported (LSTM's forget gate f, GRU's update gate z), or nil.
    var memoryGate: Int? {
        switch self {
        case .rnn: nil
        case .lstm: 1
        case .gru: 1
        }
    }
}

/// A pointer walked in rows of a fixed stride: one time step's slice of a `B × (T·width)` buffer, or a
/// contiguous `B × width` scratch buffer.
struct StridedRows<S: TrainingScalar> {
    let pointer: UnsafeMutablePointer<S>
    let stride: Int

    @inline(__always) func row(_ b: Int) -> UnsafeMutablePointer<S> { pointer + b * stride }
}

/// Everything the fused gate loop of one forward step reads and writes.
struct ForwardStep<S: TrainingScalar> {
    let batch: Int
    let hidden: Int
    /// In: this step's input pre-activations x_t W_ihᵀ + b_ih (G·H per row). Out: the gate activations.
    let gates: StridedRows<S>
    /// In: h_{t−1} W_hhᵀ + b_hh (G·H per row, contiguous). Used as scratch for the summed pre-activations.
    let recurrent: StridedRows<S>
    /// Out: h_t.
    let state: StridedRows<S>
    /// h_{t−1}, nil when it is zero.
    let previousState: StridedRows<S>?
    /// LSTM: c_t and tanh(c_t) (out), c_{t−1} (nil when zero).
    let cell: StridedRows<S>?
    let cellTanh: StridedRows<S>?
    let previousCell: StridedRows<S>?
    /// GRU: W_hn h_{t−1} + b_hn, kept for backward.
    let hiddenCandidate: StridedRows<S>?
}

/// Everything the fused gate loop of one backward step reads and writes.
struct BackwardStep<S: TrainingScalar> {
    let forward: ForwardStep<S>
    /// In: ∂L/∂h_t (contiguous B × H).
    let stateGradient: StridedRows<S>
    /// Out: ∂L/∂(input-side pre-activations) of this step (G·H per row).
    let gateGradient: StridedRows<S>
    /// GRU out: ∂L/∂(hidden-side pre-activations), which differ from the input side in the n block.
    let recurrentGradient: StridedRows<S>?
    /// GRU out: the direct part z ⊙ ∂L/∂h_t of ∂L/∂h_{t−1} (the product with W_hh is added on later).
    let previousStateGradient: StridedRows<S>?
    /// LSTM in: ∂L/∂c_t from step t + 1; out: ∂L/∂c_{t−1}.
    let cellGradient: StridedRows<S>?
}

extension RecurrentCell {
    /// The fused elementwise part of one forward step, over all rows.
    func forward<S: TrainingScalar>(_ step: ForwardStep<S>) {
        switch self {
        case .rnn(let activation):
            let width = step.hidden
            for b in 0..<step.batch {
                let pre = step.recurrent.row(b), x = step.gates.row(b)
                for j in 0..<width { pre[j] += x[j] }
                activation.forward(pre: pre, out: step.state.row(b), count: width)
            }
        case .lstm: LSTMCell.forward(step)
        case .gru: GRUCell.forward(step)
        }
    }

    /// The fused elementwise part of one backward step, over all rows.
    func backward<S: TrainingScalar>(_ step: BackwardStep<S>) {
        switch self {
        case .rnn(let activation):
            let width = step.forward.hidden
            for b in 0..<step.forward.batch {
                // forward was: h = act(pre)  → dpre = dh ⊙ act′ (read from h for tanh and relu)
                let h = UnsafePointer(step.forward.state.row(b))
                activation.backward(
                    outputGradient: step.stateGradient.row(b), pre: h, out: h,
                    preGradient: step.gateGradient.row(b), count: width)
            }
        case .lstm: LSTMCell.backward(step)
        case .gru: GRUCell.backward(step)
        }
    }
}
