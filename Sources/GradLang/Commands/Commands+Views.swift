import GradCore
import GradSyntax

/// `diagnose`, `plot` and `compare`: the commands that show runs rather than change them.
extension Interpreter {
    func runDiagnose(range: SourceRange) throws {
        let result = try runSession(at: range) { try session.diagnose() }
        for line in DiagnosisRenderer.lines(result.findings, context: result.context, width: options.width(), color: options.color) {
            output.line(line)
        }
    }
}

extension Interpreter {
    /// The style charts draw in now: the terminal's current width, the locale's characters, colour if on.
    var chartStyle: ChartStyle {
        ChartStyle(width: options.width(), unicode: options.unicode, color: options.color, height: options.height())
    }

    func runPlot(_ target: PlotTarget, overTime: Bool, range: SourceRange) throws {
        let style = chartStyle
        let figure: Figure = try runSession(at: range) {
            switch target {
            case .loss:
                let chart = try session.lossChart()
                return Figure(text: chart.lines(style)) { SVGLineChart.render(chart) }
            case .acc:
                let chart = try session.accuracyChart()
                return Figure(text: chart.lines(style)) { SVGLineChart.render(chart) }
            case .gradnorm:
                let chart = try session.gradientNormChart()
                return Figure(text: chart.lines(style)) { SVGLineChart.render(chart) }
            case .grads where overTime:
                let map = try session.gradientHeatMap()
                return Figure(text: map.lines(style)) { SVGHeatMap.render(map) }
            case .grads:
                let chart = try session.layerGradientChart()
                return Figure(text: chart.lines(style)) { SVGBarChart.render(chart) }
            case .acts:
                return Figure(text: try session.activationStrips(style: style).lines(style)) { [session] in
                    try Report.activations(session)
                }
            case .boundary:
                return Figure(text: try session.boundaryMap(style: style).lines(style)) { [session] in
                    try Report.boundaryMap(session)
                }
            }
        }
        output.figure(figure)
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
            guard value > 0, value.isFinite else { throw RuntimeError(.invalidValue, "the loss to reach must be positive", at: expression.range) }
            return value
        }
        for line in session.compareTable(runs, reach: target) { output.line(line) }
        let chart = session.compareChart(runs)
        output.figure(Figure(text: chart.lines(chartStyle)) { SVGLineChart.render(chart) })
    }
}
