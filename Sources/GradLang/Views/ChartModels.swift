import Foundation
import GradCore
import GradSyntax

/// The chart models behind `plot` (and the HTML report): numbers from the trainer's history, epoch log
/// and activation buffers, arranged as `LineChart`, `LogBarChart`, `HeatMap` and `HistogramStrips`.
public struct ChartModels {
    public let session: Session

    public init(_ session: Session) {
        self.session = session
    }

    // What the view reads, read-only.
    var network: Network<Float>? { session.network }
    var settings: TrainingSettings { session.settings }
    var trainData: Dataset? { session.trainData }
    var trainer: Trainer? { session.trainer }

    /// Train loss per recorded step and test loss per epoch (when the data is split).
    public func lossChart() throws -> LineChart {
        let records = try session.requireHistory()
        let epochs = trainer?.epochLog ?? []
        var series = [LineChart.Series("train (per step)", xs: records.map { Double($0.step) }, ys: records.map(\.loss))]
        let tested = epochs.filter { $0.testLoss != nil }
        if !tested.isEmpty {
            series.append(LineChart.Series("test (per epoch)", xs: tested.map { Double($0.step) }, ys: tested.compactMap(\.testLoss)))
        }
        let values = series.flatMap(\.ys).filter { $0.isFinite && $0 > 0 }
        // A loss that blew up spans decades: a linear axis would flatten everything else to the floor.
        let logScale = (values.max() ?? 1) / max(values.min() ?? 1, 1e-300) > 1e3
        return LineChart(title: "loss over \(records.count) recorded steps", xLabel: "step", series: series, logScale: logScale)
    }

    /// Train accuracy per recorded step (of its batch) and test accuracy per epoch.
    public func accuracyChart() throws -> LineChart {
        let records = try session.requireHistory()
        guard case .classification? = trainData?.task else {
            throw SessionError(.wrongTask, "accuracy needs classification data; this is a regression task", hint: "'plot loss' works for both")
        }
        var series = [LineChart.Series("train batch (per step)", xs: records.map { Double($0.step) }, ys: records.map(\.accuracy))]
        let tested = (trainer?.epochLog ?? []).filter { $0.testAccuracy != nil }
        if !tested.isEmpty {
            series.append(LineChart.Series("test (per epoch)", xs: tested.map { Double($0.step) }, ys: tested.compactMap(\.testAccuracy)))
        }
        return LineChart(title: "accuracy over \(records.count) recorded steps", xLabel: "step", series: series)
    }

    /// The total gradient norm before and after clipping, per recorded step, on a log scale.
    public func gradientNormChart() throws -> LineChart {
        let records = try session.requireHistory()
        let steps = records.map { Double($0.step) }
        let clipped = records.filter { $0.clipCoefficient != 1 }.count
        var series = [LineChart.Series("before clipping", xs: steps, ys: records.map(\.gradientNormBefore))]
        // Without clipping the two curves are one; drawing both would only hide the first.
        if clipped > 0 { series.append(LineChart.Series("after clipping", xs: steps, ys: records.map(\.gradientNormAfter))) }
        return LineChart(
            title: "total gradient norm (clip \(settings.clip.description); it acted on \(clipped) of \(records.count) recorded steps)",
            xLabel: "step", series: series, logScale: true)
    }

    /// Each layer's weight-gradient norm at the latest step, flagged as `show grads` flags it.
    public func layerGradientChart() throws -> LogBarChart {
        let layers = try session.requireStatistics()
        let last = layers.last?.weightGradientNorm ?? 0
        let step = trainer.map { $0.history.isEmpty ? "after 'backward'" : "at step \($0.stepCount)" } ?? ""
        return LogBarChart(
            title: "weight-gradient norm per layer \(step) (log scale)",
            bars: layers.map { layer in
                let ratio = last > 0 ? layer.weightGradientNorm / last : .nan
                return LogBarChart.Bar(Self.layerLabel(layer.layer, of: layers.count), layer.weightGradientNorm,
                                       note: ShowTables.flag(norm: layer.weightGradientNorm, ratioToLast: ratio))
            })
    }

    /// Layer × recorded step weight-gradient norms.
    public func gradientHeatMap() throws -> HeatMap {
        let records = try session.requireHistory()
        let layerCount = records[0].layers.count
        return HeatMap(
            title: "weight-gradient norm per layer over time (layer 1 at the top; faint = small, dark = large)",
            rowLabels: (1...layerCount).map { Self.layerLabel($0, of: layerCount) },
            values: (0..<layerCount).map { index in records.map { $0.layers[index].weightGradientNorm } },
            xs: records.map { Double($0.step) }, xLabel: "step")
    }

    /// Histogram strips of every hidden layer's outputs in the latest forward pass, with as many bins as
    /// `style` leaves room for.
    public func activationStrips(style: ChartStyle) throws -> HistogramStrips {
        let trainer = try session.requireTrainer()
        let network = trainer.network
        let hidden = network.spec.hidden.count
        guard hidden > 0 else { throw SessionError(.noSuchLayer, "the network has no hidden layers to show") }
        let labels = (1...hidden).map { "\(Self.layerLabel($0, of: hidden)) \(network.activation(layer: $0).name)" }
        let labelWidth = labels.map(\.count).max() ?? 0
        // Room after the strip: "-0.99..0.99  sat 100.0%", or "0..123.4  zero 100.0%  dead 100.0%" for ReLU.
        let suffix = network.spec.hidden.contains { $0.activation.canDie } ? 34 : 24
        let bins = HistogramStrips.binCount(style, labelWidth: labelWidth, suffixWidth: suffix)
        return activationStrips(bins: bins, labels: labels, style: style)
    }


    func activationStrips(bins: Int, labels: [String], style: ChartStyle) -> HistogramStrips {
        guard let network, let data = trainData else { return HistogramStrips(title: "", strips: []) }
        network.probe(data, rows: Session.probeRows)
        var strips: [HistogramStrips.Strip] = []
        for number in 1...network.spec.hidden.count {
            guard let histogram = network.activationHistogram(layer: number, bins: bins) else { continue }
            let total = Double(max(histogram.count, 1))
            var notes: [String] = []
            if histogram.hasUpperZone { notes.append("sat \(Format.percent(Double(histogram.below + histogram.above) / total))") }
            if histogram.activation.canDie {
                notes.append("zero \(Format.percent(Double(histogram.below) / total))")
                if let statistics = trainer?.latestLayers, number <= statistics.count {
                    notes.append("dead \(Format.percent(statistics[number - 1].deadFraction))")
                }
            }
            if histogram.nonFinite > 0 { notes.append("\(histogram.nonFinite) NaN/inf") }
            let range = "\(Format.number(ChartText.threeDigits(histogram.lower)))\(style.ellipsis)\(Format.number(ChartText.threeDigits(histogram.upper)))"
            strips.append(HistogramStrips.Strip(
                label: labels[number - 1], below: histogram.hasLowerZone ? histogram.below : nil, bins: histogram.bins,
                above: histogram.hasUpperZone ? histogram.above : nil, range: range, note: notes.joined(separator: "  ")))
        }
        let separator = style.zoneSeparator
        let dead = network.spec.hidden.contains { $0.activation.canDie } ? ", dead as of the latest step" : ""
        return HistogramStrips(
            title: "hidden-layer outputs on the first \(network.lastForwardRows) training rows (evaluation mode\(dead))",
            strips: strips,
            footer: "cells beyond \(separator): outputs within 0.01 of a bound (saturated, slope ~0) or exactly 0 (ReLU, "
                + "no gradient); end cells are shaded by their share of all outputs, bins by the fullest bin; ReLU and "
                + "other unbounded ranges stop at the 99th percentile; dead = units 0 for every row of the last "
                + "training batch")
    }

    /// "layer  3" with the number padded to the widest one, so the numbers line up in charts.
    static func layerLabel(_ number: Int, of count: Int) -> String {
        "layer " + ChartText.right(String(number), String(count).count)
    }
}
