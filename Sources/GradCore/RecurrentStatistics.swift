/// What a recorded step saw in one recurrent layer: its two weight sides as `LayerStatistics` rows, so
/// `show stats` and `show weights` print them beside the dense layers.
///
/// `input` holds W_ih and b_ih, `hidden` W_hh and b_hh. Both carry the same activation figures, those of the
/// hidden states h_t over every step and batch row of the step's forward (tanh-bounded for tanh, LSTM and
/// GRU cells, which can saturate; unbounded for a ReLU RNN, whose units can die).
public struct RecurrentLayerStatistics: Sendable, Equatable {
    /// The 1-based position in the recurrent stack (`r1`, `r2`, … in the tables).
    public var layer: Int
    public var input: LayerStatistics
    public var hidden: LayerStatistics

    init(layer: Int) {
        self.layer = layer
        input = LayerStatistics(layer: layer)
        hidden = LayerStatistics(layer: layer)
    }

    mutating func setStates(_ figures: RecurrentStateFigures) {
        for side in [\RecurrentLayerStatistics.input, \.hidden] {
            self[keyPath: side].activationMean = figures.mean
            self[keyPath: side].activationStd = figures.std
            self[keyPath: side].saturatedFraction = figures.saturated
            self[keyPath: side].deadFraction = figures.dead
        }
    }
}

/// The hidden states' figures of one recurrent layer, as the activation pass measures them.
struct RecurrentStateFigures {
    var mean = 0.0, std = 0.0, saturated = 0.0, dead = 0.0
}

extension StatisticsCollector {
    /// Mean, std, saturation and dead units of every recurrent layer's h_t, all steps and rows: the states
    /// buffer read as (B·T) × H, so a unit is dead when it is 0 at every step of every row.
    func measureRecurrentStates(batch: Int) {
        for (index, layer) in network.recurrent.enumerated() {
            guard let states = layer.buffers.states, batch > 0 else {
                recurrentStates[index] = RecurrentStateFigures()
                continue
            }
            let rows = batch * layer.steps, count = rows * layer.hiddenSize
            let summary = BufferSummary.of(UnsafePointer(states.pointer), count: count)
            let activation = layer.activation
            recurrentStates[index] = RecurrentStateFigures(
                mean: summary.mean, std: summary.std,
                saturated: activation.isBounded ? saturatedFraction(states.pointer, count: count, activation: activation) : 0,
                dead: activation.canDie ? deadFraction(states.pointer, batch: rows, width: layer.hiddenSize) : 0)
        }
    }

    /// The raw gradient figures of each side, from the summaries the gradient pass took of every parameter.
    func observeRecurrentGradients() {
        for (index, parameters) in recurrentIndex.enumerated() {
            recurrentLayers[index].input.setWeightGradient(gradientSummaries[parameters[0]])
            recurrentLayers[index].input.setBiasGradient(gradientSummaries[parameters[2]])
            recurrentLayers[index].hidden.setWeightGradient(gradientSummaries[parameters[1]])
            recurrentLayers[index].hidden.setBiasGradient(gradientSummaries[parameters[3]])
        }
    }

    /// ‖W‖ of each side, with the update ratio when `optimizer` measured the step's update.
    func observeRecurrentWeights(measuredBy optimizer: Optimizer<Scalar>?) {
        for (index, parameters) in recurrentIndex.enumerated() {
            for (side, parameter) in [(\RecurrentLayerStatistics.input, parameters[0]), (\.hidden, parameters[1])] {
                let weights = network.parameters[parameter]
                let norms: (value: Double, change: Double) = optimizer?.updateNorms(parameter: parameter)
                    ?? (BufferSummary.of(UnsafePointer(weights.value.pointer), count: weights.count).norm, 0)
                recurrentLayers[index][keyPath: side].weightNorm = norms.value
                recurrentLayers[index][keyPath: side].updateRatio = norms.value > 0 ? norms.change / norms.value : 0
            }
        }
    }
}
