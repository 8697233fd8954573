import GradCore

/// `diagnose` and `plot`: the commands that show a run rather than change it.
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
            }
        }
        for line in lines { output.line(line) }
    }
}
