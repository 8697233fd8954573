/// The GRU cell's fused gate arithmetic (`torch.nn.GRU`): with the pre-activations stacked r, z, n,
///
///     r = σ(x_r + h_r),  z = σ(x_z + h_z),  n = tanh(x_n + r ⊙ h_n),  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1},
///
/// where x_· = W_i· x_t + b_i· and h_· = W_h· h_{t−1} + b_h·: the reset multiplies the hidden product after
/// it is taken (PyTorch's and cuDNN's form, not the original paper's r ⊙ h_{t−1} inside it).
enum GRUCell {
    static func forward<S: TrainingScalar>(_ step: ForwardStep<S>) {
        guard let candidate = step.hiddenCandidate else { preconditionFailure("GRU without its h_n buffer") }
        let h = step.hidden
        for b in 0..<step.batch {
            let pre = step.recurrent.row(b), gate = step.gates.row(b), hn = candidate.row(b)
            for j in 0..<(2 * h) { pre[j] += gate[j] }
            Activation.sigmoid.forward(pre: pre, out: gate, count: 2 * h)  // r, z
            hn.update(from: pre + 2 * h, count: h)
            let nPre = pre + 2 * h
            for j in 0..<h { nPre[j] = gate[2 * h + j] + gate[j] * hn[j] }
            Activation.tanh.forward(pre: nPre, out: gate + 2 * h, count: h)  // n
            let out = step.state.row(b), previous = step.previousState?.row(b)
            for j in 0..<h {
                let z = gate[h + j], n = gate[2 * h + j]
                out[j] = (1 - z) * n + z * (previous?[j] ?? 0)
            }
        }
    }

    static func backward<S: TrainingScalar>(_ step: BackwardStep<S>) {
        let f = step.forward
        guard let candidate = f.hiddenCandidate, let dRecurrent = step.recurrentGradient,
            let dPrevious = step.previousStateGradient
        else { preconditionFailure("GRU backward without its buffers") }
        let h = f.hidden
        for b in 0..<f.batch {
            let gate = f.gates.row(b), hn = candidate.row(b), dh = step.stateGradient.row(b)
            let dGate = step.gateGradient.row(b), dHidden = dRecurrent.row(b), dPrev = dPrevious.row(b)
            let previous = f.previousState?.row(b)
            for j in 0..<h {
                let r = gate[j], z = gate[h + j], n = gate[2 * h + j], hPrevious = previous?[j] ?? 0
                // forward was: h = (1 − z) ⊙ n + z ⊙ h₋  → dn = dh ⊙ (1 − z), dz = dh ⊙ (h₋ − n), dh₋ = dh ⊙ z
                let dn = dh[j] * (1 - z)
                let dz = dh[j] * (hPrevious - n)
                dPrev[j] = dh[j] * z
                // forward was: n = tanh(x_n + r ⊙ h_n)  → dnPre = dn ⊙ (1 − n²), dr = dnPre ⊙ h_n, dh_n = dnPre ⊙ r
                let dnPre = dn * (1 - n * n)
                let drPre = dnPre * hn[j] * r * (1 - r)
                let dzPre = dz * z * (1 - z)
                dGate[j] = drPre
                dGate[h + j] = dzPre
                dGate[2 * h + j] = dnPre
                dHidden[j] = drPre
                dHidden[h + j] = dzPre
                dHidden[2 * h + j] = dnPre * r
            }
        }
    }
}
