/// `plot boundary …` and `show clip last N|all`: pictures of the input plane and the per-step clipping table.
extension Interpreter {
    func runBoundary(_ spec: BoundarySpec, range: SourceRange) throws {
        let style = chartStyle
        let lines: [String]
        if let layerExpression = spec.layer, let unitExpression = spec.unit {
            let layer = try integer(layerExpression, what: "the layer number")
            let unit = try integer(unitExpression, what: "the unit number")
            // Checked one at a time so the caret points at the number that is out of range.
            _ = try runSession(at: range) { try session.requirePlane() }
            try runSession(at: layerExpression.range) { try session.checkBoundaryLayer(layer) }
            try runSession(at: unitExpression.range) { try session.checkBoundaryUnit(unit, layer: layer) }
            lines = try runSession(at: range) { try session.unitMap(layer: layer, unit: unit, style: style).lines(style) }
        } else if spec.overTime {
            lines = try runSession(at: range) { try session.boundaryPanels().lines(style) }
        } else {
            lines = try runSession(at: range) { try session.boundaryMap(style: style).lines(style) }
        }
        for line in lines { output.line(line) }
    }

    func runShowClip(_ rows: ClipRows, range: SourceRange) throws {
        var count: Int?
        if case .last(let expression) = rows { count = try positiveInteger(expression, what: "the number of steps") }
        let lines = try runSession(at: range) { try session.showClip(last: count) }
        for line in lines { output.line(line) }
    }
}
