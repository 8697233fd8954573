import GradCore
import GradSyntax

/// Histograms of each layer's weight gradients and activations, captured at recorded training steps for
/// `export tensorboard`. The activations are those of the probe rows `plot acts` uses (the first training
/// rows, in evaluation mode), so every step shows the same inputs and the histograms compare over time; the
/// probe changes no weight, running statistic or random draw, so training goes on exactly as without it.
/// Memory stays bounded however long training runs: at most `capacity` steps are kept, and when that is
/// reached every other one is dropped and captures become half as frequent, so the kept steps stay evenly
/// spread over the run.
final class HistogramHistory {
    /// Steps kept at most (each holds two histograms per layer of `TensorBoardHistogram.bucketCount` buckets).
    static let capacity = 64

    /// The captured steps in order, each with its histograms.
    private(set) var entries: [(step: Int, histograms: [EventProtobuf.Histogram])] = []
    /// Capture every `stride`-th recorded step.
    private var stride = 1
    private var recordedSteps = 0

    /// Called after every training step: captures when the step was recorded and falls on the stride.
    func stepped(to step: Int, trainer: Trainer, probe data: Dataset) {
        guard trainer.history.last?.step == step else { return }
        defer { recordedSteps += 1 }
        guard recordedSteps % stride == 0 else { return }
        entries.append((step, Self.histograms(of: trainer.network, probe: data)))
        if entries.count > Self.capacity {
            entries = entries.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            stride *= 2
        }
    }

    /// Forgets everything (a new network, or `reset`).
    func removeAll() {
        entries = []
        stride = 1
        recordedSteps = 0
    }

    /// The weight gradients of the latest step, then the activations of the probe rows.
    static func histograms(of network: Network<Float>, probe data: Dataset) -> [EventProtobuf.Histogram] {
        let gradients = gradientHistograms(of: network)
        network.probe(data, rows: Session.probeRows)
        return gradients + activationHistograms(of: network, rows: network.lastForwardRows)
    }

    /// Each layer's weight gradients (after clipping, as applied).
    private static func gradientHistograms(of network: Network<Float>) -> [EventProtobuf.Histogram] {
        let weights = network.parameters.filter { $0.role == .weight }
        return weights.map { parameter in
            TensorBoardHistogram.make(tag: TensorBoardTags.layer("weight_grads", parameter.layer, of: weights.count),
                                      values: parameter.gradient.values.map(Double.init))
        }
    }

    /// Each hidden layer's outputs over the first `rows` rows of its buffer.
    private static func activationHistograms(of network: Network<Float>, rows: Int) -> [EventProtobuf.Histogram] {
        let hidden = network.spec.hidden.count
        return (0..<hidden).compactMap { index in
            guard let output = network.activationOutput(layer: index + 1) else { return nil }
            let values = (0..<min(rows, output.rows)).flatMap { row in (0..<output.cols).map { Double(output[row, $0]) } }
            return TensorBoardHistogram.make(tag: TensorBoardTags.layer("activations", index + 1, of: hidden), values: values)
        }
    }
}

/// Histograms as TensorBoard stores them: equal-width buckets between the finite minimum and maximum.
enum TensorBoardHistogram {
    static let bucketCount = 30

    static func make(tag: String, values: [Double]) -> EventProtobuf.Histogram {
        let finite = values.filter(\.isFinite)
        let minimum = finite.min() ?? 0, maximum = finite.max() ?? 0
        var counts = [Double](repeating: 0, count: maximum > minimum ? bucketCount : 1)
        let width = (maximum - minimum) / Double(counts.count)
        for value in finite {
            let bucket = width > 0 ? Int((value - minimum) / width) : 0
            counts[min(max(bucket, 0), counts.count - 1)] += 1
        }
        // Right edges; the last is exactly the maximum so no value lies beyond it.
        let limits = (1...counts.count).map { $0 == counts.count ? maximum : minimum + Double($0) * width }
        return EventProtobuf.Histogram(
            tag: tag, minimum: minimum, maximum: maximum, count: Double(finite.count),
            sum: finite.reduce(0, +), sumOfSquares: finite.reduce(0) { $0 + $1 * $1 }, limits: limits, counts: counts)
    }
}
