import Foundation
import GradCore
import GradSyntax

/// The input plane of 2-D data as a grid of characters: `plot boundary` (each cell the class the network
/// predicts there, the data points on top) and `plot boundary layer L unit U` (one unit's output shaded,
/// TensorFlow Playground's neuron pictures).
public struct BoundaryMap: Sendable, Equatable {
    public var title: String
    public var grid: BoundaryGrid
    public var cells: BoundaryCells
    public var points: [BoundaryPoint]
    /// The raw columns across and up (`x1`, `x2`, or a CSV file's names).
    public var xName: String
    public var yName: String
    /// Lines after the legend (what the inputs are, what the shading means).
    public var notes: [String]

    /// Creates a picture.
    public init(title: String, grid: BoundaryGrid, cells: BoundaryCells, points: [BoundaryPoint] = [],
                xName: String = "x", yName: String = "y", notes: [String] = []) {
        self.title = title
        self.grid = grid
        self.cells = cells
        self.points = points
        self.xName = xName
        self.yName = yName
        self.notes = notes
    }

    /// At most this share of the cells carries a point, so the regions stay visible under dense data.
    static let pointDensity = 4

    /// The y-axis labels: the top edge, a round value near the middle and the bottom edge of `yRange`.
    static func yLabels(_ yRange: ClosedRange<Double>) -> [String] {
        [yRange.upperBound, roundMiddle(yRange), yRange.lowerBound].map { Format.number(ChartText.threeDigits($0)) }
    }

    /// The middle of `range` rounded to a tenth of the span's decade (0 rather than 0.00473 for -1.3…1.3).
    static func roundMiddle(_ range: ClosedRange<Double>) -> Double {
        let middle = (range.lowerBound + range.upperBound) / 2, span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return middle }
        let unit = GradMath.pow(10, (GradMath.log10(span)).rounded(.down) - 1)
        return (middle / unit).rounded() * unit
    }

    /// Columns left for cells in `style` next to the labels of `yRange`: what the grid should be sized to.
    public static func plotColumns(_ style: ChartStyle, yRange: ClosedRange<Double>) -> Int {
        style.width - (yLabels(yRange).map(\.count).max() ?? 0) - 2
    }

    /// The chart's lines for `style`.
    public func lines(_ style: ChartStyle) -> [String] {
        var glyphs = cells.glyphs(count: grid.count, style)
        let every = max(1, Int((Double(points.count) / Double(max(grid.count / Self.pointDensity, 1))).rounded(.up)))
        // Test points go on top: they are fewer, and where they land is what generalization is about.
        let shown = stride(from: 0, to: points.count, by: every).map { points[$0] }
        for point in shown.filter({ !$0.isTest }) + shown.filter(\.isTest) {
            if let index = grid.cell(x: point.x, y: point.y) { glyphs[index] = style.pointCell(point.label, test: point.isTest) }
        }
        let labels = Self.yLabels(grid.yRange)
        let labelWidth = labels.map(\.count).max() ?? 0
        let middleRow = Int(((grid.yRange.upperBound - Self.roundMiddle(grid.yRange)) / (grid.yRange.upperBound - grid.yRange.lowerBound)
            * Double(grid.rows)).rounded(.down))
        // Top, middle and bottom rows, as far as a short picture has distinct ones.
        var labelled = [grid.rows - 1: labels[2]]
        if grid.rows > 2 { labelled[min(max(middleRow, 1), grid.rows - 2)] = labels[1] }
        labelled[0] = labels[0]
        var lines = TextWrap.lines(title, width: style.width)
        for row in 0..<grid.rows {
            let axis = labelled[row].map { ChartText.right($0, labelWidth) + " " + style.tick }
                ?? String(repeating: " ", count: labelWidth + 1) + style.vertical
            lines.append(axis + glyphs[(row * grid.columns)..<((row + 1) * grid.columns)].joined())
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        lines.append(indent + style.corner + String(repeating: style.horizontal, count: grid.columns))
        let (low, high) = (grid.xRange.lowerBound, grid.xRange.upperBound)
        let middle = Self.roundMiddle(grid.xRange)
        lines.append(indent + " " + ChartText.ruler([
            (0, Format.number(ChartText.threeDigits(low))),
            (Int(((middle - low) / (high - low) * Double(grid.columns)).rounded(.down)), Format.number(ChartText.threeDigits(middle))),
            (grid.columns - 1, Format.number(ChartText.threeDigits(high))),
        ], width: grid.columns))
        var legend = cells.legend(style, points: !points.isEmpty) + "   x: \(xName), y: \(yName)"
        if every > 1 { legend += "; every \(Self.ordinal(every)) point shown" }
        var footer = TextWrap.lines(legend, width: style.width, indent: indent + " ")
        if case .values(let values, let low, let high) = cells {
            footer.append(indent + " " + Self.valueSummary(values, low: low, high: high, style))
        }
        return lines + footer + notes.flatMap { TextWrap.lines($0, width: style.width, indent: indent + " ") }
    }

    /// The range of `values`, and "flat" when it is within 1% of the shading range (or of the values'
    /// own size): a dead unit (all zero) or a saturated one (all near a bound) shows as a flat picture.
    static func valueSummary(_ values: [Double], low: Double, high: Double, _ style: ChartStyle) -> String {
        let finite = values.filter(\.isFinite)
        guard let smallest = finite.min(), let largest = finite.max() else { return "no finite values" }
        let range = "\(Format.number(smallest))\(style.ellipsis)\(Format.number(largest))"
        let nonFinite = values.count - finite.count
        let suffix = nonFinite > 0 ? "; \(nonFinite) cells NaN or inf" : ""
        return (isFlat(values, low: low, high: high) ? "flat: all values within " : "values ") + range + suffix
    }

    /// Whether the finite `values` spread over at most 1% of the shading range `low…high` or of their own size.
    static func isFlat(_ values: [Double], low: Double, high: Double) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let smallest = finite.min(), let largest = finite.max() else { return false }
        return largest - smallest <= 0.01 * max(high - low, abs(smallest), abs(largest), 1e-12)
    }

    /// "2nd", "3rd", "4th"…
    static func ordinal(_ number: Int) -> String {
        let suffix = (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }
}
