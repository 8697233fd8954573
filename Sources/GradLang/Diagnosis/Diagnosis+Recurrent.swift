import GradCore
import GradSyntax

/// What `diagnose` reads from a recurrent front: the first layer's gradient through time, W_hh's spectrum
/// and the memory gates, as medians over the recent recorded steps.
public struct TimeEvidence: Sendable {
    public var cell: RecurrentCell
    public var hidden: Int
    public var steps: Int
    public var truncation: Int?
    /// ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖.
    public var timeRatio: Double
    /// ρ of the recorded W_hh block (see `TimeHistory.measuredBlock`).
    public var spectralRadius: Double
    public var gateSaturation: GateSaturation?

    public init(cell: RecurrentCell, hidden: Int, steps: Int, truncation: Int?, timeRatio: Double,
                spectralRadius: Double, gateSaturation: GateSaturation?) {
        self.cell = cell
        self.hidden = hidden
        self.steps = steps
        self.truncation = truncation
        self.timeRatio = timeRatio
        self.spectralRadius = spectralRadius
        self.gateSaturation = gateSaturation
    }
}

extension SessionDiagnosis {
    /// The first recurrent layer's evidence: medians over the last recorded steps, or the latest backward.
    func timeEvidence(_ trainer: Trainer) -> TimeEvidence? {
        guard let layer = trainer.network.recurrent.first else { return nil }
        var ratio = TimeViews.timeRatio(layer.timeGradientNorms)
        var saturation = layer.gateSaturation
        if let history = trainer.timeHistory, !history.isEmpty {
            let recent = (max(0, history.count - DiagnosisThresholds.window)..<history.count).map { history.record(at: $0).layers[0] }
            ratio = Diagnosis.median(recent.map(\.timeRatio))
            let gates = recent.compactMap(\.gateSaturation)
            if !gates.isEmpty {
                saturation = GateSaturation(open: Diagnosis.median(gates.map(\.open)), closed: Diagnosis.median(gates.map(\.closed)))
            }
        }
        return TimeEvidence(
            cell: layer.cell, hidden: layer.hiddenSize, steps: layer.steps, truncation: layer.truncation, timeRatio: ratio,
            spectralRadius: layer.spectralRadius(gate: TimeHistory.measuredBlock(layer.cell)), gateSaturation: saturation)
    }
}

extension Diagnosis {
    /// Vanishing or exploding through time, and saturated memory gates.
    static func throughTime(_ input: DiagnosisInput) -> [Finding] {
        guard let time = input.time else { return [] }
        var found: [Finding] = []
        // Truncated BPTT cuts the gradient before step 1 on purpose: a zero ratio then says nothing.
        let cut = time.truncation.map { $0 < time.steps } ?? false
        // After a non-finite step the ratio is the overflow's, not a vanishing signal.
        let overflowed = if case .nonFinite? = input.stop { true } else { false }
        if !cut, !overflowed, time.timeRatio < Limits.timeVanishingRatio {
            found.append(Finding(.vanishing, "through time: the early steps get almost no gradient", evidence: [
                "step 1 receives \(Format.scientific(time.timeRatio)) of the gradient reaching step \(time.steps) (‖∂L/∂h_1‖ ÷ ‖∂L/∂h_T‖; vanishing below \(Format.number(Limits.timeVanishingRatio)))",
                "ρ(W_hh) = \(Format.number(time.spectralRadius)): over \(time.steps - 1) steps the linear part alone scales a gradient by about \(Format.scientific(GradMath.pow(time.spectralRadius, Double(time.steps - 1))))",
            ], fixes: vanishingThroughTimeFixes(time)))
        }
        if case .rnn(.tanh) = time.cell, time.spectralRadius > 1, let spike = largestNormSpike(input) {
            var fixes: [String] = []
            if case .globalNorm = input.settings.clip {} else { fixes.append("clip norm 1.0") }
            fixes += ["\(smallerRate(input.settings))", "net lstm 1x\(time.hidden)"]
            found.append(Finding(.exploding, "through time: the gradient norm spikes", evidence: [
                "the total gradient norm jumped to \(Format.scientific(spike.norm)) at step \(spike.step), \(Format.scientific(spike.factor))× the median of the steps before it (threshold \(Format.number(Limits.spikeOverMedian))×)",
                "ρ(W_hh) = \(Format.number(time.spectralRadius)) > 1 with tanh: the state's Jacobian can grow the gradient at every step",
            ], fixes: fixes))
        }
        if let gates = time.gateSaturation, gates.closed > Limits.gateSaturation {
            let name = time.cell == .lstm ? "forget" : "update"
            found.append(Finding(.saturation, "saturated \(name) gates, shut", evidence: [
                "\(Format.percent(gates.closed)) of the \(name) gates sit below 0.1 (alarm above \(Format.percent(Limits.gateSaturation))), \(Format.percent(gates.open)) above 0.9: a shut gate drops the memory at every step, so the gradient through time stops there, and its slope is near 0, so little gradient reaches its weights",
            ], fixes: ["\(smallerRate(input.settings))", time.cell == .lstm ? "net lstm 1x\(time.hidden) forgetbias \(openForgetBias)" : "net gru 1x\(time.hidden) init orthogonal"]))
        }
        return found
    }

    /// The forget-gate bias the vanishing-through-time fixes suggest: σ(5) ≈ 0.993 keeps 0.993^50 ≈ 0.7 of
    /// the cell's gradient over 50 steps, where the common bias 1 keeps σ(1)^50 ≈ 1e-7 (scripts/examples/
    /// papers/le_2015.grad measures both on the adding problem).
    static let openForgetBias = 5

    static func vanishingThroughTimeFixes(_ time: TimeEvidence) -> [String] {
        let h = time.hidden
        switch time.cell {
        case .rnn: return ["net lstm 1x\(h) forgetbias \(openForgetBias)", "net gru 1x\(h)", "net rnn 1x\(h) relu init identity", "net rnn 1x\(h) init orthogonal"]
        case .lstm: return ["net lstm 1x\(h) forgetbias \(openForgetBias)", "net lstm 1x\(h) init orthogonal forgetbias \(openForgetBias)"]
        case .gru: return ["net gru 1x\(h) init orthogonal"]
        }
    }

    /// The recorded step whose total gradient norm is furthest above the median of the steps before it,
    /// when that factor passes `spikeOverMedian`.
    static func largestNormSpike(_ input: DiagnosisInput) -> (step: Int, norm: Double, factor: Double)? {
        largestSpike(in: input.gradientNorms, steps: input.recordedSteps, over: Limits.spikeOverMedian)
            .map { ($0.step, $0.loss, $0.factor) }
    }
}
