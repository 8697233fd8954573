/// Computes `LayerStatistics` for every user-facing layer from a network's buffers, without allocating.
///
/// The trainer calls it at three points of a recorded step: after forward (activations), after backward
/// (raw gradients, before clipping) and after the update (weight norms and update ratios).
final class StatisticsCollector<Scalar: TrainingScalar> {
    let network: Network<Scalar>
    /// Indexed by user layer − 1; mutated in place so recording needs no new arrays.
    private(set) var layers: ContiguousArray<LayerStatistics>
    let columnMaximum: UnsafeMutablePointer<Scalar>  // per-unit scratch (column sums)
    /// Per layer, the activation figures of the latest pass, kept apart from `layers` so that the
    /// activation pass can run on the helper core while the gradient pass writes `layers`.
    private let activationFigures: UnsafeMutablePointer<ActivationFigures>
    /// Per layer, the dead-unit fraction, written by the gradient pass's side (see `observeActivationsAndGradients`).
    private let deadFractions: UnsafeMutablePointer<Double>
    /// The recurrent layers' figures, first to last (empty for a multilayer perceptron), and where the
    /// activation pass leaves theirs until both passes are done.
    var recurrentLayers: ContiguousArray<RecurrentLayerStatistics>
    let recurrentStates: UnsafeMutablePointer<RecurrentStateFigures>
    /// For each recurrent layer, the indices of its parameters (W_ih, W_hh, b_ih, b_hh) in `network.parameters`.
    let recurrentIndex: [[Int]]
    private let widestLayer: Int
    /// For each user layer, the index of its dense weight and bias (−1: none) in `network.parameters`.
    private let weightIndex: [Int]
    private let biasIndex: [Int]
    /// Every parameter's raw gradient summary from the latest gradient pass, in `network.parameters` order
    /// (batch-norm parameters too: the clipper takes its squares from here on recorded steps).
    let gradientSummaries: UnsafeMutablePointer<BufferSummary>

    init(network: Network<Scalar>) {
        self.network = network
        layers = ContiguousArray((1...network.dense.count).map(LayerStatistics.init(layer:)))
        widestLayer = max(network.dense.map(\.outputWidth).max() ?? 1, network.recurrent.map(\.hiddenSize).max() ?? 1)
        recurrentLayers = ContiguousArray(network.recurrent.indices.map { RecurrentLayerStatistics(layer: $0 + 1) })
        recurrentStates = .allocate(capacity: max(network.recurrent.count, 1))
        recurrentStates.initialize(repeating: RecurrentStateFigures(), count: max(network.recurrent.count, 1))
        recurrentIndex = network.recurrent.map { layer in
            layer.parameters.map { parameter in network.parameters.firstIndex { $0 === parameter } ?? 0 }
        }
        columnMaximum = .allocate(capacity: widestLayer)
        activationFigures = .allocate(capacity: network.dense.count)
        activationFigures.initialize(repeating: ActivationFigures(), count: network.dense.count)
        deadFractions = .allocate(capacity: network.dense.count)
        deadFractions.initialize(repeating: 0, count: network.dense.count)
        weightIndex = network.dense.map { dense in
            network.parameters.firstIndex { $0 === dense.weight } ?? 0
        }
        biasIndex = network.dense.map { dense in
            network.parameters.firstIndex { $0 === dense.bias } ?? -1
        }
        gradientSummaries = .allocate(capacity: max(network.parameters.count, 1))
        gradientSummaries.initialize(repeating: .empty, count: max(network.parameters.count, 1))
    }

    deinit {
        columnMaximum.deallocate()
        recurrentStates.deallocate()
        activationFigures.deallocate()
        deadFractions.deallocate()
        gradientSummaries.deallocate()
    }

    /// What one layer's forward output looked like.
    private struct ActivationFigures {
        var mean = 0.0, std = 0.0, saturated = 0.0
    }

    /// The activation figures (`measureActivations`, `measureDeadUnits`) and the raw gradient figures
    /// (`observeGradients`) of the step just computed, on two cores at once: together they are most of what
    /// recording statistics costs. The passes read different buffers and write different storage; the
    /// dead-unit count goes with the gradients, which otherwise finished first and waited (seen in a profile).
    /// `batch` counts examples; a head run at every time step holds T rows of activations per example.
    func observeActivationsAndGradients(batch: Int) {
        let rows = batch * network.spec.headRowsPerExample
        PairedWork.shared.run(
            GradientPass(collector: self, batch: rows), alongside: ActivationPass(collector: self, batch: rows))
        for index in layers.indices {
            let figures = activationFigures[index]
            layers[index].activationMean = figures.mean
            layers[index].activationStd = figures.std
            layers[index].saturatedFraction = figures.saturated
            layers[index].deadFraction = deadFractions[index]
        }
        for index in recurrentLayers.indices { recurrentLayers[index].setStates(recurrentStates[index]) }
    }

    /// Activation mean/std and saturation of every layer's latest forward output.
    // Both passes are entered from `PairedWork` through a job's metatype, which reaches only the generic
    // entry point; `@_specialize` routes Float to compiled-for-Float code (unspecialized, the per-element
    // arithmetic goes through witness tables and a recorded step ran at half speed).
    @_specialize(where Scalar == Float)
    fileprivate func measureActivations(batch: Int) {
        for index in 0..<network.dense.count {
            guard let output = network.activationOutput(layer: index + 1) else {
                activationFigures[index] = ActivationFigures()
                continue
            }
            let activation = network.activation(layer: index + 1)
            let width = output.cols
            let count = batch * width
            let summary = BufferSummary.of(UnsafePointer(output.pointer), count: count)
            activationFigures[index] = ActivationFigures(
                mean: summary.mean, std: summary.std,
                saturated: activation.isBounded ? saturatedFraction(output.pointer, count: count, activation: activation) : 0)
        }
        measureRecurrentStates(batch: batch / network.spec.headRowsPerExample)
    }

    /// The fraction of dead units in every layer whose activation can die.
    @_specialize(where Scalar == Float)
    fileprivate func measureDeadUnits(batch: Int) {
        for index in 0..<network.dense.count {
            let activation = network.activation(layer: index + 1)
            guard activation.canDie, let output = network.activationOutput(layer: index + 1) else {
                deadFractions[index] = 0
                continue
            }
            deadFractions[index] = deadFraction(output.pointer, batch: batch, width: output.cols)
        }
    }

    func saturatedFraction(_ values: UnsafePointer<Scalar>, count: Int, activation: Activation) -> Double {
        var saturated = 0
        for i in 0..<count where activation.isSaturated(output: values[i]) { saturated += 1 }
        return Double(saturated) / Double(max(count, 1))
    }

    /// Units whose output is 0 on every row. ReLU outputs are never negative, so a unit is dead exactly when
    /// its column sums to 0; per-column sums (unlike a NaN-aware max) let the compiler vectorize the loop.
    func deadFraction(_ values: UnsafePointer<Scalar>, batch: Int, width: Int) -> Double {
        columnMaximum.update(repeating: 0, count: width)
        for row in 0..<batch {
            let line = values + row * width
            for j in 0..<width { columnMaximum[j] += line[j] }
        }
        var dead = 0
        for j in 0..<width where !(columnMaximum[j] > 0) { dead += 1 }
        return Double(dead) / Double(max(width, 1))
    }

    /// Norm, mean, std and max |g| of every parameter's raw gradient, and so of every layer's weights and biases.
    @_specialize(where Scalar == Float)
    fileprivate func observeGradients() {
        for (index, parameter) in network.parameters.enumerated() {
            gradientSummaries[index] = .of(UnsafePointer(parameter.gradient.pointer), count: parameter.count)
        }
        for index in layers.indices {
            layers[index].setWeightGradient(gradientSummaries[weightIndex[index]])
            layers[index].setBiasGradient(biasIndex[index] < 0 ? .empty : gradientSummaries[biasIndex[index]])
        }
        observeRecurrentGradients()
    }

    /// Weight norms alone, for a gradient computed without an update (`backward`): no update ratio.
    func observeWeights() {
        for (index, dense) in network.dense.enumerated() {
            layers[index].weightNorm = BufferSummary.of(UnsafePointer(dense.weight.value.pointer), count: dense.weight.count).norm
            layers[index].updateRatio = 0
        }
        observeRecurrentWeights(measuredBy: nil)
    }

    /// Weight norms and update ratios, as `optimizer` measured them during a measuring step.
    func observeUpdate(measuredBy optimizer: Optimizer<Scalar>) {
        for index in 0..<network.dense.count {
            let norms = optimizer.updateNorms(parameter: weightIndex[index])
            layers[index].weightNorm = norms.value
            layers[index].updateRatio = norms.value > 0 ? norms.change / norms.value : 0
        }
        observeRecurrentWeights(measuredBy: optimizer)
    }

    /// Appends the current per-layer numbers with `step` to `history`.
    func record(_ step: StepStatistics, into history: StatisticsHistory) {
        layers.withUnsafeBufferPointer { history.append(step, layers: $0) }
    }
}

/// The two halves of `observeActivationsAndGradients`, as jobs for `PairedWork`.
private struct GradientPass<Scalar: TrainingScalar>: PairedJob {
    let collector: StatisticsCollector<Scalar>
    let batch: Int
    func run() {
        collector.observeGradients()
        collector.measureDeadUnits(batch: batch)
    }
}

private struct ActivationPass<Scalar: TrainingScalar>: PairedJob {
    let collector: StatisticsCollector<Scalar>
    let batch: Int
    func run() { collector.measureActivations(batch: batch) }
}
