/// Computes `LayerStatistics` for every user-facing layer from a network's buffers, without allocating.
///
/// The trainer calls it at three points of a recorded step: after forward (activations), after backward
/// (raw gradients, before clipping) and after the update (weight norms and update ratios).
final class StatisticsCollector<Scalar: TrainingScalar> {
    let network: Network<Scalar>
    /// Indexed by user layer − 1; mutated in place so recording needs no new arrays.
    private(set) var layers: ContiguousArray<LayerStatistics>
    let columnMaximum: UnsafeMutablePointer<Scalar>  // per-unit scratch (column sums), one stretch per core
    /// Per dense layer, then per recurrent layer, the activation figures of the latest pass, kept apart from
    /// `layers` so that the activation pass can run on the helper core while the gradient pass writes `layers`.
    let activationFigures: UnsafeMutablePointer<ActivationFigures>
    /// Per dense layer, then per recurrent layer, the dead-unit fraction.
    let deadFractions: UnsafeMutablePointer<Double>
    /// The recurrent layers' figures, first to last (empty for a multilayer perceptron).
    var recurrentLayers: ContiguousArray<RecurrentLayerStatistics>
    /// For each recurrent layer, where its parameters are in `network.parameters`.
    let recurrentIndex: [RecurrentParameterIndex]
    let widestLayer: Int
    /// For each user layer, the index of its dense weight and bias (−1: none) in `network.parameters`.
    private let weightIndex: [Int]
    private let biasIndex: [Int]
    /// The pieces of `observeActivationsAndGradients`, dealt to the two cores by size.
    let pieces: [StatisticsPiece]
    let pieceShares: WorkShares
    /// Every parameter's raw gradient summary from the latest gradient pass, in `network.parameters` order
    /// (batch-norm parameters too: the clipper takes its squares from here on recorded steps).
    let gradientSummaries: UnsafeMutablePointer<BufferSummary>

    init(network: Network<Scalar>) {
        self.network = network
        layers = ContiguousArray((1...network.dense.count).map(LayerStatistics.init(layer:)))
        widestLayer = max(network.dense.map(\.outputWidth).max() ?? 1, network.recurrent.map(\.hiddenSize).max() ?? 1)
        recurrentLayers = ContiguousArray(network.recurrent.indices.map { RecurrentLayerStatistics(layer: $0 + 1) })
        func index(of parameter: Parameter<Scalar>?) -> Int? { network.parameters.firstIndex { $0 === parameter } }
        recurrentIndex = network.recurrent.map { layer in
            RecurrentParameterIndex(
                weightIH: index(of: layer.weightIH) ?? 0, weightHH: index(of: layer.weightHH) ?? 0,
                biasIH: index(of: layer.biasIH) ?? 0, biasHH: index(of: layer.biasHH) ?? 0)
        }
        columnMaximum = .allocate(capacity: 2 * widestLayer)
        let observed = network.dense.count + network.recurrent.count
        activationFigures = .allocate(capacity: observed)
        activationFigures.initialize(repeating: ActivationFigures(), count: observed)
        deadFractions = .allocate(capacity: observed)
        deadFractions.initialize(repeating: 0, count: observed)
        weightIndex = network.dense.map { index(of: $0.weight) ?? 0 }
        biasIndex = network.dense.map { index(of: $0.bias) ?? -1 }
        gradientSummaries = .allocate(capacity: max(network.parameters.count, 1))
        gradientSummaries.initialize(repeating: .empty, count: max(network.parameters.count, 1))
        pieces = StatisticsPiece.all(of: network)
        pieceShares = WorkShares(sizes: pieces.map { $0.size(in: network) })
    }

    deinit {
        columnMaximum.deallocate()
        activationFigures.deallocate()
        deadFractions.deallocate()
        gradientSummaries.deallocate()
    }

    /// The activation figures and the raw gradient figures of the step just computed: every layer's
    /// activations, dead units and each parameter's gradient are pieces of their own, dealt to the two cores
    /// by size (`StatisticsShare`); each piece reads its own buffers and writes its own storage.
    /// `batch` counts examples; a head run at every time step holds T rows of activations per example.
    func observeActivationsAndGradients(batch: Int) {
        let rows = batch * network.spec.headRowsPerExample
        PairedWork.shared.run(
            StatisticsShare(collector: self, pieces: pieceShares.mine, rows: rows, core: 0),
            alongside: StatisticsShare(collector: self, pieces: pieceShares.theirs, rows: rows, core: 1))
        for index in layers.indices {
            layers[index].setActivations(activationFigures[index], dead: deadFractions[index])
            layers[index].setWeightGradient(gradientSummaries[weightIndex[index]])
            layers[index].setBiasGradient(biasIndex[index] < 0 ? .empty : gradientSummaries[biasIndex[index]])
        }
        observeRecurrentGradients()
        let first = network.dense.count
        for index in recurrentLayers.indices {
            recurrentLayers[index].input.setActivations(activationFigures[first + index], dead: deadFractions[first + index])
            recurrentLayers[index].hidden.setActivations(activationFigures[first + index], dead: deadFractions[first + index])
        }
    }

    /// Mean, std and (for a bounded activation) the saturated fraction of `count` outputs.
    func figures(_ values: UnsafePointer<Scalar>, count: Int, activation: Activation) -> ActivationFigures {
        let summary = BufferSummary.moments(values, count: count)
        return ActivationFigures(
            mean: summary.mean, std: summary.std,
            saturated: activation.isBounded ? saturatedFraction(values, count: count, activation: activation) : 0)
    }

    func saturatedFraction(_ values: UnsafePointer<Scalar>, count: Int, activation: Activation) -> Double {
        var saturated = 0
        for i in 0..<count where activation.isSaturated(output: values[i]) { saturated += 1 }
        return Double(saturated) / Double(max(count, 1))
    }

    /// Units whose output is 0 on every row. ReLU outputs are never negative, so a unit is dead exactly when
    /// its column sums to 0; per-column sums (unlike a NaN-aware max) let the compiler vectorize the loop.
    /// `core` (0 or 1) picks the stretch of scratch, so the two cores can count at once.
    func deadFraction(_ values: UnsafePointer<Scalar>, batch: Int, width: Int, core: Int) -> Double {
        if Scalar.self == Float.self {
            let dead = Self.deadFloatColumns(UnsafeRawPointer(values), batch: batch, width: width)
            return Double(dead) / Double(max(width, 1))
        }
        let columnMaximum = columnMaximum + core * widestLayer
        columnMaximum.update(repeating: 0, count: width)
        for row in 0..<batch {
            let line = values + row * width
            for j in 0..<width { columnMaximum[j] += line[j] }
        }
        var dead = 0
        for j in 0..<width where !(columnMaximum[j] > 0) { dead += 1 }
        return Double(dead) / Double(max(width, 1))
    }

    /// The Float columns whose sum over the rows is not positive. The same sums as the loop above, in the
    /// same order, but 64 columns at a time in registers: through memory, each row's adds waited for the
    /// previous row's stores, and counting dead units cost four times as much as a layer's mean and std.
    static func deadFloatColumns(_ values: UnsafeRawPointer, batch: Int, width: Int) -> Int {
        typealias Lanes = SIMD16<Float>
        let rowBytes = width * 4
        @inline(__always) func load(_ row: Int, _ column: Int) -> Lanes {
            values.loadUnaligned(fromByteOffset: row * rowBytes + column * 4, as: Lanes.self)
        }
        @inline(__always) func notPositive(_ sums: Lanes) -> Int {
            Lanes.scalarCount - Int(Lanes.zero.replacing(with: 1, where: sums .> 0).sum())
        }
        var dead = 0, j0 = 0
        while j0 + 4 * Lanes.scalarCount <= width {
            var s0 = Lanes.zero, s1 = Lanes.zero, s2 = Lanes.zero, s3 = Lanes.zero
            for row in 0..<batch {
                s0 += load(row, j0)
                s1 += load(row, j0 + 16)
                s2 += load(row, j0 + 32)
                s3 += load(row, j0 + 48)
            }
            dead += notPositive(s0) + notPositive(s1) + notPositive(s2) + notPositive(s3)
            j0 += 4 * Lanes.scalarCount
        }
        while j0 + Lanes.scalarCount <= width {
            var sums = Lanes.zero
            for row in 0..<batch { sums += load(row, j0) }
            dead += notPositive(sums)
            j0 += Lanes.scalarCount
        }
        for j in j0..<width {
            var sum: Float = 0
            for row in 0..<batch { sum += values.load(fromByteOffset: row * rowBytes + j * 4, as: Float.self) }
            if !(sum > 0) { dead += 1 }
        }
        return dead
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
