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
            Self.activationCells(
                "r\(figures.layer) \(layer.cell.name)", "\(layer.activation.name) (h_t)", activation: layer.activation,
                figures.hidden)
        }
    }

    /// Two rows per recurrent layer (W_ih, W_hh), in `show weights`' columns.
    func recurrentWeightRows(updateRatios: Bool) -> [[String]] {
        recurrentStatistics.flatMap { layer, figures in
            [("W_ih", layer.weightIH, figures.input), ("W_hh", layer.weightHH, figures.hidden)].map { name, weight, side in
                Self.weightCells(
                    "r\(figures.layer) \(name)", weight, updateRatio: updateRatios ? Format.scientific(side.updateRatio) : "-")
            }
        }
    }

    /// Two rows per recurrent layer (W_ih with b_ih, W_hh with b_hh), in `show stats`' columns.
    func recurrentStatisticsRows() -> [[String]] {
        recurrentStatistics.flatMap { _, figures in
            [("W_ih", figures.input), ("W_hh", figures.hidden)].map { name, side in
                Self.statisticsCells("r\(figures.layer) \(name)", side)
            }
        }
    }
}
