import Foundation
import GradCore
import GradSyntax

/// A `LineChart` as SVG: one polyline per series (long series averaged down to ≤ 600 points), axes
/// with labelled ticks, a legend, and a log₁₀ y axis when the chart asks for one.
enum SVGLineChart {
    static let width = 720.0, height = 260.0
    static let left = 64.0, right = 12.0, top = 12.0, bottom = 44.0

    static func render(_ chart: LineChart) -> BodyNode {
        let transformed = chart.series.map { series in
            zip(series.xs, series.ys).compactMap { x, y -> (Double, Double)? in
                guard x.isFinite, y.isFinite, !chart.logScale || y > 0 else { return nil }
                return (x, chart.logScale ? GradMath.log10(y) : y)
            }
        }
        let all = transformed.flatMap { $0 }
        guard !all.isEmpty else {
            return SVG.canvas(width: width, height: 40, label: chart.title, [SVG.text("nothing recorded yet", x: 8, y: 24)])
        }
        var (yMin, yMax) = (all.map(\.1).min() ?? 0, all.map(\.1).max() ?? 1)
        if yMin == yMax { (yMin, yMax) = (yMin - 0.5, yMax + 0.5) }
        var (xMin, xMax) = (all.map(\.0).min() ?? 0, all.map(\.0).max() ?? 1)
        if xMin == xMax { (xMin, xMax) = (xMin - 1, xMax + 1) }
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + (yMax - y) / (yMax - yMin) * plotHeight }

        var nodes: [BodyNode] = []
        for tick in ticks(yMin, yMax, log: chart.logScale) {
            nodes.append(SVG.line(left, py(tick), left + plotWidth, py(tick), stroke: "#e4e4e4"))
            nodes.append(SVG.text(label(tick, log: chart.logScale), x: left - 6, y: py(tick) + 4, anchor: "end"))
        }
        for tick in ticks(xMin, xMax, log: false) {
            nodes.append(SVG.line(px(tick), top + plotHeight, px(tick), top + plotHeight + 4))
            nodes.append(SVG.text(Format.number(ChartText.threeDigits(tick)), x: px(tick), y: top + plotHeight + 16, anchor: "middle"))
        }
        nodes.append(SVG.line(left, top, left, top + plotHeight, stroke: "#666"))
        nodes.append(SVG.line(left, top + plotHeight, left + plotWidth, top + plotHeight, stroke: "#666"))
        for (index, points) in transformed.enumerated() {
            let color = SVG.palette[index % SVG.palette.count]
            let reduced = downsample(points, to: 600)
            if reduced.count == 1 || reduced.count <= 12 {
                nodes += reduced.map { SVG.circle(x: px($0.0), y: py($0.1), radius: 3, fill: color) }
            }
            if reduced.count > 1 { nodes.append(SVG.polyline(reduced.map { (px($0.0), py($0.1)) }, stroke: color)) }
        }
        // Legend along the bottom, then the x axis's name.
        var x = left
        for (index, series) in chart.series.enumerated() {
            let color = SVG.palette[index % SVG.palette.count]
            nodes.append(SVG.rect(x: x, y: height - 14, width: 12, height: 4, fill: color))
            nodes.append(SVG.text(series.name, x: x + 16, y: height - 9))
            x += 28 + Double(series.name.count) * 6.2
        }
        nodes.append(SVG.text(chart.xLabel + (chart.logScale ? " (y: log scale)" : ""), x: width - right, y: height - 9, anchor: "end", fill: "#777"))
        return SVG.canvas(width: width, height: height, label: chart.title, nodes)
    }

    /// At most `limit` points: consecutive points averaged in equal groups (long runs have 10⁴ steps).
    static func downsample(_ points: [(Double, Double)], to limit: Int) -> [(Double, Double)] {
        guard points.count > limit else { return points }
        return (0..<limit).map { bucket in
            let slice = points[(bucket * points.count / limit)..<((bucket + 1) * points.count / limit)]
            let count = Double(slice.count)
            return (slice.map(\.0).reduce(0, +) / count, slice.map(\.1).reduce(0, +) / count)
        }
    }

    /// About five round tick values between `low` and `high` (whole decades on a log axis).
    static func ticks(_ low: Double, _ high: Double, log: Bool) -> [Double] {
        if log {
            let first = Int(low.rounded(.up)), last = Int(high.rounded(.down))
            if last - first >= 2 {
                let step = max(1, (last - first + 4) / 5)
                return stride(from: first, through: last, by: step).map(Double.init)
            }
            // Less than two decades: 1, 2 and 5 times the powers of ten inside the range.
            let decades = Int(low.rounded(.down))...Int(high.rounded(.up))
            return decades.flatMap { decade in [1.0, 2, 5].map { GradMath.log10($0) + Double(decade) } }.filter { $0 >= low && $0 <= high }
        }
        let raw = (high - low) / 5
        let magnitude = GradMath.pow(10, floor(GradMath.log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = (low / step).rounded(.up) * step
        return stride(from: first, through: high + step * 1e-9, by: step).map { $0 }
    }

    static func label(_ tick: Double, log: Bool) -> String {
        log ? Format.scientific(ChartText.threeDigits(GradMath.pow(10, tick))).replacingOccurrences(of: ".00e", with: "e")
            : Format.number(ChartText.threeDigits(tick))
    }
}
