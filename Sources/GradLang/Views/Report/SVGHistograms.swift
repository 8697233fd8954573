import GradSyntax

/// `HistogramStrips` as SVG: a small histogram per hidden layer, the interior bins grey and the
/// saturated or zero outputs as red bars beyond dashed separators, with the layer's numbers beside it.
enum SVGHistograms {
    static let width = 720.0, rowHeight = 44.0, left = 120.0, zone = 14.0, plotWidth = 400.0

    static func render(_ strips: HistogramStrips) -> BodyNode {
        let height = Double(strips.strips.count) * rowHeight + 8
        var nodes: [BodyNode] = []
        for (row, strip) in strips.strips.enumerated() {
            let top = 4 + Double(row) * rowHeight, base = top + rowHeight - 10
            let total = Double(max(1, strip.bins.reduce(0, +) + (strip.below ?? 0) + (strip.above ?? 0)))
            let peak = Double(max(1, strip.bins.max() ?? 1))
            nodes.append(SVG.text(strip.label, x: left - 8, y: base - 8, anchor: "end"))
            let binWidth = plotWidth / Double(max(strip.bins.count, 1))
            let start = left + zone + 4
            for (index, count) in strip.bins.enumerated() where count > 0 {
                let barHeight = Double(count) / peak * (rowHeight - 14)
                nodes.append(SVG.rect(x: start + Double(index) * binWidth, y: base - barHeight, width: binWidth - 0.5,
                                      height: barHeight, fill: "#7a8ea8"))
            }
            // Zone bars are scaled by their share of all outputs: a full-height bar means every output.
            if let below = strip.below {
                let share = Double(below) / total
                nodes.append(SVG.rect(x: left, y: base - share * (rowHeight - 14), width: zone, height: share * (rowHeight - 14),
                                      fill: "#d62728", tooltip: "\(Format.percent(share)) saturated or zero"))
                nodes.append(SVG.line(start - 2, top + 2, start - 2, base, stroke: "#d62728", dashed: true))
            }
            if let above = strip.above {
                let share = Double(above) / total
                let x = start + plotWidth + 4
                nodes.append(SVG.rect(x: x, y: base - share * (rowHeight - 14), width: zone, height: share * (rowHeight - 14),
                                      fill: "#d62728", tooltip: "\(Format.percent(share)) saturated"))
                nodes.append(SVG.line(x - 2, top + 2, x - 2, base, stroke: "#d62728", dashed: true))
            }
            nodes.append(SVG.line(left, base, start + plotWidth + zone + 4, base, stroke: "#999"))
            nodes.append(SVG.text(strip.range, x: start + plotWidth / 2, y: base + 9, anchor: "middle", size: 9, fill: "#777"))
            nodes.append(SVG.text(strip.note, x: start + plotWidth + zone + 14, y: base - 8))
        }
        return SVG.canvas(width: width, height: height, label: strips.title, nodes)
    }
}
