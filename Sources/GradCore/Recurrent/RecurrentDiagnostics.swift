/// Where a recurrent layer first held a value that is not finite.
public struct NonFiniteStep: Equatable, Sendable {
    /// Which quantity went bad.
    public enum Quantity: Equatable, Sendable {
        /// The hidden state h_t of the latest forward.
        case state
        /// The gradient ∂L/∂h_t of the latest backward.
        case gradient
    }

    public var quantity: Quantity
    /// The 1-based time step.
    public var step: Int
}

/// How often the memory gate (LSTM forget f, GRU update z) sat near its bounds in the latest forward.
public struct GateSaturation: Equatable, Sendable {
    /// The fraction of gate values above 0.9 (remembering almost everything).
    public var open: Double
    /// The fraction of gate values below 0.1 (forgetting almost everything).
    public var closed: Double

    public init(open: Double, closed: Double) {
        self.open = open
        self.closed = closed
    }
}

extension Recurrent {
    /// ‖∂L/∂h_t‖ over the batch for t = 1…T after the latest backward, each a fixed-order Float64 sum
    /// (`BufferSummary.sumOfSquares`): the gradient reaching each time step, from the head and from the
    /// future steps together. With truncation, what was cut is not counted.
    public var timeGradientNorms: [Double] { stepGradientNorms }

    /// The gate-saturation fractions of the latest forward, or nil for a plain RNN (it has no gates).
    /// Computed on request from the stored gate activations, so training pays nothing for it.
    public var gateSaturation: GateSaturation? {
        guard let block = cell.memoryGate, let gates = buffers.gates, lastBatch > 0 else { return nil }
        let h = hiddenSize, gh = gateWidth
        var open = 0, closed = 0
        for row in 0..<(lastBatch * steps) {
            let gate = gates.pointer + row * gh + block * h
            for j in 0..<h {
                if gate[j] > 0.9 { open += 1 } else if gate[j] < 0.1 { closed += 1 }
            }
        }
        let total = Double(lastBatch * steps * h)
        return GateSaturation(open: Double(open) / total, closed: Double(closed) / total)
    }

    /// The first time step whose state (in forward order) or, when every state is finite, whose gradient
    /// (in backward order, from step T down, where a bad value appears first) is not finite; nil when all are.
    public var firstNonFiniteStep: NonFiniteStep? {
        if let states = buffers.states {
            let h = hiddenSize
            for t in 0..<steps {
                for row in 0..<lastBatch {
                    let state = states.pointer + row * steps * h + t * h
                    if (0..<h).contains(where: { !state[$0].isFinite }) { return NonFiniteStep(quantity: .state, step: t + 1) }
                }
            }
        }
        if let t = stepGradientNorms.lastIndex(where: { !$0.isFinite }) {
            return NonFiniteStep(quantity: .gradient, step: t + 1)
        }
        return nil
    }
}
