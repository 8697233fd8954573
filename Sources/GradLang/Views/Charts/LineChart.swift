import Foundation
import GradCore
import GradSyntax

/// One or more series over a shared x axis, drawn as a marker per column (the mean of the points that
/// fall in it), with y on a linear or a log₁₀ scale: `plot loss`, `plot acc`, `plot gradnorm`, `compare`.
public struct LineChart: Sendable, Equatable {
    /// A named series of (x, y) points; non-finite points (and, on a log scale, non-positive ones) are skipped.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var xs: [Double]
        public var ys: [Double]

        /// Creates a series from matching x and y lists.
        public init(_ name: String, xs: [Double], ys: [Double]) {
            self.name = name
            self.xs = xs
            self.ys = ys
        }
    }

    public var title: String
    /// What x counts, for the legend (`step`).
    public var xLabel: String
    public var series: [Series]
    public var logScale: Bool
    /// Rows of the plot area.
    public var height: Int

    /// Creates a chart.
    public init(title: String, xLabel: String, series: [Series], logScale: Bool = false, height: Int = 10) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
        self.logScale = logScale
        self.height = max(height, 3)
    }

    /// The chart's lines for `style`.
    public func lines(_ style: ChartStyle) -> [String] {
        let plotted = series.map { one in
            zip(one.xs, one.ys).compactMap { x, y -> (Double, Double)? in
                guard x.isFinite, y.isFinite, !logScale || y > 0 else { return nil }
                return (x, logScale ? GradMath.log10(y) : y)
            }
        }
        let all = plotted.flatMap { $0 }
        guard let first = all.first else { return TextWrap.lines(title, width: style.width) + ["  (nothing to plot yet)"] }
        var (yMin, yMax) = all.reduce((first.1, first.1)) { (min($0.0, $1.1), max($0.1, $1.1)) }
        if yMin == yMax {
            let pad = logScale ? 0.5 : max(abs(yMin) * 0.1, 0.5)
            (yMin, yMax) = (yMin - pad, yMax + pad)
        }
        var (xMin, xMax) = all.reduce((first.0, first.0)) { (min($0.0, $1.0), max($0.1, $1.0)) }
        // A single step: put it in the middle of a range around it.
        if xMin == xMax { (xMin, xMax) = (xMin - 1, xMax + 1) }

        let middleRow = (height - 1) / 2
        let labels = [0: axisLabel(yMax), middleRow: axisLabel((yMin + yMax) / 2), height - 1: axisLabel(yMin)]
        let labelWidth = labels.values.map(\.count).max() ?? 1
        let plotWidth = style.width - labelWidth - 2
        var grid = Array(repeating: Array(repeating: " ", count: plotWidth), count: height)
        // The first series is drawn last, so where curves meet the one listed first stays visible.
        for (index, points) in plotted.enumerated().reversed() {
            var columns: [Int: (sum: Double, count: Int)] = [:]
            for (x, y) in points {
                let column = Int(((x - xMin) / (xMax - xMin) * Double(plotWidth - 1)).rounded())
                let cell = columns[column] ?? (0, 0)
                columns[column] = (cell.sum + y, cell.count + 1)
            }
            let marker = style.paint(style.markers[index % style.markers.count], style.seriesColor(index))
            for (column, cell) in columns {
                let y = cell.sum / Double(cell.count)
                let row = Int(((yMax - y) / (yMax - yMin) * Double(height - 1)).rounded())
                grid[row][column] = marker
            }
        }
        var lines = TextWrap.lines(title, width: style.width)
        for (row, cells) in grid.enumerated() {
            let label = labels[row].map { ChartText.right($0, labelWidth) + " " + style.tick }
                ?? String(repeating: " ", count: labelWidth + 1) + style.vertical
            lines.append((label + cells.joined()).trimmingTrailingSpaces())
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        lines.append(indent + style.corner + String(repeating: style.horizontal, count: plotWidth))
        // The middle label is a round x near the centre, placed at the column that x maps to.
        let centre = (xMin + xMax) / 2
        let xMiddle = xMax - xMin >= 10 ? centre.rounded() : ChartText.threeDigits(centre)
        let middleColumn = Int(((xMiddle - xMin) / (xMax - xMin) * Double(plotWidth - 1)).rounded())
        lines.append(indent + " " + ChartText.ruler(
            [(0, Format.number(xMin)), (middleColumn, Format.number(ChartText.threeDigits(xMiddle))), (plotWidth - 1, Format.number(xMax))],
            width: plotWidth))
        var legend = series.enumerated().map { index, one in
            style.paint(style.markers[index % style.markers.count], style.seriesColor(index)) + " " + one.name
        }.joined(separator: "  ")
        legend += "   x: \(xLabel)" + (logScale ? ", y: log scale" : "")
        return lines + TextWrap.lines(legend, width: style.width, indent: indent + " ")
    }

    private func axisLabel(_ value: Double) -> String {
        logScale ? Format.scientific(GradMath.pow(10, value)) : Format.number(value)
    }
}
