/// A network built from a `NetworkSpec`: the layers in order, and every parameter named as in the
/// equivalent PyTorch `nn.Sequential` (Linear, [BatchNorm1d], activation, …, Linear), after the recurrent
/// front's `rnn.…` tensors when the spec has one.
public final class Network<Scalar: TrainingScalar> {
    public private(set) var spec: NetworkSpec
    public let layers: [any Layer<Scalar>]
    /// The recurrent front's layers, first to last (empty for a multilayer perceptron).
    public let recurrent: [Recurrent<Scalar>]
    public let parameters: [Parameter<Scalar>]
    /// The dense layers in order; user-facing layer i is `dense[i - 1]`, the last is the output layer.
    public let dense: [Dense<Scalar>]
    /// The batch-norm layer of each user-facing layer, if it has one.
    public let batchNorms: [BatchNorm<Scalar>?]
    /// For each user-facing layer, the layer whose activation output statistics describe it.
    let observed: [any Layer<Scalar>]
    public private(set) var batchCapacity = 0
    /// Rows of the dense layers' latest forward pass: how much of their activation buffers is current
    /// (examples × `spec.headRowsPerExample`).
    public internal(set) var lastForwardRows = 0
    /// The dense layers in bands of rows, when all of them can run so (see `RowBandLayer`).
    let rowBandPlan: RowBandPlan<Scalar>?
    /// Batch-normalized dense layers in bands of columns (see `ColumnBandPlan`).
    let columnBandPlan: ColumnBandPlan<Scalar>?
    /// Where the bands split; tests force split points to show that the digits never depend on it.
    var bands = BandChoice.automatic

    /// Builds the layers; call `initialize(using:)` to draw weights.
    public init(spec: NetworkSpec) throws {
        try spec.validate()
        self.spec = spec
        recurrent = spec.recurrent?.makeLayers(inputWidth: spec.inputWidth) ?? []
        var layers: [any Layer<Scalar>] = recurrent
        var dense: [Dense<Scalar>] = []
        var batchNorms: [BatchNorm<Scalar>?] = []
        var observed: [any Layer<Scalar>] = []
        var moduleIndex = 0  // position in the equivalent nn.Sequential, for state_dict names
        func names() -> (String, String) {
            defer { moduleIndex += 1 }
            return ("\(moduleIndex).weight", "\(moduleIndex).bias")
        }
        for (index, layerSpec) in spec.hidden.enumerated() {
            let userLayer = index + 1
            let linear = Dense<Scalar>(
                inputWidth: spec.inputWidth(ofHidden: index), outputWidth: layerSpec.width,
                activation: layerSpec.batchNorm ? .linear : layerSpec.activation,
                hasBias: layerSpec.bias, names: names(), layer: userLayer)
            var block: [any Layer<Scalar>] = [linear]
            var norm: BatchNorm<Scalar>?
            if layerSpec.batchNorm {
                let batchNorm = BatchNorm<Scalar>(
                    width: layerSpec.width, activation: layerSpec.activation, names: names(), layer: userLayer)
                block.append(batchNorm)
                norm = batchNorm
            }
            if layerSpec.activation != .linear { moduleIndex += 1 }  // the activation module has no parameters
            dense.append(linear)
            batchNorms.append(norm)
            observed.append(block[block.count - 1])
            if spec.hasSkip(hidden: index) {
                layers.append(Residual(block: block))
            } else {
                layers.append(contentsOf: block)
            }
        }
        let output = Dense<Scalar>(
            inputWidth: spec.hidden.last?.width ?? spec.denseInputWidth, outputWidth: spec.headOutputWidth,
            activation: .linear, hasBias: spec.outputBias, names: names(), layer: spec.layerCount)
        layers.append(output)
        if spec.headRowsPerExample > 1 {
            let head = StepwiseHead(block: Array(layers.dropFirst(recurrent.count)), steps: spec.headRowsPerExample)
            layers = Array(layers.prefix(recurrent.count)) + [head]
        }
        dense.append(output)
        batchNorms.append(nil)
        observed.append(output)
        self.layers = layers
        self.dense = dense
        self.batchNorms = batchNorms
        self.observed = observed
        parameters = layers.flatMap { $0.parameters }
        rowBandPlan = RowBandPlan(layers.dropFirst(recurrent.count))
        columnBandPlan = ColumnBandPlan(layers.dropFirst(recurrent.count))
    }

    /// Draws every weight from its layer's initializer, in layer order, and resets batch-norm state.
    public func initialize(using rng: inout SeededGenerator) {
        if let initializer = spec.recurrent?.initializer {
            for layer in recurrent { initializer.initialize(layer, using: &rng) }
        }
        for (index, linear) in dense.enumerated() {
            let isOutput = index == spec.hidden.count
            let initializer = isOutput ? spec.outputInitializer : spec.hidden[index].initializer
            initializer.initialize(
                weight: linear.weight.value, bias: linear.bias?.value,
                activation: isOutput ? .linear : spec.hidden[index].activation, using: &rng)
            batchNorms[index]?.resetParameters()
        }
    }

    /// Re-initializes only user-facing layers in `layerNumbers` (1-based), leaving the others as they are.
    public func initialize(layers layerNumbers: some Sequence<Int>, using rng: inout SeededGenerator) {
        for number in layerNumbers where number >= 1 && number <= dense.count {
            let index = number - 1
            let isOutput = index == spec.hidden.count
            let initializer = isOutput ? spec.outputInitializer : spec.hidden[index].initializer
            initializer.initialize(
                weight: dense[index].weight.value, bias: dense[index].bias?.value,
                activation: isOutput ? .linear : spec.hidden[index].activation, using: &rng)
            batchNorms[index]?.resetParameters()
        }
    }

    /// Sizes all buffers for batches of up to `capacity` rows (a no-op if already that size).
    public func allocate(batchCapacity capacity: Int) {
        guard capacity != batchCapacity else { return }
        for layer in layers { layer.allocate(batchCapacity: capacity) }
        batchCapacity = capacity
    }

    /// The output layer's values (logits) for the first `batch` rows of `input`.
    @_specialize(where Scalar == Float)
    public func forward(_ input: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        precondition(batch <= batchCapacity, "batch \(batch) exceeds allocated capacity \(batchCapacity)")
        lastForwardRows = batch * spec.headRowsPerExample
        var h = input
        for layer in recurrent { h = layer.forward(h, batch: batch, mode: mode) }
        if let plan = rowBandPlan, let middle = plan.split(batch: batch, choice: bands) {
            return forwardInBands(h, plan: plan, batch: batch, middle: middle)
        }
        if let plan = columnBandPlan, bands != .none {
            return forwardInColumnBands(h, plan: plan, batch: batch, mode: mode)
        }
        for layer in layers.dropFirst(recurrent.count) { h = layer.forward(h, batch: batch, mode: mode) }
        return h
    }

    /// Fills every parameter gradient from dLoss/dLogits; the input gradient is not computed.
    @_specialize(where Scalar == Float)
    public func backward(_ logitGradient: Matrix<Scalar>, batch: Int) {
        var g = logitGradient
        var below = layers.count  // the layers still to go back through: 0..<below
        if let plan = rowBandPlan, let middle = plan.split(batch: batch, choice: bands) {
            below = recurrent.count
            let needed = below > 0
            guard let next = backwardInBands(g, plan: plan, batch: batch, middle: middle, needsInputGradient: needed) else {
                return
            }
            g = next
        } else if let plan = columnBandPlan, bands != .none {
            below = recurrent.count
            guard let next = backwardInColumnBands(g, plan: plan, batch: batch, needsInputGradient: below > 0) else {
                return
            }
            g = next
        }
        // Index loop rather than enumerated().reversed(), which would allocate an array every step.
        for index in stride(from: below - 1, through: 0, by: -1) {
            guard let next = layers[index].backward(g, batch: batch, needsInputGradient: index > 0) else { return }
            g = next
        }
    }

    /// Whether a training step at this batch is better kept on one core: batch-normalized layers too narrow
    /// for bands of columns (`ColumnBandPlan.Unit.minimumInputWidth`) and no recurrent front. Sharing
    /// anything else of such a step (the optimizer's tensors, the clipping norm's) moves the values across
    /// to the other core and back for too little work: 20 such layers of 64 trained 11% faster alone.
    func prefersOneCore(batch: Int) -> Bool {
        guard recurrent.isEmpty, let plan = columnBandPlan else { return false }
        return !plan.splitsAnyUnit(batch: batch, choice: bands)
    }

    /// The activation output of user-facing layer `number` after the latest forward (nil for linear layers).
    public func activationOutput(layer number: Int) -> Matrix<Scalar>? { observed[number - 1].activationOutput }

    /// The activation applied by user-facing layer `number`.
    public func activation(layer number: Int) -> Activation { observed[number - 1].activation }

    /// Copies parameter values and batch-norm running statistics from a network of the same spec.
    public func copyState<Other: TrainingScalar>(from other: Network<Other>) {
        precondition(other.spec == spec, "copyState needs networks of the same spec")
        for (mine, theirs) in zip(parameters, other.parameters) {
            for i in 0..<mine.count { mine.value.pointer[i] = Scalar(theirs.value.pointer[i]) }
        }
        for (mine, theirs) in zip(batchNorms, other.batchNorms) {
            guard let mine, let theirs else { continue }
            for j in 0..<mine.width {
                mine.runningMean.pointer[j] = Scalar(theirs.runningMean.pointer[j])
                mine.runningVariance.pointer[j] = Scalar(theirs.runningVariance.pointer[j])
            }
            mine.batchesTracked = theirs.batchesTracked
        }
    }

    /// Switches every recurrent layer to truncated BPTT through `steps` steps, or full BPTT when nil,
    /// keeping the weights (see `RecurrentSpec.retruncate`). Does nothing without a recurrent front.
    public func setTruncation(_ steps: Int?) {
        guard spec.recurrent != nil else { return }
        RecurrentSpec.retruncate(self, to: steps)
        spec.recurrent?.truncation = steps
    }
}
