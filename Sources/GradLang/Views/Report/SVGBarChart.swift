import Foundation
import GradCore
import GradSyntax

/// A `LogBarChart` as SVG: one horizontal bar per layer on a log₁₀ axis with decade grid lines, the
/// value at the bar's end, vanishing bars blue and exploding ones red.
enum SVGBarChart {
    static let width = 720.0, rowHeight = 16.0, left = 70.0, right = 150.0, top = 8.0, bottom = 26.0

    static func render(_ chart: LogBarChart) -> BodyNode {
        let (low, high) = chart.decades
        let plotWidth = width - left - right
        let height = top + Double(chart.bars.count) * rowHeight + bottom
        func px(_ value: Double) -> Double {
            guard value > 0 else { return left }
            return left + min(max((GradMath.log10(value) - Double(low)) / Double(high - low), 0), 1) * plotWidth
        }
        var nodes: [BodyNode] = []
        let step = max(1, (high - low + 7) / 8)
        for decade in stride(from: low, through: high, by: step) {
            let x = left + Double(decade - low) / Double(high - low) * plotWidth
            nodes.append(SVG.line(x, top, x, height - bottom, stroke: "#e4e4e4"))
            nodes.append(SVG.text("1e\(decade)", x: x, y: height - bottom + 14, anchor: "middle"))
        }
        for (index, bar) in chart.bars.enumerated() {
            let y = top + Double(index) * rowHeight
            let color = bar.note == "vanishing" ? "#3b6fd4" : bar.note.isEmpty ? "#6a9f58" : "#d62728"
            let end = bar.value.isFinite ? px(bar.value) : left + plotWidth
            let value = Format.scientific(bar.value)
            nodes.append(SVG.text(bar.label, x: left - 6, y: y + 12, anchor: "end"))
            nodes.append(SVG.rect(x: left, y: y + 2, width: end - left, height: rowHeight - 4, fill: color,
                                  tooltip: "\(bar.label): \(value)"))
            nodes.append(SVG.text(value + (bar.note.isEmpty ? "" : "  \(bar.note)"), x: end + 4, y: y + 12,
                                  fill: bar.note.isEmpty ? "#333" : color))
        }
        nodes.append(SVG.line(left, top, left, height - bottom, stroke: "#666"))
        return SVG.canvas(width: width, height: height, label: chart.title, nodes)
    }
}
