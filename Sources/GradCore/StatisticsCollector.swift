/// Computes `LayerStatistics` for every user-facing layer from a network's buffers, without allocating.
///
/// The trainer calls it at three points of a recorded step: after forward (activations), after backward
/// (raw gradients, before clipping) and after the update (weight norms and update ratios).
final class StatisticsCollector<Scalar: TrainingScalar> {
    private let network: Network<Scalar>
    /// Indexed by user layer − 1; mutated in place so recording needs no new arrays.
    private(set) var layers: ContiguousArray<LayerStatistics>
    private let columnMaximum: UnsafeMutablePointer<Scalar>  // per-unit scratch (column sums)
    private let widestLayer: Int
    /// For each user layer, the index of its dense weight in `network.parameters`.
    private let weightIndex: [Int]

    init(network: Network<Scalar>) {
        self.network = network
        layers = ContiguousArray((1...network.dense.count).map(LayerStatistics.init(layer:)))
        widestLayer = network.dense.map(\.outputWidth).max() ?? 1
        columnMaximum = .allocate(capacity: widestLayer)
        weightIndex = network.dense.map { dense in
            network.parameters.firstIndex { $0 === dense.weight } ?? 0
        }
    }

    deinit { columnMaximum.deallocate() }

    /// Activation mean/std, saturation and dead-unit fractions of every layer's latest forward output.
    func observeActivations(batch: Int) {
        for number in 1...layers.count {
            guard let output = network.activationOutput(layer: number) else {
                layers[number - 1].activationMean = 0
                layers[number - 1].activationStd = 0
                continue
            }
            let activation = network.activation(layer: number)
            let width = output.cols
            let count = batch * width
            let summary = BufferSummary.of(UnsafePointer(output.pointer), count: count)
            layers[number - 1].activationMean = summary.mean
            layers[number - 1].activationStd = summary.std
            layers[number - 1].saturatedFraction =
                activation.isBounded ? saturatedFraction(output.pointer, count: count, activation: activation) : 0
            layers[number - 1].deadFraction =
                activation.canDie ? deadFraction(output.pointer, batch: batch, width: width) : 0
        }
    }

    private func saturatedFraction(_ values: UnsafePointer<Scalar>, count: Int, activation: Activation) -> Double {
        var saturated = 0
        for i in 0..<count where activation.isSaturated(output: values[i]) { saturated += 1 }
        return Double(saturated) / Double(max(count, 1))
    }

    /// Units whose output is 0 on every row. ReLU outputs are never negative, so a unit is dead exactly when
    /// its column sums to 0; per-column sums (unlike a NaN-aware max) let the compiler vectorize the loop.
    private func deadFraction(_ values: UnsafePointer<Scalar>, batch: Int, width: Int) -> Double {
        columnMaximum.update(repeating: 0, count: width)
        for row in 0..<batch {
            let line = values + row * width
            for j in 0..<width { columnMaximum[j] += line[j] }
        }
        var dead = 0
        for j in 0..<width where !(columnMaximum[j] > 0) { dead += 1 }
        return Double(dead) / Double(max(width, 1))
    }

    /// Norm, mean, std and max |g| of every layer's raw weight and bias gradients.
    func observeGradients() {
        for (index, dense) in network.dense.enumerated() {
            layers[index].setWeightGradient(.of(UnsafePointer(dense.weight.gradient.pointer), count: dense.weight.count))
            if let bias = dense.bias {
                layers[index].setBiasGradient(.of(UnsafePointer(bias.gradient.pointer), count: bias.count))
            } else {
                layers[index].setBiasGradient(.empty)
            }
        }
    }

    /// Weight norms alone, for a gradient computed without an update (`backward`): no update ratio.
    func observeWeights() {
        for (index, dense) in network.dense.enumerated() {
            layers[index].weightNorm = BufferSummary.of(UnsafePointer(dense.weight.value.pointer), count: dense.weight.count).norm
            layers[index].updateRatio = 0
        }
    }

    /// Weight norms, and update ratios against the values captured before the update.
    func observeUpdate(since snapshot: ParameterSnapshot<Scalar>) {
        for index in 0..<network.dense.count {
            let norms = snapshot.norms(parameter: weightIndex[index])
            layers[index].weightNorm = norms.value
            layers[index].updateRatio = norms.value > 0 ? norms.change / norms.value : 0
        }
    }

    /// Appends the current per-layer numbers with `step` to `history`.
    func record(_ step: StepStatistics, into history: StatisticsHistory) {
        layers.withUnsafeBufferPointer { history.append(step, layers: $0) }
    }
}
