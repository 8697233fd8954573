import GradSyntax

/// The marks boundary pictures are drawn with, shared by the single picture and the snapshot panels so
/// a class looks the same in both.
extension ChartStyle {
    /// Region glyphs, one per class (repeating past eight): light marks, so points stand out on them.
    var regionGlyphs: [String] {
        [unicode ? "·" : ".", "-", "~", ":", "=", "'", "^", ","]
    }

    /// The glyph filling a cell the network assigns to class `label`.
    func regionGlyph(_ label: Int) -> String { regionGlyphs[label % regionGlyphs.count] }

    /// A data point of class `label`: filled shapes for training rows and hollow ones for test rows in
    /// Unicode (four classes; letters beyond), capital letters for training and lower case for test in ASCII.
    func pointGlyph(_ label: Int?, test: Bool) -> String {
        guard let label else { return unicode ? (test ? "○" : "●") : (test ? "o" : "*") }
        if unicode, label < 4 { return test ? ["○", "◇", "△", "□"][label] : ["●", "◆", "▲", "■"][label] }
        let letter = Character(UnicodeScalar(UInt8(65 + label % 26)))
        return test ? String(letter).lowercased() : String(letter)
    }

    /// The colour of class `label` (an SGR number).
    func classColor(_ label: Int) -> String { seriesColor(label) }

    /// A region cell: the class glyph in the class colour, dimmed where the network is unsure.
    func regionCell(_ label: Int, sure: Bool) -> String {
        paint(regionGlyph(label), sure ? classColor(label) : "2;\(classColor(label))")
    }

    /// A point drawn in bold in its class colour.
    func pointCell(_ label: Int?, test: Bool) -> String {
        paint(pointGlyph(label, test: test), "1;\(label.map(classColor) ?? "39")")
    }

    /// A value cell: `fraction` in [0, 1] of the shading range as a shade (blank at the bottom) and, with
    /// colour, the heat map's cold-to-hot ramp.
    func valueCell(_ fraction: Double) -> String {
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0.5
        let ramp = shadeRamp
        let glyph = ramp[Int((clamped * Double(ramp.count - 1)).rounded())]
        let color = HeatMap.colorRamp[Int((clamped * Double(HeatMap.colorRamp.count - 1)).rounded())]
        return glyph == " " ? glyph : paint(glyph, "38;5;\(color)")
    }
}

extension BoundaryCells {
    /// Whether a cell's top probability counts as sure: at least midway between chance (1/classes) and 1.
    static func isSure(_ confidence: Double, classes: Int) -> Bool {
        confidence >= (1 + 1 / Double(max(classes, 1))) / 2
    }

    /// The glyph of cell `index` (no points), as both charts draw it.
    func cell(_ index: Int, _ style: ChartStyle) -> String {
        switch self {
        case .classes(let predicted, let confidence, let classes):
            style.regionCell(predicted[index], sure: Self.isSure(confidence[index], classes: classes.count))
        case .values(let values, let low, let high):
            style.valueCell(high > low ? (values[index] - low) / (high - low) : 0.5)
        }
    }

    /// The legend of the marks: each class's region and point glyphs, or the shade ramp.
    func legend(_ style: ChartStyle, points: Bool) -> String {
        switch self {
        case .classes(_, _, let classes):
            let entries = classes.enumerated().map { label, name in
                let marks = [style.regionCell(label, sure: true)]
                    + (points ? [style.pointCell(label, test: false), style.pointCell(label, test: true)] : [])
                return marks.joined(separator: " ") + " " + name
            }
            return entries.joined(separator: "   ") + (points ? "   (region, train, test)" : "")
        case .values(_, let low, let high):
            let ramp = (0..<style.shadeRamp.count).map { style.valueCell(Double($0) / Double(style.shadeRamp.count - 1)) }
            return "shade: \(Format.number(ChartText.threeDigits(low))) [\(ramp.joined())] \(Format.number(ChartText.threeDigits(high)))"
        }
    }
}
