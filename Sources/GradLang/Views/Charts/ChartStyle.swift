import Foundation
import GradCore
import GradSyntax

/// How a terminal chart may draw: its width in columns, Unicode or plain ASCII, and whether ANSI colour
/// is allowed. Charts are pure functions of their numbers and a style, so tests fix all three.
public struct ChartStyle: Sendable, Equatable {
    /// Total columns a chart line may use (labels included).
    public var width: Int
    /// Block and box-drawing characters; false falls back to ASCII for non-UTF-8 locales.
    public var unicode: Bool
    /// ANSI colour escapes around marks; off for pipes, files and tests.
    public var color: Bool
    /// Rows of the terminal, which a tall chart (the decision boundary) fits into so its title stays on
    /// screen; nil when output is not a terminal, where the chart takes its natural height.
    public var height: Int?

    /// Creates a style; widths below 40 columns are raised to 40 so every chart still fits its labels.
    public init(width: Int = 80, unicode: Bool = false, color: Bool = false, height: Int? = nil) {
        self.width = max(width, 40)
        self.unicode = unicode
        self.color = color
        self.height = height
    }

    /// Vertical axis, axis tick, corner and horizontal axis.
    var vertical: String { unicode ? "│" : "|" }
    var tick: String { unicode ? "┤" : "+" }
    var corner: String { unicode ? "└" : "+" }
    var horizontal: String { unicode ? "─" : "-" }
    var axisTick: String { unicode ? "┬" : "+" }

    /// Series markers, in the order series are given.
    var markers: [String] { unicode ? ["●", "○", "◆", "◇", "▲", "△", "■", "□"] : ["*", "o", "#", "x", "+", "@", "%", "&"] }

    /// Density ramps, lightest first; the first entry is "nothing".
    var densityRamp: [String] {
        unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
    }
    var shadeRamp: [String] {
        unicode ? [" ", "·", "░", "▒", "▓", "█"] : [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
    }

    /// A full bar cell and the partial cells for eighths of one (ASCII has no partial cells).
    var fullBlock: String { unicode ? "█" : "#" }
    var partialBlocks: [String] { unicode ? ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"] : [""] }

    /// Separates the saturation cells from the interior of a histogram strip.
    var zoneSeparator: String { unicode ? "┃" : "|" }
    var ellipsis: String { unicode ? "…" : ".." }

    /// ANSI foreground colours used in turn for series.
    static let seriesColors = [36, 33, 35, 32, 34, 31]

    /// `text` wrapped in the colour `code` (an SGR number or a 256-colour `38;5;N`), when colour is on.
    func paint(_ text: String, _ code: String) -> String {
        color && !text.isEmpty && text != " " ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The colour of series `index`.
    func seriesColor(_ index: Int) -> String { String(Self.seriesColors[index % Self.seriesColors.count]) }
}

/// Small text helpers shared by the charts.
enum ChartText {
    /// `text` padded with spaces on the left to `width` characters.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `text` padded with spaces on the right to `width` characters.
    static func left(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// A line of `width` cells with `labels` placed at their columns (later labels are dropped when they
    /// would touch an earlier one); a label at the last column is right-aligned to end there.
    static func ruler(_ labels: [(column: Int, text: String)], width: Int) -> String {
        var cells = Array(repeating: Character(" "), count: width)
        var free = 0
        for (column, text) in labels {
            var start = column
            if start + text.count > width { start = width - text.count }
            guard start >= free, start >= 0 else { continue }
            for (offset, character) in text.enumerated() { cells[start + offset] = character }
            free = start + text.count + 1
        }
        return String(cells).trimmingTrailingSpaces()
    }

    /// `value` rounded to 3 significant digits, for axis and range labels.
    static func threeDigits(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let scale = GradMath.pow(10, 2 - floor(GradMath.log10(abs(value))))
        return (value * scale).rounded() / scale
    }

    /// A level in 0..<levels for `fraction` in [0, 1]; anything above 0 gets at least level 1 so that a
    /// single value stays visible.
    static func level(_ fraction: Double, levels: Int) -> Int {
        guard fraction > 0 else { return 0 }
        return min(levels - 1, max(1, Int((fraction * Double(levels - 1)).rounded())))
    }
}
