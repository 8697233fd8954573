import GradCore
import GradSyntax

/// `show`, `plot`, `diagnose`, `compare`, `help` and `explain`: the commands that look at the session without
/// changing it.
extension Interpreter {
    func runDiagnose(range: SourceRange) throws {
        let result = try runSession(at: range) { try SessionDiagnosis(session).diagnose() }
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
                let chart = try ChartModels(session).lossChart()
                return Figure(text: chart.lines(style)) { SVGLineChart.render(chart) }
            case .acc:
                let chart = try ChartModels(session).accuracyChart()
                return Figure(text: chart.lines(style)) { SVGLineChart.render(chart) }
            case .gradnorm:
                let chart = try ChartModels(session).gradientNormChart()
                return Figure(text: chart.lines(style)) { SVGLineChart.render(chart) }
            case .grads where overTime:
                let map = try ChartModels(session).gradientHeatMap()
                return Figure(text: map.lines(style)) { SVGHeatMap.render(map) }
            case .grads:
                let chart = try ChartModels(session).layerGradientChart()
                return Figure(text: chart.lines(style)) { SVGBarChart.render(chart) }
            case .acts:
                return Figure(text: try ChartModels(session).activationStrips(style: style).lines(style)) { [session] in
                    try Report.activations(session)
                }
            case .boundary:
                return Figure(text: try BoundaryModels(session).boundaryMap(style: style).lines(style)) { [session] in
                    try Report.boundaryMap(session)
                }
            case .time where overTime:
                let map = try TimeViews(session).timeHeatMap()
                return Figure(text: map.lines(style)) { SVGHeatMap.render(map) }
            case .time:
                let chart = try TimeViews(session).timeChart()
                return Figure(text: chart.lines(style)) { SVGBarChart.render(chart) }
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
            runs += try runSession(at: expression.range) { try CompareView(session).runsNamed([name]) }
        }
        if names.isEmpty { runs = try runSession(at: range) { try CompareView(session).runsNamed([]) } }
        let target = try reach.map { expression -> Double in
            let value = try number(expression, what: "the loss to reach")
            guard value > 0, value.isFinite else { throw RuntimeError(.invalidValue, "the loss to reach must be positive", at: expression.range) }
            return value
        }
        for line in CompareView(session).compareTable(runs, reach: target) { output.line(line) }
        let chart = CompareView(session).compareChart(runs)
        output.figure(Figure(text: chart.lines(chartStyle)) { SVGLineChart.render(chart) })
    }

    /// `show TARGET`: a table of the current state; `show grads` also carries a picture for notebooks.
    func show(_ target: ShowTarget, range: SourceRange) throws {
        let tables = ShowTables(session)
        if target == .grads {
            // The table for the terminal; sinks that show pictures draw the same norms as the report's bars.
            let figure = try runSession(at: range) { () throws -> Figure in
                let chart = try ChartModels(session).layerGradientChart()
                return Figure(text: try tables.showGrads() + TimeViews(session).gradientRows()) { SVGBarChart.render(chart) }
            }
            return output.figure(figure)
        }
        let lines: [String] = try runSession(at: range) {
            switch target {
            case .net: return try tables.showNet()
            case .grads: return try tables.showGrads()
            case .acts: return try tables.showActivations()
            case .weights: return try tables.showWeights()
            case .stats: return try tables.showStats()
            case .clip: return try tables.showClip()
            case .settings: return tables.showSettings()
            case .data: return try tables.showData()
            case .history: return try tables.showHistory()
            case .runs: return tables.showRuns()
            case .features: return tables.showFeatures()
            case .time: return try TimeViews(session).showTime()
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
        for line in Explanation(session).explain(topic, width: options.width()) { output.line(line) }
    }

    func runBoundary(_ spec: BoundarySpec, range: SourceRange) throws {
        let style = chartStyle
        let figure: Figure
        if let layerExpression = spec.layer, let unitExpression = spec.unit {
            let layer = try integer(layerExpression, what: "the layer number")
            let unit = try integer(unitExpression, what: "the unit number")
            // Checked one at a time so the caret points at the number that is out of range.
            _ = try runSession(at: range) { try BoundaryModels(session).requirePlane() }
            try runSession(at: layerExpression.range) { try BoundaryModels(session).checkBoundaryLayer(layer) }
            try runSession(at: unitExpression.range) { try BoundaryModels(session).checkBoundaryUnit(unit, layer: layer) }
            figure = try runSession(at: range) {
                let map = try BoundaryModels(session).unitMap(layer: layer, unit: unit, style: style)
                return Figure(text: map.lines(style)) { SVGBoundary.render(map) }
            }
        } else if spec.overTime {
            figure = try runSession(at: range) {
                let panels = try BoundaryModels(session).boundaryPanels()
                return Figure(text: panels.lines(style)) { SVGBoundary.render(panels) }
            }
        } else {
            figure = try runSession(at: range) {
                Figure(text: try BoundaryModels(session).boundaryMap(style: style).lines(style)) { [session] in try Report.boundaryMap(session) }
            }
        }
        output.figure(figure)
    }

    func runShowClip(_ rows: ClipRows, range: SourceRange) throws {
        var count: Int?
        if case .last(let expression) = rows { count = try positiveInteger(expression, what: "the number of steps") }
        let lines = try runSession(at: range) { try ShowTables(session).showClip(last: count) }
        for line in lines { output.line(line) }
    }
}
