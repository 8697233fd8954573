import Foundation
import GradSyntax

/// Boundary pictures as SVG: a rect per cell coloured by the predicted class, more opaque where the
/// network is surer (or on the heat scale for values), training points as filled circles and test points
/// hollow; the snapshots of the latest `train` as a row of small panels.
enum SVGBoundary {
    static let side = 420.0, left = 44.0, top = 8.0, legendWidth = 230.0, panelsWidth = 720.0, gap = 12.0

    static func render(_ map: BoundaryMap) -> BodyNode {
        let grid = map.grid
        let aspect = span(grid.yRange) / span(grid.xRange)
        let plotWidth = min(side, side / aspect), plotHeight = plotWidth * aspect
        func px(_ x: Double) -> Double { left + (x - grid.xRange.lowerBound) / span(grid.xRange) * plotWidth }
        func py(_ y: Double) -> Double { top + (grid.yRange.upperBound - y) / span(grid.yRange) * plotHeight }
        var nodes = cells(map.cells, grid, x: left, y: top, width: plotWidth, height: plotHeight)
        for point in map.points.filter({ !$0.isTest }) + map.points.filter(\.isTest) {
            let color = point.label.map { SVG.palette[$0 % SVG.palette.count] } ?? "#222"
            nodes.append(point.isTest
                ? SVG.circle(x: px(point.x), y: py(point.y), radius: 2.6, fill: "#fff", stroke: color)
                : SVG.circle(x: px(point.x), y: py(point.y), radius: 2.6, fill: color, stroke: "#fff", strokeWidth: 0.5))
        }
        let axis = top + plotHeight
        nodes.append(SVG.text(Format.number(ChartText.threeDigits(grid.xRange.lowerBound)), x: left, y: axis + 14))
        nodes.append(SVG.text("\(map.xName) →", x: left + plotWidth / 2, y: axis + 14, anchor: "middle", fill: "#777"))
        nodes.append(SVG.text(Format.number(ChartText.threeDigits(grid.xRange.upperBound)), x: left + plotWidth, y: axis + 14, anchor: "end"))
        nodes.append(SVG.text(Format.number(ChartText.threeDigits(grid.yRange.upperBound)), x: left - 4, y: top + 10, anchor: "end"))
        nodes.append(SVG.text("\(map.yName) ↑", x: left - 4, y: top + plotHeight / 2, anchor: "end", fill: "#777"))
        nodes.append(SVG.text(Format.number(ChartText.threeDigits(grid.yRange.lowerBound)), x: left - 4, y: axis, anchor: "end"))
        nodes += legend(map.cells, x: left + plotWidth + 16, y: top + 12, points: !map.points.isEmpty)
        return SVG.canvas(width: left + plotWidth + legendWidth, height: axis + 24, label: map.title, nodes)
    }

    static func render(_ panels: BoundaryPanels) -> BodyNode {
        guard let first = panels.panels.first else {
            return SVG.canvas(width: panelsWidth, height: 40, label: panels.title, [SVG.text("nothing captured yet", x: 8, y: 24)])
        }
        let count = Double(panels.panels.count)
        let panelWidth = (panelsWidth - gap * (count - 1)) / count
        let panelHeight = panelWidth * span(first.grid.yRange) / span(first.grid.xRange)
        var nodes: [BodyNode] = []
        for (index, panel) in panels.panels.enumerated() {
            let x = Double(index) * (panelWidth + gap)
            nodes.append(SVG.text(panel.caption, x: x, y: 12))
            nodes += cells(panel.cells, panel.grid, x: x, y: 18, width: panelWidth, height: panelHeight)
        }
        nodes += legend(first.cells, x: 0, y: 18 + panelHeight + 16, points: false, horizontal: true)
        return SVG.canvas(width: panelsWidth, height: 18 + panelHeight + 28, label: panels.title, nodes)
    }

    /// The cells of `grid` drawn into the given box, one rect per run of equal colour along a row (a
    /// region is mostly one colour, so this keeps the page small).
    static func cells(_ cells: BoundaryCells, _ grid: BoundaryGrid, x: Double, y: Double, width: Double, height: Double) -> [BodyNode] {
        let cellWidth = width / Double(grid.columns), cellHeight = height / Double(grid.rows)
        var nodes: [BodyNode] = []
        for row in 0..<grid.rows {
            var start = 0
            while start < grid.columns {
                let fill = color(cells, row * grid.columns + start)
                var end = start + 1
                while end < grid.columns, color(cells, row * grid.columns + end) == fill { end += 1 }
                // Runs overlap by half a unit so no hairline gaps show between them (the colours are opaque).
                nodes.append(SVG.rect(x: x + Double(start) * cellWidth, y: y + Double(row) * cellHeight,
                                      width: Double(end - start) * cellWidth + 0.5, height: cellHeight + 0.5, fill: fill))
                start = end
            }
        }
        return nodes
    }

    /// Shades of sureness a class colour takes, from chance level to certainty.
    static let surenessLevels = 6

    /// A cell's colour: its class's, mixed with white from faint (chance level) to strong (certain) in
    /// `surenessLevels` steps — the look of opacity on the page, without overlaps darkening the seams;
    /// or the heat scale for values (magenta: NaN or inf).
    static func color(_ cells: BoundaryCells, _ index: Int) -> String {
        switch cells {
        case .classes(let predicted, let confidence, let classes):
            let chance = 1 / Double(max(classes.count, 2))
            let sureness = min(max((confidence[index] - chance) / (1 - chance), 0), 1)
            let level = (sureness * Double(surenessLevels - 1)).rounded() / Double(surenessLevels - 1)
            return SVG.tint(SVG.palette[predicted[index] % SVG.palette.count], opacity: 0.15 + 0.6 * level)
        case .values(let values, let low, let high):
            guard values[index].isFinite else { return "#ff00ff" }
            return SVG.heat(high > low ? ((values[index] - low) / (high - low) * 24).rounded() / 24 : 0.5)
        }
    }

    /// Class swatches with their names (and the point styles), or the value scale.
    static func legend(_ cells: BoundaryCells, x: Double, y: Double, points: Bool, horizontal: Bool = false) -> [BodyNode] {
        var nodes: [BodyNode] = []
        var (cx, cy) = (x, y)
        func advance(_ text: String) {
            if horizontal { cx += 40 + Double(text.count) * 6.2 } else { cy += 18 }
        }
        switch cells {
        case .classes(_, _, let classes):
            for (label, name) in classes.enumerated() {
                nodes.append(SVG.rect(x: cx, y: cy - 9, width: 12, height: 12, fill: SVG.tint(SVG.palette[label % SVG.palette.count], opacity: 0.75)))
                nodes.append(SVG.text(name, x: cx + 18, y: cy + 1))
                advance(name)
            }
            if points {
                nodes.append(SVG.circle(x: cx + 6, y: cy - 3, radius: 3, fill: "#444", stroke: "#fff", strokeWidth: 0.5))
                nodes.append(SVG.circle(x: cx + 70, y: cy - 3, radius: 3, fill: "#fff", stroke: "#444"))
                nodes.append(SVG.text("train", x: cx + 14, y: cy + 1))
                nodes.append(SVG.text("test", x: cx + 78, y: cy + 1))
                advance("train      test")
            }
            nodes.append(SVG.text("paler = less sure", x: cx, y: cy + 1, fill: "#777"))
        case .values(_, let low, let high):
            nodes.append(SVG.text(Format.number(ChartText.threeDigits(low)), x: cx, y: cy + 1))
            for index in 0..<10 {
                nodes.append(SVG.rect(x: cx + 40 + Double(index) * 10, y: cy - 9, width: 10.5, height: 12, fill: SVG.heat(Double(index) / 9)))
            }
            nodes.append(SVG.text(Format.number(ChartText.threeDigits(high)), x: cx + 146, y: cy + 1))
        }
        return nodes
    }

    private static func span(_ range: ClosedRange<Double>) -> Double { max(range.upperBound - range.lowerBound, 1e-12) }
}
