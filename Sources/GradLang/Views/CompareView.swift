import Foundation
import GradCore
import GradSyntax

/// `compare`: kept runs side by side, as a table and as overlaid loss curves.
public struct CompareView {
    public let session: Session

    public init(_ session: Session) {
        self.session = session
    }

    private var runs: [NamedRun] { session.runs }

    /// The runs named `names` in that order (all kept runs when empty), or an error naming the missing one.
    func runsNamed(_ names: [String]) throws -> [NamedRun] {
        guard !runs.isEmpty else {
            throw SessionError(.noSuchRun, "no runs are kept yet", hint: "'run \"name\"' keeps the current results; 'sweep' keeps one per cell")
        }
        guard !names.isEmpty else { return runs }
        return try names.map { name in
            guard let run = runs.first(where: { $0.name == name }) else {
                let close = Suggestion.closest(to: name, in: runs.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw SessionError(.noSuchRun, "there is no run named '\(name)'\(close)",
                                   hint: "kept runs: \(runs.map(\.name).joined(separator: ", "))")
            }
            return run
        }
    }

    /// The loss a `compare` measures "steps to reach" against: halfway on a log scale from the typical
    /// starting loss to the best final loss, so the fastest learner reaches it well before its end.
    static func defaultReachTarget(_ runs: [NamedRun]) -> Double? {
        let starts = runs.compactMap { $0.lossCurve.first?.1 }.filter { $0.isFinite && $0 > 0 }
        let finals = runs.compactMap(\.loss).filter { $0.isFinite && $0 > 0 }
        guard let best = finals.min(), !starts.isEmpty else { return nil }
        let start = Diagnosis.median(starts)
        return ChartText.threeDigits((start * best).squareRoot())
    }

    /// The first step at which the 10-step running mean of a run's loss is at most `target`.
    static func stepsToReach(_ target: Double, in curve: [(Int, Double)]) -> Int? {
        var window: [Double] = []
        for (step, loss) in curve {
            window.append(loss)
            if window.count > 10 { window.removeFirst() }
            if window.reduce(0, +) / Double(window.count) <= target { return step }
        }
        return nil
    }

    /// The comparison table of `runs` as lines, with a note on the default target.
    public func compareTable(_ runs: [NamedRun], reach: Double?) -> [String] {
        let (table, note) = comparison(runs, reach: reach)
        return table.lines + (note.map { [$0] } ?? [])
    }

    /// The comparison of `runs` as a table, with steps measured against `reach` (or the default target),
    /// and a note explaining the target when it was chosen automatically.
    public func comparison(_ runs: [NamedRun], reach: Double?) -> (table: TextTable, note: String?) {
        let target = reach ?? Self.defaultReachTarget(runs)
        let reachHeader = target.map { "steps to \(Format.number($0))" } ?? "steps to reach"
        // Recurrent runs add the time ratio, the through-time analogue of the layer ratio.
        let recurrent = runs.contains { $0.timeRatio != nil }
        var table = TextTable(["run", "net", "steps", "loss", "acc", "test acc", reachHeader, "layer 1 / last ‖∇W‖"]
                              + (recurrent ? [NamedRun.timeRatioHeader] : []) + ["stop"])
        for run in runs {
            let reached = target.map { Self.stepsToReach($0, in: run.lossCurve).map(String.init) ?? "never" } ?? "-"
            var row: [String] = [
                run.name, run.description, "\(run.steps)", run.loss.map { Format.fixed($0) } ?? "-",
                run.accuracy.map(Format.percent) ?? "-", run.testAccuracy.map(Format.percent) ?? "-", reached,
                run.layerRatioText,
            ]
            if recurrent { row.append(run.timeRatioText) }
            table.add(row + [run.stopText])
        }
        let note = target != nil && reach == nil
            ? "steps to reach: first step whose 10-step mean loss is at most the target ('reach X' to choose it)" : nil
        return (table, note)
    }

    /// Every run's loss per recorded step on one chart (log scale when the losses span three decades).
    public func compareChart(_ runs: [NamedRun]) -> LineChart {
        let series = runs.map { run in
            LineChart.Series(run.name, xs: run.lossCurve.map { Double($0.0) }, ys: run.lossCurve.map(\.1))
        }
        let values = series.flatMap(\.ys).filter { $0.isFinite && $0 > 0 }
        let logScale = (values.max() ?? 1) / max(values.min() ?? 1, 1e-300) > 1e3
        return LineChart(title: "loss per recorded step", xLabel: "step", series: series, logScale: logScale, height: 12)
    }
}

/// A kept run's cells in the `compare` and `sweep` tables.
extension NamedRun {
    static let timeRatioHeader = "step 1 / T ‖∂L/∂h‖"

    /// Layer 1's weight-gradient norm over the last layer's, or "-".
    var layerRatioText: String {
        guard gradientNorms.count > 1, let last = gradientNorms.last, last > 0 else { return "-" }
        return Format.scientific(gradientNorms[0] / last)
    }

    /// The time ratio of a recurrent run, or "-".
    var timeRatioText: String { timeRatio.map(Format.scientific) ?? "-" }

    /// How the run ended.
    var stopText: String {
        if case .nonFinite(let report)? = stop { return "NaN at step \(report.step)" }
        return stop == .interrupted ? "interrupted" : "finished"
    }
}
