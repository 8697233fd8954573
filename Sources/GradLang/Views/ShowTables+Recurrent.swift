import GradCore
import GradSyntax

/// The rows `show acts`, `show weights` and `show stats` list for a recurrent front, before the dense layers
/// (as `show net` does): `r1`, `r2`, … are the recurrent layers, each with its input side (W_ih, b_ih)
/// and its hidden side (W_hh, b_hh); the activation figures are the hidden states h_t over every step.
extension ShowTables {
    var recurrentStatistics: [(layer: Recurrent<Float>, figures: RecurrentLayerStatistics)] {
        guard let network, let trainer else { return [] }
        return Array(zip(network.recurrent, trainer.latestRecurrentLayers))
    }

    /// One row per recurrent layer, in `show acts`' columns.
    func recurrentActivationRows() -> [[String]] {
        recurrentStatistics.map { layer, figures in
            let activation = layer.activation, states = figures.hidden
            return [
                "r\(figures.layer) \(layer.cell.name)", "\(activation.name) (h_t)", Format.number(states.activationMean),
                Format.number(states.activationStd),
                activation.isBounded ? Format.percent(states.saturatedFraction) : "-",
                activation.canDie ? Format.percent(states.deadFraction) : "-",
            ]
        }
    }

    /// Two rows per recurrent layer (W_ih, W_hh), in `show weights`' columns.
    func recurrentWeightRows(updateRatios: Bool) -> [[String]] {
        recurrentStatistics.flatMap { layer, figures -> [[String]] in
            let sides: [(String, Parameter<Float>, LayerStatistics)] = [
                ("W_ih", layer.weightIH, figures.input), ("W_hh", layer.weightHH, figures.hidden),
            ]
            return sides.map { name, weight, side in
                let summary = BufferSummary.of(UnsafePointer(weight.value.pointer), count: weight.count)
                return [
                    "r\(figures.layer) \(name)", "\(weight.value.rows)x\(weight.value.cols)", Format.number(summary.norm),
                    Format.number(summary.mean), Format.number(Self.standardDeviation(weight.value.values, mean: summary.mean)),
                    Format.number(summary.maxMagnitude), updateRatios ? Format.scientific(side.updateRatio) : "-",
                ]
            }
        }
    }

    /// Two rows per recurrent layer (W_ih with b_ih, W_hh with b_hh), in `show stats`' columns.
    func recurrentStatisticsRows() -> [[String]] {
        recurrentStatistics.flatMap { _, figures in
            [("W_ih", figures.input), ("W_hh", figures.hidden)].map { name, side in
                ["r\(figures.layer) \(name)"] + Array(Self.statisticsCells(side).dropFirst())
            }
        }
    }

    /// Two-pass population std: the one-pass formula cancels badly for near-constant weights (init constant).
    static func standardDeviation(_ values: [Float], mean: Double) -> Double {
        let squares = values.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +)
        return (squares / Double(max(values.count, 1))).squareRoot()
    }
}
