import Foundation
import GradCore
import GradSyntax

/// A `HeatMap` as SVG: one row of cells per layer, one column per group of steps (≤ 240), coloured
/// from dark blue (small gradient) to red (large) on a log₁₀ scale, with a colour key.
enum SVGHeatMap {
    static let width = 720.0, left = 70.0, right = 12.0, top = 8.0, rowHeight = 14.0, bottom = 56.0

    static func render(_ map: HeatMap) -> BodyNode {
        let samples = map.xs.count
        let plotWidth = width - left - right
        let height = top + Double(map.rowLabels.count) * rowHeight + bottom
        guard samples > 0 else { return SVG.canvas(width: width, height: 40, label: map.title, [SVG.text("nothing recorded yet", x: 8, y: 24)]) }
        let columns = min(samples, 240)
        let cells: [[Double?]] = map.values.map { row in
            (0..<columns).map { column in
                let slice = row[(column * samples / columns)..<max((column + 1) * samples / columns, column * samples / columns + 1)]
                guard slice.allSatisfy(\.isFinite) else { return nil }
                let logs = slice.map { GradMath.log10(max($0, 1e-300)) }
                return logs.reduce(0, +) / Double(logs.count)
            }
        }
        let finite = cells.flatMap { $0 }.compactMap { $0 }
        let low = finite.min() ?? 0, high = max(finite.max() ?? 1, low + 1e-9)
        let cellWidth = plotWidth / Double(columns)
        var nodes: [BodyNode] = []
        for (row, label) in map.rowLabels.enumerated() {
            let y = top + Double(row) * rowHeight
            nodes.append(SVG.text(label, x: left - 6, y: y + 11, anchor: "end"))
            for (column, cell) in cells[row].enumerated() {
                let fill = cell.map { SVG.heat(($0 - low) / (high - low)) } ?? "#ff00ff"
                // Cells overlap by half a unit so no hairline gaps show between them.
                nodes.append(SVG.rect(x: left + Double(column) * cellWidth, y: y, width: cellWidth + 0.5, height: rowHeight + 0.5, fill: fill))
            }
        }
        let axis = top + Double(map.rowLabels.count) * rowHeight
        nodes.append(SVG.text(Format.number(map.xs[0]), x: left, y: axis + 14, anchor: "start"))
        nodes.append(SVG.text("\(Format.number(map.xs[samples - 1])) \(map.xLabel)", x: left + plotWidth, y: axis + 14, anchor: "end"))
        // Colour key: twenty swatches from the smallest to the largest value.
        let keyY = axis + 26
        nodes.append(SVG.text(Format.scientific(GradMath.pow(10, low)), x: left - 6, y: keyY + 10, anchor: "end"))
        for index in 0..<20 {
            nodes.append(SVG.rect(x: left + Double(index) * 12, y: keyY, width: 12.5, height: 12, fill: SVG.heat(Double(index) / 19)))
        }
        nodes.append(SVG.text("\(Format.scientific(GradMath.pow(10, high)))  (log scale; magenta = NaN or inf)", x: left + 246, y: keyY + 10))
        return SVG.canvas(width: width, height: height, label: map.title, nodes)
    }
}
