import GradSyntax

/// One density strip per row (a histogram drawn as shaded cells), with the special zones set apart:
/// `plot acts` shows each layer's activation distribution, saturated outputs in the end cells beyond
/// the separators and ReLU's exact zeros in the first cell.
public struct HistogramStrips: Sendable, Equatable {
    /// One row: bin counts, the zone counts (nil when the row has no such zone), and text either side.
    public struct Strip: Sendable, Equatable {
        public var label: String
        public var below: Int?
        public var bins: [Int]
        public var above: Int?
        /// The range the bins cover (`-1…1`).
        public var range: String
        /// Fractions worth reading (`sat 12.3%`).
        public var note: String

        /// Creates a strip.
        public init(label: String, below: Int?, bins: [Int], above: Int?, range: String, note: String) {
            self.label = label
            self.below = below
            self.bins = bins
            self.above = above
            self.range = range
            self.note = note
        }
    }

    public var title: String
    public var strips: [Strip]
    /// A paragraph printed under the strips (what the zones mean), wrapped to the chart's width.
    public var footer: String

    /// Creates the chart.
    public init(title: String, strips: [Strip], footer: String = "") {
        self.title = title
        self.strips = strips
        self.footer = footer
    }

    /// How many bins fit in `style`'s width next to labels and suffixes of the given widths: what the
    /// caller should ask the histogram for.
    public static func binCount(_ style: ChartStyle, labelWidth: Int, suffixWidth: Int) -> Int {
        // label, space, border, zone cell + separator on both sides, border, space, suffix
        max(8, style.width - labelWidth - 1 - 1 - 4 - 1 - 1 - suffixWidth)
    }

    /// The chart's lines for `style`.
    public func lines(_ style: ChartStyle) -> [String] {
        let labelWidth = strips.map(\.label.count).max() ?? 0
        let rangeWidth = strips.map(\.range.count).max() ?? 0
        let ramp = style.densityRamp
        var lines = TextWrap.lines(title, width: style.width)
        for strip in strips {
            // Bins are shaded against the fullest bin (the shape of the distribution); the zone cells by
            // their share of all outputs, so a half-saturated layer shows a half-dark end cell.
            let peak = max(1, strip.bins.max() ?? 1)
            let total = max(1, strip.bins.reduce(0, +) + (strip.below ?? 0) + (strip.above ?? 0))
            func cell(_ count: Int, of whole: Int) -> String {
                ramp[ChartText.level(Double(count) / Double(whole), levels: ramp.count)]
            }
            let separator = style.zoneSeparator
            let low = strip.below.map { style.paint(cell($0, of: total), "31") + separator } ?? "  "
            let high = strip.above.map { separator + style.paint(cell($0, of: total), "31") } ?? "  "
            let line = ChartText.left(strip.label, labelWidth) + " [" + low
                + strip.bins.map { cell($0, of: peak) }.joined() + high + "] "
                + ChartText.left(strip.range, rangeWidth) + "  " + strip.note
            lines.append(line.trimmingTrailingSpaces())
        }
        return footer.isEmpty ? lines : lines + TextWrap.lines(footer, width: style.width)
    }
}
