import GradSyntax

/// `plot boundary …` and `show clip last N|all`: pictures of the input plane and the per-step clipping table.
extension Interpreter {
    func runBoundary(_ spec: BoundarySpec, range: SourceRange) throws {
        let style = chartStyle
        let figure: Figure
        if let layerExpression = spec.layer, let unitExpression = spec.unit {
            let layer = try integer(layerExpression, what: "the layer number")
            let unit = try integer(unitExpression, what: "the unit number")
            // Checked one at a time so the caret points at the number that is out of range.
            _ = try runSession(at: range) { try session.requirePlane() }
            try runSession(at: layerExpression.range) { try session.checkBoundaryLayer(layer) }
            try runSession(at: unitExpression.range) { try session.checkBoundaryUnit(unit, layer: layer) }
            figure = try runSession(at: range) {
                let map = try session.unitMap(layer: layer, unit: unit, style: style)
                return Figure(text: map.lines(style)) { SVGBoundary.render(map) }
            }
        } else if spec.overTime {
            figure = try runSession(at: range) {
                let panels = try session.boundaryPanels()
                return Figure(text: panels.lines(style)) { SVGBoundary.render(panels) }
            }
        } else {
            figure = try runSession(at: range) {
                Figure(text: try session.boundaryMap(style: style).lines(style)) { [session] in try Report.boundaryMap(session) }
            }
        }
        output.figure(figure)
    }

    func runShowClip(_ rows: ClipRows, range: SourceRange) throws {
        var count: Int?
        if case .last(let expression) = rows { count = try positiveInteger(expression, what: "the number of steps") }
        let lines = try runSession(at: range) { try session.showClip(last: count) }
        for line in lines { output.line(line) }
    }
}
