import GradCore
import GradSyntax

/// `show clip`'s per-step table: what clipping did at each recorded step.
extension ShowTables {
    /// One row per recorded step, the last `count` of them (nil: all): the total gradient norm before
    /// and after clipping, the coefficient the gradients were scaled by, and whether clipping acted.
    /// Steps from before the current clip mode was set are left out: they were clipped by another rule.
    func clipSteps(_ history: StatisticsHistory, last count: Int?) -> [String] {
        // Records are in step order: find where the current mode's steps begin.
        var start = history.count
        while start > 0, history.record(at: start - 1).step > clipModeSince { start -= 1 }
        let available = history.count - start
        guard available > 0 else { return clipModeSince > 0 ? ["no recorded steps since the clip mode was set at step \(clipModeSince)"] : [] }
        let first = count.map { max(start, history.count - $0) } ?? start
        var table = TextTable(["step", "norm before", "norm after", "coefficient", "acted"])
        for index in first..<history.count {
            let record = history.record(at: index)
            table.add([
                "\(record.step)", Format.scientific(record.gradientNormBefore), Format.scientific(record.gradientNormAfter),
                Format.number(record.clipCoefficient), record.clipCoefficient != 1 ? "yes" : "",
            ])
        }
        let shown = history.count - first
        let since = clipModeSince > 0 ? " since the clip mode was set at step \(clipModeSince)" : ""
        let footer = shown == available
            ? "all \(Format.count(shown, "recorded step"))\(since)"
            : "the last \(shown) of \(available) recorded steps\(since); 'show clip last N' or 'show clip all' for more"
        return table.lines + [footer]
    }
}
