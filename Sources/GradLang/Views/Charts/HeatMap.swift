import Foundation
import GradCore
import GradSyntax

/// Rows × time as shaded cells on a log₁₀ scale: `plot grads over time`, one row per layer, so a
/// vanishing gradient shows as a fading band at the top (early layers) and an explosion as a flare.
public struct HeatMap: Sendable, Equatable {
    public var title: String
    public var rowLabels: [String]
    /// `values[row][sample]`; every row has one value per entry of `xs`.
    public var values: [[Double]]
    /// The x of each sample (the step).
    public var xs: [Double]
    public var xLabel: String

    /// Creates a heat map.
    public init(title: String, rowLabels: [String], values: [[Double]], xs: [Double], xLabel: String) {
        self.title = title
        self.rowLabels = rowLabels
        self.values = values
        self.xs = xs
        self.xLabel = xLabel
    }

    /// A cold-to-hot 256-colour ramp (blue → cyan → yellow → red) for the shaded cells when colour is on.
    static let colorRamp = [17, 19, 21, 27, 33, 39, 45, 51, 190, 226, 214, 208, 202, 196]

    /// The chart's lines for `style`.
    public func lines(_ style: ChartStyle) -> [String] {
        let labelWidth = rowLabels.map(\.count).max() ?? 0
        let plotWidth = style.width - labelWidth - 2
        let samples = xs.count
        guard samples > 0, !values.isEmpty else { return TextWrap.lines(title, width: style.width) + ["  (nothing to plot yet)"] }
        let columns = min(samples, plotWidth)
        // Each column is the mean log₁₀ over its samples; nil marks a column with a non-finite sample.
        let cells: [[Double?]] = values.map { row in
            (0..<columns).map { column in
                let range = (column * samples / columns)..<max((column + 1) * samples / columns, column * samples / columns + 1)
                let slice = row[range]
                guard slice.allSatisfy(\.isFinite) else { return nil }
                let logs = slice.map { $0 > 0 ? GradMath.log10($0) : -Double.infinity }
                return logs.contains(-Double.infinity) ? -Double.infinity : logs.reduce(0, +) / Double(logs.count)
            }
        }
        let finite = cells.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0, high = max(finite.max() ?? 1, low + 1e-9)
        let ramp = style.shadeRamp
        func glyph(_ cell: Double?) -> String {
            guard let cell else { return style.paint("!", "1;31") }
            // Zero gradients show as the faintest mark: no data is the only blank.
            let fraction = cell.isFinite ? (cell - low) / (high - low) : 0
            let index = 1 + Int((fraction * Double(ramp.count - 2)).rounded())
            let color = Self.colorRamp[Int((fraction * Double(Self.colorRamp.count - 1)).rounded())]
            return style.paint(ramp[index], "38;5;\(color)")
        }
        var lines = TextWrap.lines(title, width: style.width)
        for (row, label) in rowLabels.enumerated() {
            lines.append(ChartText.right(label, labelWidth) + " " + style.vertical + cells[row].map(glyph).joined())
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        lines.append(indent + style.corner + String(repeating: style.horizontal, count: columns))
        let first = xs[0], last = xs[samples - 1]
        lines.append(indent + " " + ChartText.ruler(
            [(0, Format.number(first)), (columns - 1, Format.number(last))], width: max(columns, 1)))
        let legend = (1..<ramp.count).map { index in
            glyph(low + Double(index - 1) / Double(max(ramp.count - 2, 1)) * (high - low))
        }.joined()
        let text = "x: \(xLabel)  scale: \(Format.scientific(GradMath.pow(10, low))) \(legend) \(Format.scientific(GradMath.pow(10, high)))"
            + " (\(style.unicode ? "log₁₀" : "log10") mean per cell; ! = NaN or inf)"
        return lines + TextWrap.lines(text, width: style.width, indent: indent + " ")
    }
}
