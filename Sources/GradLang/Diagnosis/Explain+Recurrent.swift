import GradCore
import GradSyntax

/// `explain rnn` and `explain bptt`: gradients through time, with the current recurrent run's numbers.
extension Explanation {
    static func recurrentConcept(_ topic: ExplainTopic) -> [String] {
        if topic == .bptt {
            return [
                "Back-propagation through time unrolls a recurrent net over its T steps and runs backpropagation",
                "through the unrolled graph: the gradient reaching step t is the gradient at step t+1 multiplied by",
                "the step's Jacobian, diag(act') · W_hh. Truncated BPTT ('bptt N') cuts that product every N steps,",
                "as a PyTorch loop that detaches the state between chunks: cheaper and more stable, but no gradient",
                "then links events more than N steps apart, so dependencies longer than N cannot be learned from it.",
            ]
        }
        return [
            "A recurrent net applies the same W_hh at every time step, so the gradient reaching step 1 from step T",
            "is a product of T−1 Jacobians diag(act')·W_hh (Bengio et al. 1994; Pascanu et al. 2013). When W_hh's",
            "spectral radius ρ is below 1 (or tanh saturates), that product shrinks geometrically, about ρ^T:",
            "early steps get no signal and long-range dependencies are never learned (vanishing through time).",
            "When ρ > 1 the product can grow geometrically and a single step blows the weights up (exploding).",
            "Fixes: 'clip norm 1' for explosion (Pascanu et al.'s remedy); an LSTM or GRU, whose gated cell",
            "state carries gradient additively, for vanishing; orthogonal or identity init (IRNN, Le et al. 2015)",
            "to start with ρ = 1; a smaller lr; truncated BPTT ('bptt N') to bound the product's length.",
        ]
    }

    func recurrentEvidence(_ topic: ExplainTopic, network: Network<Float>) -> [String] {
        guard let layer = network.recurrent.first else {
            return ["this network has no recurrent layers ('net lstm 1x64' on 'data adding' builds one)"]
        }
        var lines = ["\(layer.cell.name) with \(layer.hiddenSize) units over T = \(layer.steps) steps"
                     + (layer.truncation.map { ", truncated BPTT every \($0) steps" } ?? ", full BPTT")]
        let norms = layer.timeGradientNorms
        if let last = norms.last, last > 0, let first = norms.first {
            lines.append("‖∂L/∂h_1‖ = \(Format.scientific(first)), ‖∂L/∂h_T‖ = \(Format.scientific(last)): "
                         + "step 1 gets \(Format.scientific(first / last)) of step T's gradient")
        }
        if topic == .rnn {
            let block = TimeHistory.measuredBlock(layer.cell)
            let radius = layer.spectralRadius(gate: block)
            lines.append("ρ(W_hh) = \(Format.number(radius)): over \(layer.steps - 1) steps the linear part alone "
                         + "scales a gradient by about ρ^(T−1) = \(Format.scientific(GradMath.pow(radius, Double(layer.steps - 1))))")
        }
        return lines
    }
}
