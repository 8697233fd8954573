import GradCore
import GradSyntax

extension ShowTables {
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

    /// `features` and `show features`: what the network sees and what could be chosen.
    public func showFeatures() -> [String] {
        guard let raw = rawTrainData else {
            return ["no data yet; for 2-D data choose from: \(Session.availableFeatures)"]
        }
        guard raw.inputCount == 2 else {
            return ["the data's own \(raw.inputCount) columns (\(raw.featureNames.joined(separator: ", "))); computed features need 2-D data"]
        }
        let chosen = inputFeatures?.features ?? [.x, .y]
        var lines = ["features: \(chosen.map(\.rawValue).joined(separator: " ")) (\(chosen.count) network input\(chosen.count == 1 ? "" : "s"))"]
        lines.append(inputFeatures == nil ? "the raw coordinates; choose from: \(Session.availableFeatures)"
                                          : "computed from the raw x, y; choose from: \(Session.availableFeatures)")
        if standardization != nil { lines.append("standardized after the features are computed") }
        return lines
    }
}
