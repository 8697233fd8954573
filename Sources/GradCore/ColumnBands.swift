/// Batch-normalized dense layers in two bands of output columns, one per core.
///
/// Batch norm's statistics run across the rows of a batch, so rows cannot go their own ways as in
/// `RowBandPlan`. Columns can: output column j of Linear → BatchNorm → activation needs the whole input but
/// only row j of W, and its mean, variance, normalization and activation involve column j alone. Going
/// back, column j of the layer's input gradient needs all of the layer above's dPre but only column j of
/// that layer's W, and then γ's, β's, W's and b's gradients of column j follow from it alone. So each core
/// takes half of a layer's columns through the product, the statistics and the activation, and the cores
/// meet once per layer each way, where before the batch norm and the activation ran on one core between
/// products shared by two. Each value is computed by the same operations in the same order as on one core
/// (a column's sums still run over the rows in order), so the digits do not depend on the split.
struct ColumnBandPlan<Scalar: TrainingScalar> {
    /// A Linear layer and the batch norm that follows it, if any.
    struct Unit {
        let linear: Dense<Scalar>
        let norm: BatchNorm<Scalar>?
        var width: Int { linear.outputWidth }
        var output: Matrix<Scalar>? { norm?.bandOutput ?? linear.bandOutput }
    }

    let units: [Unit]

    /// nil unless the layers after the recurrent front are Linear layers, each followed by at most a batch
    /// norm, and at least one batch norm (without one, `RowBandPlan` meets less often).
    init?(_ layers: some Collection<any Layer<Scalar>>) {
        var units: [Unit] = []
        var pending: Dense<Scalar>?
        for layer in layers {
            if let linear = layer as? Dense<Scalar> {
                if let pending { units.append(Unit(linear: pending, norm: nil)) }
                pending = linear
            } else if let norm = layer as? BatchNorm<Scalar>, let linear = pending {
                units.append(Unit(linear: linear, norm: norm))
                pending = nil
            } else {
                return nil
            }
        }
        if let pending { units.append(Unit(linear: pending, norm: nil)) }
        guard units.contains(where: { $0.norm != nil }) else { return nil }
        self.units = units
    }

    /// Whether any unit splits its columns at this batch: when none does, the whole step is better kept
    /// on one core (see `Network.prefersOneCore`).
    func splitsAnyUnit(batch: Int, choice: BandChoice) -> Bool {
        units.contains { $0.split(batch: batch, choice: choice) != nil }
    }
}

extension ColumnBandPlan.Unit {
    /// Below this input width a unit's columns stay on one core. A band's product does I multiply-adds
    /// per value of the layer's output, and the other core then has to fetch half of those values for the
    /// next layer: at I = 128 fetching cost more than the second core saved, at 256 the bands were 14%
    /// faster and at 512 48% (depth 4, batch 64, batch norm after every layer; measured on 2 cores).
    static var minimumInputWidth: Int { 256 }

    /// The column where the unit's second band starts, or nil to keep it on one core. Forward and backward
    /// split alike, so each core finds its columns' values in its own cache. The split falls on a paired
    /// tile (32 columns) where the width allows, so neither core gets a ragged edge.
    func split(batch: Int, choice: BandChoice) -> Int? {
        switch choice {
        case .none: return nil
        case .split(let column): return min(max(column, 0), width)
        case .automatic:
            let panel = FloatProductKernel.columnsPerTile
            guard width >= 4 * panel, linear.inputWidth >= Self.minimumInputWidth, batch >= 2,
                  PairedWork.shared.isParallel else { return nil }
            return (width / 2 + 2 * panel - 1) / (2 * panel) * (2 * panel)
        }
    }

    /// Runs `make(columns)` for the unit's columns: two bands, or all of them on this core.
    func inBands<Job: PairedJob>(batch: Int, choice: BandChoice, _ make: (Range<Int>) -> Job) {
        guard let middle = split(batch: batch, choice: choice) else {
            PairedWork.shared.alone { make(0..<width).run() }
            return
        }
        PairedWork.shared.run(make(0..<middle), alongside: make(middle..<width))
    }
}

/// One band of a unit's columns forward: the product, the statistics, the normalization and the activation.
struct ColumnForward<Scalar: TrainingScalar>: PairedJob {
    let unit: ColumnBandPlan<Scalar>.Unit
    let input: Matrix<Scalar>
    let batch: Int
    let mode: ForwardMode
    let columns: Range<Int>

    @_specialize(where Scalar == Float)
    func run() {
        let pre = unit.linear.forward(input, rows: 0..<batch, columns: columns)
        _ = unit.norm?.forward(pre, batch: batch, columns: columns, mode: mode)
    }
}

/// One band of a unit's columns backward: those columns of dLoss/d(output) from the unit above (or the
/// logits' gradient), then back through the activation and the batch norm, and the parameter gradients
/// of those columns.
struct ColumnBackward<Scalar: TrainingScalar>: PairedJob {
    let unit: ColumnBandPlan<Scalar>.Unit
    /// The unit above, whose dPre and W give this unit's output gradient; nil for the top unit.
    let above: ColumnBandPlan<Scalar>.Unit?
    let logitGradient: Matrix<Scalar>
    let batch: Int
    let columns: Range<Int>

    @_specialize(where Scalar == Float)
    func run() {
        let dOut = above.map {
            $0.linear.inputGradient(from: $0.linear.latestPreActivationGradient, rows: 0..<batch, inputColumns: columns)
        } ?? logitGradient
        let dLinear = unit.norm?.backward(dOut, batch: batch, columns: columns, needsInputGradient: true) ?? dOut
        let dPre = unit.linear.preActivationGradient(dLinear, rows: 0..<batch, columns: columns)
        unit.linear.parameterGradients(from: dPre, batch: batch, columns: columns)
    }
}

extension Network {
    /// The units' forward, each in two bands of columns; returns the logits.
    func forwardInColumnBands(_ input: Matrix<Scalar>, plan: ColumnBandPlan<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        var h = input
        for unit in plan.units {
            unit.inBands(batch: batch, choice: bands) {
                ColumnForward(unit: unit, input: h, batch: batch, mode: mode, columns: $0)
            }
            unit.norm?.countBatch(mode)
            guard let output = unit.output else { preconditionFailure("Network.forward before allocate") }
            h = output
        }
        return h
    }

    /// The units' backward, each in two bands of columns; returns dLoss/d(input of the first unit) when
    /// `needsInputGradient`.
    func backwardInColumnBands(
        _ logitGradient: Matrix<Scalar>, plan: ColumnBandPlan<Scalar>, batch: Int, needsInputGradient: Bool
    ) -> Matrix<Scalar>? {
        for index in stride(from: plan.units.count - 1, through: 0, by: -1) {
            let unit = plan.units[index], above = index + 1 < plan.units.count ? plan.units[index + 1] : nil
            unit.inBands(batch: batch, choice: bands) {
                ColumnBackward(unit: unit, above: above, logitGradient: logitGradient, batch: batch, columns: $0)
            }
        }
        guard needsInputGradient else { return nil }
        let first = plan.units[0].linear
        return first.inputGradient(from: first.latestPreActivationGradient, rows: 0..<batch, inputColumns: 0..<first.inputWidth)
    }
}
