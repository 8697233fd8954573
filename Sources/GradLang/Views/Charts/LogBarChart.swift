import Foundation
import GradCore
import GradSyntax

/// One horizontal bar per row on a log₁₀ scale, with the value and a note after it: `plot grads`
/// (per-layer gradient norms spanning many decades).
public struct LogBarChart: Sendable, Equatable {
    /// A labelled value with an optional note (`vanishing`); `warning` notes are painted when colour is on.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var note: String

        /// Creates a bar.
        public init(_ label: String, _ value: Double, note: String = "") {
            self.label = label
            self.value = value
            self.note = note
        }
    }

    public var title: String
    public var bars: [Bar]

    /// Creates a chart.
    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    /// The decades the axis spans: from the floor of the smallest positive value's log₁₀ to the ceiling
    /// of the largest's (at least one decade).
    var decades: (low: Int, high: Int) {
        let logs = bars.map(\.value).filter { $0 > 0 && $0.isFinite }.map(GradMath.log10)
        guard let smallest = logs.min(), let largest = logs.max() else { return (-1, 0) }
        let low = Int(smallest.rounded(.down)), high = Int(largest.rounded(.up))
        return (low, max(high, low + 1))
    }

    /// The chart's lines for `style`.
    public func lines(_ style: ChartStyle) -> [String] {
        let (low, high) = decades
        let labelWidth = bars.map(\.label.count).max() ?? 0
        let values = bars.map { Format.scientific($0.value) }
        let valueWidth = values.map(\.count).max() ?? 0
        let noteWidth = bars.map(\.note.count).max() ?? 0
        let suffixWidth = 1 + valueWidth + (noteWidth > 0 ? 2 + noteWidth : 0)
        let barWidth = max(10, style.width - labelWidth - 2 - suffixWidth)
        var lines = TextWrap.lines(title, width: style.width)
        for (index, bar) in bars.enumerated() {
            var cells: String
            if !bar.value.isFinite {
                cells = String(repeating: "!", count: barWidth)
            } else if bar.value <= 0 {
                cells = ""
            } else {
                let length = (GradMath.log10(bar.value) - Double(low)) / Double(high - low) * Double(barWidth)
                cells = blocks(length, style)
            }
            let padded = ChartText.left(cells, barWidth)
            let painted = bar.note.isEmpty ? padded : style.paint(padded, bar.note == "vanishing" ? "34" : "31")
            var line = ChartText.right(bar.label, labelWidth) + " " + style.vertical + painted + " "
                + ChartText.right(values[index], valueWidth)
            if !bar.note.isEmpty { line += "  " + bar.note }
            lines.append(line.trimmingTrailingSpaces())
        }
        // Decade ticks, every `step` decades so that their labels ("1e-13") never touch.
        let labelSpace = max("1e\(low)".count, "1e\(high)".count) + 1
        let perDecade = Double(barWidth) / Double(high - low)
        // A step that divides the span, so the last decade (the largest norms) is labelled too.
        var step = max(1, Int((Double(labelSpace) / perDecade).rounded(.up)))
        while (high - low) % step != 0 { step += 1 }
        var axis = Array(repeating: style.horizontal, count: barWidth)
        var labels: [(column: Int, text: String)] = []
        for decade in stride(from: low, through: high, by: step) {
            let column = min(barWidth - 1, Int((Double(decade - low) * perDecade).rounded()))
            if column > 0 { axis[column] = style.axisTick }
            labels.append((column + 1, "1e\(decade)"))
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        lines.append(indent + style.corner + axis.joined())
        lines.append(indent + ChartText.ruler(labels, width: barWidth + 1 + suffixWidth))
        return lines
    }

    /// A bar of `length` cells: whole blocks, then the nearest eighth (Unicode) or rounded (ASCII).
    private func blocks(_ length: Double, _ style: ChartStyle) -> String {
        let clamped = max(0, length)
        guard style.unicode else { return String(repeating: style.fullBlock, count: Int(clamped.rounded())) }
        var whole = Int(clamped)
        var eighths = Int(((clamped - Double(whole)) * 8).rounded())
        if eighths == 8 { whole += 1; eighths = 0 }
        return String(repeating: style.fullBlock, count: whole) + style.partialBlocks[eighths]
    }
}
