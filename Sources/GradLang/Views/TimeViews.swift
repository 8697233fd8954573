import GradCore
import GradSyntax

/// The views of gradients through time for a recurrent network: `show time`, the time rows of
/// `show grads`, `plot time` (‖∂L/∂h_t‖ against t) and `plot time over time` (time step × training step).
public struct TimeViews {
    public let session: Session
    typealias Limits = DiagnosisThresholds
    /// Time steps listed or drawn at most; longer sequences are sampled evenly, always with t = 1 and T.
    static let shownSteps = 24

    public init(_ session: Session) {
        self.session = session
    }

    /// The recurrent layers after a backward, or an error saying what is missing.
    func requireLayers() throws -> [Recurrent<Float>] {
        let trainer = try session.requireTrainer()
        guard !trainer.network.recurrent.isEmpty else {
            throw SessionError(.wrongTask, "this network has no recurrent layers", hint: "build one with 'net lstm 1x64' on sequence data")
        }
        _ = try session.requireStatistics()
        return trainer.network.recurrent
    }

    /// t = 1…T sampled to at most `shownSteps`, ascending, with both ends.
    static func sampledSteps(_ steps: Int) -> [Int] {
        let stride = (steps - 1 + shownSteps - 2) / (shownSteps - 1)  // ⌈(T−1)/(shown−1)⌉
        guard stride > 1 else { return Array(1...steps) }
        let sampled = Array(Swift.stride(from: 1, to: steps, by: stride))
        return sampled + [steps]
    }

    /// `show time`: per layer, ‖∂L/∂h_t‖ at each (sampled) t with its ratio to step T, then the time ratio,
    /// W_hh's spectrum and the memory gate's saturation.
    public func showTime() throws -> [String] {
        var lines: [String] = []
        for (index, layer) in try requireLayers().enumerated() {
            let norms = layer.timeGradientNorms
            let last = norms.last ?? 0
            lines.append("recurrent layer \(index + 1): \(layer.cell.name), \(layer.hiddenSize) units, T = \(layer.steps)"
                         + (layer.truncation.map { ", bptt \($0)" } ?? ""))
            var table = TextTable(["t", "‖∂L/∂h_t‖", "÷ step T"])
            for t in Self.sampledSteps(layer.steps) {
                table.add(["\(t)", Format.scientific(norms[t - 1]), last > 0 ? Format.scientific(norms[t - 1] / last) : "-"])
            }
            lines += table.lines + summary(layer, number: index + 1)
        }
        return lines
    }

    /// The lines under a layer's table: time ratio with its flag, spectrum, gates.
    func summary(_ layer: Recurrent<Float>, number: Int) -> [String] {
        let ratio = Self.timeRatio(layer.timeGradientNorms)
        var lines = ["time ratio ‖∂L/∂h_1‖ ÷ ‖∂L/∂h_T‖ = \(Format.scientific(ratio))\(Self.flag(layer).map { "  \($0)" } ?? "")"]
        let block = TimeHistory.measuredBlock(layer.cell)
        let which = block == 0 ? "W_hh" : "W_hh's \(layer.cell == .lstm ? "g" : "n") block"
        lines.append("\(which): spectral radius ρ = \(Format.number(layer.spectralRadius(gate: block))), "
                     + "largest singular value σ₁ = \(Format.number(layer.largestSingularValue(gate: block)))")
        if let gates = layer.gateSaturation {
            let name = layer.cell == .lstm ? "forget gates f" : "update gates z"
            lines.append("\(name): \(Format.percent(gates.open)) above 0.9, \(Format.percent(gates.closed)) below 0.1")
        }
        return lines
    }

    /// ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖; NaN when step T got nothing.
    static func timeRatio(_ norms: [Double]) -> Double {
        guard let first = norms.first, let last = norms.last, last > 0 else { return .nan }
        return first / last
    }

    /// The flag for a layer: a zero ratio under truncated BPTT is the cut, not vanishing.
    static func flag(_ layer: Recurrent<Float>) -> String? {
        let ratio = timeRatio(layer.timeGradientNorms)
        if ratio == 0, let truncation = layer.truncation, truncation < layer.steps { return "cut by bptt \(truncation)" }
        return flag(ratio)
    }

    static func flag(_ ratio: Double) -> String? {
        if !ratio.isFinite { return ratio.isNaN ? nil : "non-finite" }
        if ratio < Limits.timeVanishingRatio { return "vanishing through time" }
        if ratio > 1 / Limits.timeVanishingRatio { return "exploding through time" }
        return nil
    }

    /// The rows `show net` lists before the dense layers: one per recurrent layer, shaped per time step.
    func networkRows() -> [[String]] {
        guard let network = session.network, let spec = network.spec.recurrent else { return [] }
        return network.recurrent.enumerated().map { index, layer in
            let parameters = layer.parameters.map(\.count).reduce(0, +)
            return ["r\(index + 1) \(layer.cell.name)", "\(layer.inputSize)→\(layer.hiddenSize) ×\(layer.steps)",
                    layer.cell == .rnn(.relu) ? "relu" : "tanh", spec.initializer.name,
                    layer.returnsEveryStep ? "every step" : "last step", "\(parameters)"]
        }
    }

    /// The rows `show grads` adds for a recurrent network: each layer's ‖∇W_ih‖, ‖∇W_hh‖ and time ratio.
    public func gradientRows() -> [String] {
        guard let network = session.network, !network.recurrent.isEmpty else { return [] }
        var table = TextTable(["recurrent", "‖∇W_ih‖", "‖∇W_hh‖", "‖∂L/∂h_1‖", "‖∂L/∂h_T‖", "time ratio", "flag"])
        for (index, layer) in network.recurrent.enumerated() {
            let norms = layer.timeGradientNorms
            let ratio = Self.timeRatio(norms)
            table.add([
                "r\(index + 1) \(layer.cell.name)", Format.scientific(Self.gradientNorm(layer.weightIH)),
                Format.scientific(Self.gradientNorm(layer.weightHH)), Format.scientific(norms.first ?? 0),
                Format.scientific(norms.last ?? 0), Format.scientific(ratio), Self.flag(layer) ?? "",
            ])
        }
        return table.lines
    }

    static func gradientNorm(_ parameter: Parameter<Float>) -> Double {
        BufferSummary.of(UnsafePointer(parameter.gradient.pointer), count: parameter.count).norm
    }

    /// `plot time`: ‖∂L/∂h_t‖ of the first layer against t, on a log scale.
    public func timeChart() throws -> LogBarChart {
        let layer = try requireLayers()[0]
        let norms = layer.timeGradientNorms
        let last = norms.last ?? 0
        return LogBarChart(
            title: "gradient reaching each time step, ‖∂L/∂h_t‖, recurrent layer 1 (log scale)",
            bars: Self.sampledSteps(layer.steps).map { t in
                LogBarChart.Bar("t=\(t)", norms[t - 1], note: last > 0 ? "÷T \(Format.scientific(norms[t - 1] / last))" : "")
            })
    }

    /// `plot time over time`: time step × recorded training step for the first layer: vanishing fades to
    /// the left (the top rows), explosion flares.
    public func timeHeatMap() throws -> HeatMap {
        _ = try requireLayers()
        guard let history = session.trainer?.timeHistory, !history.isEmpty else {
            throw SessionError(.nothingRecorded, "no training steps were recorded", hint: "train with 'record every 1' (the default)")
        }
        let records = history.records
        let rows = Self.sampledSteps(history.steps)
        return HeatMap(
            title: "‖∂L/∂h_t‖ of recurrent layer 1 over training (t = 1 at the top; faint = small, dark = large)",
            rowLabels: rows.map { "t=\($0)" },
            values: rows.map { t in records.map { $0.layers[0].gradientNorms[t - 1] } },
            xs: records.map { Double($0.step) }, xLabel: "step")
    }
}
