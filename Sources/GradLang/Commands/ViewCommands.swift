import GradCore
import GradSyntax

/// `show`, `plot`, `diagnose`, `compare`, `help` and `explain`: the commands that look at the session without
/// changing it.
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

    /// `show TARGET`: a table of the current state; `show grads` also carries a picture for notebooks.
    func show(_ target: ShowTarget, range: SourceRange) throws {
        if target == .grads {
            // The table for the terminal; sinks that show pictures draw the same norms as the report's bars.
            let figure = try runSession(at: range) { () throws -> Figure in
                let chart = try session.layerGradientChart()
                return Figure(text: try session.showGrads()) { SVGBarChart.render(chart) }
            }
            return output.figure(figure)
        }
        let lines: [String] = try runSession(at: range) {
            switch target {
            case .net: return try session.showNet()
            case .grads: return try session.showGrads()
            case .acts: return try session.showActivations()
            case .weights: return try session.showWeights()
            case .stats: return try session.showStats()
            case .clip: return try session.showClip()
            case .settings: return session.showSettings()
            case .data: return try session.showData()
            case .history: return try session.showHistory()
            case .runs: return session.showRuns()
            case .features: return session.showFeatures()
            }
        }
        for line in lines { output.line(line) }
    }

    /// `help`, `help TOPIC`.
    func runHelp(_ topic: HelpTopic?) {
        if let topic { output.line(CommandHelp.entry(for: topic).text(width: options.width())) } else {
            output.line(CommandHelp.overview(width: options.width()))
            output.line("'help <command>' for details and an example; 'explain vanishing' for the ideas")
        }
    }

    /// `explain TOPIC`.
    func runExplain(_ topic: ExplainTopic) {
        for line in session.explain(topic, width: options.width()) { output.line(line) }
    }

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

extension Session {
    /// The named runs side by side.
    public func showRuns() -> [String] {
        guard !runs.isEmpty else { return ["no runs kept yet; 'run \"name\"' keeps the current results"] }
        var table = TextTable(["run", "net", "steps", "loss", "acc", "test acc", "first/last grad", "stop"])
        for run in runs {
            let ratio = (run.gradientNorms.last ?? 0) > 0 ? Format.scientific(run.gradientNorms[0] / run.gradientNorms[run.gradientNorms.count - 1]) : "-"
            var stop = "finished"
            if case .nonFinite(let report)? = run.stop { stop = "NaN at step \(report.step)" } else if run.stop == .interrupted { stop = "interrupted" }
            table.add([
                run.name, run.description, "\(run.steps)", run.loss.map { Format.fixed($0) } ?? "-",
                run.accuracy.map(Format.percent) ?? "-", run.testAccuracy.map(Format.percent) ?? "-", ratio, stop,
            ])
        }
        return table.lines
    }
}
