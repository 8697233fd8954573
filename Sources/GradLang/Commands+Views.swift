import GradCore

/// `diagnose`, `plot` and `compare`: the commands that show runs rather than change them.
extension Interpreter {
    func runDiagnose(range: SourceRange) throws {
        let result = try runSession(at: range) { try session.diagnose() }
        for line in DiagnosisRenderer.lines(result.findings, context: result.context, color: options.color) {
            output.line(line)
        }
    }
}

extension Interpreter {
    /// The style charts draw in now: the terminal's current width, the locale's characters, colour if on.
    var chartStyle: ChartStyle {
        ChartStyle(width: options.width(), unicode: options.unicode, color: options.color)
    }

    func runPlot(_ target: PlotTarget, overTime: Bool, range: SourceRange) throws {
        let style = chartStyle
        let lines: [String] = try runSession(at: range) {
            switch target {
            case .loss: return try session.lossChart().lines(style)
            case .acc: return try session.accuracyChart().lines(style)
            case .gradnorm: return try session.gradientNormChart().lines(style)
            case .grads: return overTime ? try session.gradientHeatMap().lines(style) : try session.layerGradientChart().lines(style)
            case .acts: return try session.activationStrips(style: style).lines(style)
            case .boundary: return try session.boundaryMap(style: style).lines(style)
            }
        }
        for line in lines { output.line(line) }
    }
}

extension Interpreter {
    func runCompare(_ names: [Expr], reach: Expr?, range: SourceRange) throws {
        var runs: [NamedRun] = []
        for expression in names {
            let name = try string(expression, what: "a run name")
            runs += try runSession(at: expression.range) { try session.runsNamed([name]) }
        }
        if names.isEmpty { runs = try runSession(at: range) { try session.runsNamed([]) } }
        let target = try reach.map { expression -> Double in
            let value = try number(expression, what: "the loss to reach")
            guard value > 0, value.isFinite else { throw RuntimeError("the loss to reach must be positive", at: expression.range) }
            return value
        }
        for line in session.compareTable(runs, reach: target) { output.line(line) }
        for line in session.compareChart(runs).lines(chartStyle) { output.line(line) }
    }
}
