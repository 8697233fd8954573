/// One recurrent layer at one recorded step: the gradient reaching each time step, W_hh's spectrum and
/// the memory gate's saturation.
public struct RecurrentLayerRecord: Sendable, Equatable {
    /// 1-based position in the recurrent stack.
    public var layer: Int
    /// ‖∂L/∂h_t‖ for t = 1…T.
    public var gradientNorms: [Double]
    /// ρ and σ₁ of the recorded W_hh block (see `TimeHistory.measuredBlock`); NaN on steps where the spectrum
    /// was not measured (see `TimeHistory.spectrumInterval`).
    public var spectralRadius: Double
    public var largestSingularValue: Double
    /// The memory gate's saturation; nil for a plain RNN.
    public var gateSaturation: GateSaturation?

    /// ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖: how much of the last step's gradient reaches the first (the time analogue
    /// of the first-to-last layer ratio). NaN when the last step got no gradient.
    public var timeRatio: Double {
        guard let first = gradientNorms.first, let last = gradientNorms.last, last > 0 else { return .nan }
        return first / last
    }
}

/// What every recurrent layer looked like at one recorded step.
public struct TimeRecord: Sendable, Equatable {
    public var step: Int
    public var layers: [RecurrentLayerRecord]
}

/// The recorded time-step gradients of a recurrent network's training, one flat row of Doubles per
/// recorded step, kept like `StatisticsHistory`: rows go into reserved capacity, so recording the norms
/// does not allocate inside the training loop.
///
/// Row layout: the step, then per layer T norms, ρ, σ₁, the open and the closed gate fractions (NaN for
/// a plain RNN).
public final class TimeHistory {
    /// Time steps and stacked layers of the network recorded.
    public let steps: Int
    public let layerCount: Int
    /// Hidden units of each layer, for the spectrum's cost.
    private let hiddenSizes: [Int]
    private var storage: RecordRows

    public init(steps: Int, hiddenSizes: [Int]) {
        self.steps = steps
        self.hiddenSizes = hiddenSizes
        layerCount = hiddenSizes.count
        storage = RecordRows(width: 1 + hiddenSizes.count * (steps + 4))
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    /// Makes room for `records` more rows so appends do not allocate.
    public func reserve(records: Int) { storage.reserve(records: records) }

    public func removeAll() { storage.removeAll() }

    /// The W_hh block whose spectrum is recorded: the whole W_hh of a plain RNN, the candidate block (LSTM's
    /// g, GRU's n) of a gated cell, the one through which the state feeds back into itself as in an RNN.
    public static func measuredBlock(_ cell: RecurrentCell) -> Int {
        switch cell {
        case .rnn: 0
        case .lstm, .gru: 2
        }
    }

    /// Recorded rows between two measurements of the spectrum of an H-wide layer: 1 up to H = 64, then
    /// (H/64)³. ρ costs ≈ 10·H³ flops (5 ms at H = 128, see `Spectrum`), more than a whole training step of
    /// a small network, so wide layers are measured less often; the interval depends on H only, so the
    /// same run records the same rows on every machine.
    public static func spectrumInterval(hidden: Int) -> Int {
        let ratio = max(hidden / 64, 1)
        return ratio * ratio * ratio
    }

    /// Appends the state of `layers` after the backward of `step`.
    func append<S: TrainingScalar>(step: Int, layers: [Recurrent<S>]) {
        let index = count
        storage.append(Double(step))
        for (layer, hidden) in zip(layers, hiddenSizes) {
            storage.append(contentsOf: layer.stepGradientNorms)
            let measure = index % Self.spectrumInterval(hidden: hidden) == 0
            let block = Self.measuredBlock(layer.cell)
            storage.append(measure ? layer.spectralRadius(gate: block) : .nan)
            storage.append(measure ? layer.largestSingularValue(gate: block) : .nan)
            let saturation = layer.gateSaturation
            storage.append(saturation?.open ?? .nan)
            storage.append(saturation?.closed ?? .nan)
        }
    }

    /// The row at `index` (0 = oldest).
    public func record(at index: Int) -> TimeRecord {
        let row = storage.row(index)
        var offset = row.startIndex + 1
        let layers = (0..<layerCount).map { layer in
            defer { offset += steps + 4 }
            let fields = row[(offset + steps)..<(offset + steps + 4)]
            let open = fields[fields.startIndex + 2], closed = fields[fields.startIndex + 3]
            return RecurrentLayerRecord(
                layer: layer + 1, gradientNorms: Array(row[offset..<(offset + steps)]),
                spectralRadius: fields[fields.startIndex], largestSingularValue: fields[fields.startIndex + 1],
                gateSaturation: open.isNaN ? nil : GateSaturation(open: open, closed: closed))
        }
        return TimeRecord(step: Int(row[row.startIndex]), layers: layers)
    }

    /// The columns of `rows`: per layer `rnn1.time_ratio`, `rnn1.grad_t1` … `rnn1.grad_tT`,
    /// `rnn1.spectral_radius`, `rnn1.largest_singular_value`, `rnn1.gate_open`, `rnn1.gate_closed`.
    public var columnNames: [String] {
        (1...max(layerCount, 1)).prefix(layerCount).flatMap { layer in
            ["rnn\(layer).time_ratio"] + (1...steps).map { "rnn\(layer).grad_t\($0)" }
                + ["spectral_radius", "largest_singular_value", "gate_open", "gate_closed"].map { "rnn\(layer).\($0)" }
        }
    }

    /// Every row as flat values in `columnNames` order (NaN where a value was not measured).
    public var rows: [[Double]] {
        records.map { record in
            record.layers.flatMap { layer in
                [layer.timeRatio] + layer.gradientNorms
                    + [layer.spectralRadius, layer.largestSingularValue, layer.gateSaturation?.open ?? .nan,
                       layer.gateSaturation?.closed ?? .nan]
            }
        }
    }

    public var last: TimeRecord? { isEmpty ? nil : record(at: count - 1) }
    public var records: [TimeRecord] { (0..<count).map(record(at:)) }

    /// The latest measured ρ and σ₁ of each layer (rows without a measurement skipped); NaN before any.
    public func latestSpectrum(layer: Int) -> (radius: Double, singular: Double) {
        for index in stride(from: count - 1, through: 0, by: -1) {
            let entry = record(at: index).layers[layer - 1]
            if !entry.spectralRadius.isNaN { return (entry.spectralRadius, entry.largestSingularValue) }
        }
        return (.nan, .nan)
    }
}
