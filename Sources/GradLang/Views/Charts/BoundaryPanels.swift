import GradSyntax

/// Small boundary pictures side by side, each sampled down to fit: `plot boundary over time` shows the
/// regions at a few points of a training run, so one sees them form (or not).
public struct BoundaryPanels: Sendable, Equatable {
    /// One picture with the line above it (`step 120`).
    public struct Panel: Sendable, Equatable {
        public var caption: String
        public var grid: BoundaryGrid
        public var cells: BoundaryCells

        /// Creates a panel.
        public init(caption: String, grid: BoundaryGrid, cells: BoundaryCells) {
            self.caption = caption
            self.grid = grid
            self.cells = cells
        }
    }

    public var title: String
    public var panels: [Panel]
    /// Lines after the legend.
    public var notes: [String]

    /// Creates the chart.
    public init(title: String, panels: [Panel], notes: [String] = []) {
        self.title = title
        self.panels = panels
        self.notes = notes
    }

    /// Columns between two panels.
    static let gap = 2

    /// The chart's lines for `style`.
    public func lines(_ style: ChartStyle) -> [String] {
        guard let first = panels.first else { return TextWrap.lines(title, width: style.width) + ["  (nothing captured yet)"] }
        let count = panels.count
        let width = max(1, min(panels.map(\.grid.columns).max() ?? 1, (style.width - Self.gap * (count - 1)) / count))
        // Every panel keeps its grid's shape at the shared width: rows shrink with the columns.
        let height = max(2, Int((Double(first.grid.rows) * Double(width) / Double(first.grid.columns)).rounded()))
        let spacer = String(repeating: " ", count: Self.gap)
        let glyphs = panels.map { panel in
            panel.cells.sampled(panel.grid.sampling(columns: width, rows: height)).glyphs(count: width * height, style)
        }
        var lines = TextWrap.lines(title, width: style.width)
        lines.append(panels.map { ChartText.left(String($0.caption.prefix(width)), width) }.joined(separator: spacer)
            .trimmingTrailingSpaces())
        for row in 0..<height {
            lines.append(glyphs.map { $0[(row * width)..<((row + 1) * width)].joined() }.joined(separator: spacer)
                .trimmingTrailingSpaces())
        }
        let extent = "x \(Self.range(first.grid.xRange, style)), y \(Self.range(first.grid.yRange, style))"
        lines += TextWrap.lines(first.cells.legend(style, points: false) + "   " + extent, width: style.width, indent: "")
        return lines + notes.flatMap { TextWrap.lines($0, width: style.width, indent: "") }
    }

    private static func range(_ range: ClosedRange<Double>, _ style: ChartStyle) -> String {
        Format.number(ChartText.threeDigits(range.lowerBound)) + style.ellipsis + Format.number(ChartText.threeDigits(range.upperBound))
    }
}

extension BoundaryCells {
    /// The glyph of every cell, in order.
    func glyphs(count: Int, _ style: ChartStyle) -> [String] {
        (0..<count).map { cell($0, style) }
    }
}
