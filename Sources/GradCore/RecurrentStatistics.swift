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
}

/// Where a recurrent layer's four tensors are in `network.parameters`.
struct RecurrentParameterIndex {
    var weightIH: Int, weightHH: Int, biasIH: Int, biasHH: Int
}

extension StatisticsCollector {
    /// Mean, std and saturation of recurrent layer `index`'s h_t over all steps and rows of `examples`
    /// sequences, stored after the dense layers' figures.
    func measureRecurrentStates(layer index: Int, examples: Int) {
        let layer = network.recurrent[index], slot = network.dense.count + index
        guard let states = layer.buffers.states, examples > 0 else {
            activationFigures[slot] = ActivationFigures()
            return
        }
        activationFigures[slot] = figures(
            states.pointer, count: examples * layer.steps * layer.hiddenSize, activation: layer.activation)
    }

    /// The dead units of recurrent layer `index` if its activation can die: the states buffer read as
    /// (B·T) × H, so a unit is dead when it is 0 at every step of every row.
    func measureRecurrentDeadUnits(layer index: Int, examples: Int, core: Int) {
        let layer = network.recurrent[index], slot = network.dense.count + index
        guard layer.activation.canDie, let states = layer.buffers.states, examples > 0 else {
            deadFractions[slot] = 0
            return
        }
        deadFractions[slot] = deadFraction(
            states.pointer, batch: examples * layer.steps, width: layer.hiddenSize, core: core)
    }

    /// The raw gradient figures of each side, from the summaries the gradient pass took of every parameter.
    func observeRecurrentGradients() {
        for (index, parameters) in recurrentIndex.enumerated() {
            recurrentLayers[index].input.setWeightGradient(gradientSummaries[parameters.weightIH])
            recurrentLayers[index].input.setBiasGradient(gradientSummaries[parameters.biasIH])
            recurrentLayers[index].hidden.setWeightGradient(gradientSummaries[parameters.weightHH])
            recurrentLayers[index].hidden.setBiasGradient(gradientSummaries[parameters.biasHH])
        }
    }

    /// ‖W‖ of each side, with the update ratio when `optimizer` measured the step's update.
    func observeRecurrentWeights(measuredBy optimizer: Optimizer<Scalar>?) {
        for (index, parameters) in recurrentIndex.enumerated() {
            for (side, parameter) in [(\RecurrentLayerStatistics.input, parameters.weightIH), (\.hidden, parameters.weightHH)] {
                let weights = network.parameters[parameter]
                let norms: (value: Double, change: Double) = optimizer?.updateNorms(parameter: parameter)
                    ?? (BufferSummary.of(UnsafePointer(weights.value.pointer), count: weights.count).norm, 0)
                recurrentLayers[index][keyPath: side].weightNorm = norms.value
                recurrentLayers[index][keyPath: side].updateRatio = norms.value > 0 ? norms.change / norms.value : 0
            }
        }
    }
}
