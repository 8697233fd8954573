import GradCore
import GradSyntax

/// `actstd(i)`, `gradstd(i)`, `bgrad(i)`, `update(i)`: one number per layer from the statistics of the last step
/// (`train`, `step` or `backward`), so scripts can show how a signal changes with depth — the tables of
/// `show acts`, `show grads` and `show weights` as values.
extension Interpreter {
    /// `read` applied to layer `argument`'s statistics (1-based; negative counts from the output layer).
    func layerStatistic(_ argument: Expr, range: SourceRange, _ read: (LayerStatistics) -> Double) throws -> Double {
        let index = try integer(argument, what: "the layer number")
        let layers = try runSession(at: range) { try session.requireStatistics() }
        let resolved = index < 0 ? layers.count + index + 1 : index
        guard index != 0, resolved >= 1, resolved <= layers.count else {
            throw RuntimeError(.noSuchLayer, "there is no layer \(index); layers are 1 to \(layers.count) (or -1 for the last)", at: argument.range)
        }
        return read(layers[resolved - 1])
    }

    /// `update(i)`: only a real training step has an update to measure.
    func updateRatio(_ argument: Expr, range: SourceRange) throws -> Double {
        guard session.trainer?.history.isEmpty == false else {
            throw RuntimeError(.notReady, "'update' needs a training step; 'backward' computes gradients without updating",
                               at: range, notes: [Note("train first, e.g. 'train 1'")])
        }
        return try layerStatistic(argument, range: range) { $0.updateRatio }
    }
}
