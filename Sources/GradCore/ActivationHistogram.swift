/// The distribution of one layer's activation outputs in the latest forward pass, binned.
///
/// Computed on demand from the network's activation buffers (nothing is kept per step). Values in the
/// "special" zones are counted apart from the bins, because they are what a gradient experiment looks
/// for: for sigmoid/tanh/softsign the outputs within `Activation.saturationMargin` of a bound (where
/// the slope is nearly 0), for ReLU the outputs that are exactly 0 (no gradient flows through them).
public struct ActivationHistogram: Sendable, Equatable {
    public var layer: Int
    public var activation: Activation
    /// Batch rows the buffers held, and every value looked at (rows × width).
    public var rows: Int
    public var count: Int
    /// The range the bins cover, equal-width: the activation's open interior for bounded ones, (0, p99]
    /// for ReLU and [p1, p99] otherwise (1st and 99th percentiles: a long tail would squeeze the rest
    /// into one bin); values beyond the range are counted in the end bins.
    public var lower: Double
    public var upper: Double
    public var bins: [Int]
    /// Outputs in the lower special zone: saturated at the lower bound, or ReLU's exact zeros.
    public var below: Int
    /// Outputs saturated at the upper bound.
    public var above: Int
    /// NaN or ±∞ outputs (not in any bin).
    public var nonFinite: Int
    public var minimum: Double
    public var maximum: Double

    /// True when `below` counts something for this activation (bounded or ReLU).
    public var hasLowerZone: Bool { activation.isBounded || activation.canDie }
    /// True when `above` counts something (bounded activations only).
    public var hasUpperZone: Bool { activation.isBounded }
}

extension Network {
    /// Runs the first `rows` rows of `data` forward in evaluation mode, so the activation buffers (and
    /// `activationHistogram`) describe the same examples whatever ran last. Batch-norm running statistics
    /// are only read in evaluation mode, so training state is untouched; the buffers are scratch.
    public func probe(_ data: Dataset, rows requested: Int) {
        let rows = Swift.min(Swift.max(requested, 1), data.count)
        guard rows > 0, data.inputCount == spec.inputWidth else { return }
        if rows > batchCapacity { allocate(batchCapacity: rows) }
        let input = Matrix<Scalar>(rows: rows, cols: data.inputCount)
        for index in 0..<(rows * data.inputCount) { input.pointer[index] = Scalar(data.features[index]) }
        _ = forward(input, batch: rows, mode: .evaluation)
    }

    /// The histogram of user-facing layer `number`'s outputs in the latest forward pass, with `binCount`
    /// equal bins; nil for a layer without an activation buffer or before any forward pass.
    public func activationHistogram(layer number: Int, bins binCount: Int) -> ActivationHistogram? {
        guard number >= 1, number <= dense.count, lastForwardRows > 0, binCount > 0,
              let output = activationOutput(layer: number) else { return nil }
        let activation = self.activation(layer: number)
        let count = min(lastForwardRows, output.rows) * output.cols
        let values = UnsafeBufferPointer(start: output.pointer, count: count)
        var minimum = Double.infinity, maximum = -Double.infinity, nonFinite = 0
        for value in values {
            let x = Double(value)
            guard x.isFinite else { nonFinite += 1; continue }
            minimum = Swift.min(minimum, x)
            maximum = Swift.max(maximum, x)
        }
        let margin = Activation.saturationMargin
        var lower: Double, upper: Double
        switch activation {
        case .sigmoid: (lower, upper) = (margin, 1 - margin)
        case .tanh, .softsign: (lower, upper) = (-1 + margin, 1 - margin)
        case .relu:
            let positive = values.lazy.map(Double.init).filter { $0 > 0 && $0.isFinite }
            (lower, upper) = (0, Self.percentile(Array(positive), 0.99) ?? 0)
        default:
            let finite = Array(values.lazy.map(Double.init).filter(\.isFinite))
            (lower, upper) = (Self.percentile(finite, 0.01) ?? 0, Self.percentile(finite, 0.99) ?? 0)
        }
        if !(lower < upper) { (lower, upper) = lower.isFinite ? (lower - 0.5, lower + 0.5) : (0, 1) }
        var histogram = ActivationHistogram(
            layer: number, activation: activation, rows: min(lastForwardRows, output.rows), count: count,
            lower: lower, upper: upper, bins: Array(repeating: 0, count: binCount), below: 0, above: 0,
            nonFinite: nonFinite, minimum: minimum, maximum: maximum)
        let scale = Double(binCount) / (upper - lower)
        for value in values {
            let x = Double(value)
            guard x.isFinite else { continue }
            if activation.isBounded && activation.isSaturated(output: x) {
                if x < (lower + upper) / 2 { histogram.below += 1 } else { histogram.above += 1 }
                continue
            }
            if activation.canDie && x <= 0 {
                histogram.below += 1
                continue
            }
            // Clamp into the end bins: bounded interiors are open at the margins, and max lands on the edge.
            let bin = Int(((x - lower) * scale).rounded(.down))
            histogram.bins[Swift.min(Swift.max(bin, 0), binCount - 1)] += 1
        }
        return histogram
    }

    /// The `fraction` quantile of `values` (nearest rank), nil for none.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[Swift.min(sorted.count - 1, Int((fraction * Double(sorted.count - 1)).rounded()))]
    }
}
