/// The dense layers in two bands of batch rows, one per core.
///
/// In a network of dense layers (and residual blocks of them) rows never meet on the way forward, nor on
/// the way back to the inputs: row b's activations depend only on row b's input, and its dLoss/dx only on
/// its own dLoss/dOut. So each core takes half of the rows through all the layers and the cores meet once
/// per pass, instead of sharing every layer's small product and waiting for each other at each one (at
/// 64×64×64, the waits took more than a quarter of the helper's time). The sums that do run across rows,
/// the weight and bias gradients, wait until the bands have met; each is then one product (or one row
/// loop) over the whole batch, exactly as without bands, and the layers' products are dealt to the two
/// cores whole. Every output is computed by the same operations in the same order either way, so the
/// digits do not depend on the split or on the number of cores. Batch norm, whose statistics run across
/// rows, and the head at every time step keep the layer-by-layer path.
protocol RowBandLayer<Scalar>: Layer {
    /// Whether forward and the input gradient treat each row on its own.
    var isRowIndependent: Bool { get }
    /// Multiply-adds per row of the layer's products, to deal the weight gradients evenly to the cores.
    var bandCost: Int { get }
    /// The matrix forward writes (`rows` of it per band).
    var bandOutput: Matrix<Scalar>? { get }
    /// The matrix the input gradient is written into.
    var bandInputGradient: Matrix<Scalar>? { get }
    /// Forward for `rows` of `input`, writing the same rows of the layer's buffers.
    func forward(_ input: Matrix<Scalar>, rows: Range<Int>) -> Matrix<Scalar>
    /// Back through the activation and to the input for `rows`; the parameter gradients wait.
    func backward(_ outputGradient: Matrix<Scalar>, rows: Range<Int>, needsInputGradient: Bool) -> Matrix<Scalar>?
    /// The parameter gradients over the first `batch` rows, once every band's backward is done.
    func parameterGradients(batch: Int)
}

/// Where the dense layers split into bands of rows (`RowBandPlan`) or of columns (`ColumnBandPlan`): decided
/// by the amount of work, or forced by tests.
enum BandChoice: Equatable {
    case automatic
    /// Every layer over the whole batch, its products shared between the cores one at a time.
    case none
    /// Two bands, the second starting at this row or column (clamped to the batch or the layer's width).
    case split(at: Int)
}

/// The dense layers' plan: which layers run in bands, and how their weight gradients are dealt to the cores.
struct RowBandPlan<Scalar: TrainingScalar> {
    let layers: [any RowBandLayer<Scalar>]
    /// Indices into `layers` whose parameter gradients each core computes, balanced by cost.
    let shares: WorkShares
    let costPerRow: Int
    let largestCost: Int

    /// nil unless every layer after the recurrent front can run in bands.
    init?(_ layers: some Collection<any Layer<Scalar>>) {
        var banded: [any RowBandLayer<Scalar>] = []
        for layer in layers {
            guard let layer = layer as? any RowBandLayer<Scalar>, layer.isRowIndependent else { return nil }
            banded.append(layer)
        }
        guard !banded.isEmpty else { return nil }
        self.layers = banded
        shares = WorkShares(sizes: banded.map(\.bandCost))
        costPerRow = shares.total
        largestCost = banded.map(\.bandCost).max() ?? 0
    }

    /// The row where the second band starts, or nil to run layer by layer: bands need two rows, a second
    /// core, enough work to be worth a hand-over, and weights small enough to be read twice.
    func split(batch: Int, choice: BandChoice) -> Int? {
        switch choice {
        case .none: return nil
        case .split(let row): return min(max(row, 0), batch)
        case .automatic:
            guard batch >= 2, PairedWork.shared.isParallel, batch * costPerRow >= MatrixProduct.splitThreshold,
                  largestCost < Self.largestSharedWeights else {
                return nil
            }
            return batch / 2
        }
    }

    /// Both bands read every weight. A layer of 2¹⁸ weights (1 MB of Float; a residual block's layers count
    /// together, as in `largestCost`) no longer stays in a core's L2 cache from step to step, and reading it
    /// on both cores cost more than the bands save: at depth 4, width 512, batch 64, layer by layer (each
    /// product's output tiles shared) ran 12–14% faster in alternating runs; at width 256 and below, bands
    /// stay ahead.
    static var largestSharedWeights: Int { 1 << 18 }

    /// The weight gradients after the bands: whole products dealt to the two cores, unless one is large
    /// enough to share its own tiles better (a 1024-wide layer beside a 10-wide one would leave a core idle).
    func parameterGradients(batch: Int) {
        if largestCost * batch >= 8 * MatrixProduct.splitThreshold {
            for layer in layers { layer.parameterGradients(batch: batch) }
        } else {
            PairedWork.shared.run(
                ParameterGradientShare(plan: self, indices: shares.mine, batch: batch),
                alongside: ParameterGradientShare(plan: self, indices: shares.theirs, batch: batch))
        }
    }
}

/// One band's pass through the dense layers, lent to a core by value (`PairedWork`).
struct DenseBand<Scalar: TrainingScalar>: PairedJob {
    enum Pass {
        case forward(Matrix<Scalar>)
        /// Backward from dLoss/dLogits; the first layer's input gradient only when something precedes it.
        case backward(Matrix<Scalar>, needsInputGradient: Bool)
    }

    let plan: RowBandPlan<Scalar>
    let pass: Pass
    let rows: Range<Int>

    // Specialised for Float: the helper core reaches this through `PairedJob`'s metatype, where the generic
    // body would run through value witnesses.
    @_specialize(where Scalar == Float)
    func run() {
        switch pass {
        case .forward(let input):
            var h = input
            for layer in plan.layers { h = layer.forward(h, rows: rows) }
        case .backward(let logitGradient, let needsInputGradient):
            var g = logitGradient
            for index in stride(from: plan.layers.count - 1, through: 0, by: -1) {
                let needed = index > 0 || needsInputGradient
                guard let next = plan.layers[index].backward(g, rows: rows, needsInputGradient: needed) else { return }
                g = next
            }
        }
    }
}

/// One core's share of the layers' parameter gradients.
struct ParameterGradientShare<Scalar: TrainingScalar>: PairedJob {
    let plan: RowBandPlan<Scalar>
    let indices: [Int]
    let batch: Int

    @_specialize(where Scalar == Float)
    func run() {
        for index in indices { plan.layers[index].parameterGradients(batch: batch) }
    }
}

extension Network {
    /// The dense layers' forward over rows 0..<batch in two bands; returns the logits.
    func forwardInBands(_ input: Matrix<Scalar>, plan: RowBandPlan<Scalar>, batch: Int, middle: Int) -> Matrix<Scalar> {
        PairedWork.shared.run(
            DenseBand(plan: plan, pass: .forward(input), rows: 0..<middle),
            alongside: DenseBand(plan: plan, pass: .forward(input), rows: middle..<batch))
        guard let logits = plan.layers[plan.layers.count - 1].bandOutput else {
            preconditionFailure("Network.forward before allocate")
        }
        return logits
    }

    /// The dense layers' backward in two bands, then their parameter gradients; returns dLoss/d(input of
    /// the first dense layer) when `needsInputGradient`.
    func backwardInBands(
        _ logitGradient: Matrix<Scalar>, plan: RowBandPlan<Scalar>, batch: Int, middle: Int, needsInputGradient: Bool
    ) -> Matrix<Scalar>? {
        let pass = DenseBand<Scalar>.Pass.backward(logitGradient, needsInputGradient: needsInputGradient)
        PairedWork.shared.run(
            DenseBand(plan: plan, pass: pass, rows: 0..<middle),
            alongside: DenseBand(plan: plan, pass: pass, rows: middle..<batch))
        plan.parameterGradients(batch: batch)
        return needsInputGradient ? plan.layers[0].bandInputGradient : nil
    }
}
