import GradCore

/// `show clip`'s per-step table: what clipping did at each recorded step.
extension Session {
    /// Steps `show clip` lists without `last N` or `all`.
    public static let clipRowsShown = 15

    /// One row per recorded step, the last `count` of them (nil: all): the total gradient norm before
    /// and after clipping, the coefficient the gradients were scaled by, and whether clipping acted.
    func clipSteps(_ history: StatisticsHistory, last count: Int?) -> [String] {
        guard history.count > 0 else { return [] }
        let first = count.map { max(0, history.count - $0) } ?? 0
        var table = TextTable(["step", "norm before", "norm after", "coefficient", "acted"])
        for index in first..<history.count {
            let record = history.record(at: index)
            table.add([
                "\(record.step)", Format.scientific(record.gradientNormBefore), Format.scientific(record.gradientNormAfter),
                Format.number(record.clipCoefficient), record.clipCoefficient != 1 ? "yes" : "",
            ])
        }
        let shown = history.count - first
        let footer = shown == history.count
            ? "all \(shown) recorded step\(shown == 1 ? "" : "s")"
            : "the last \(shown) of \(history.count) recorded steps; 'show clip last N' or 'show clip all' for more"
        return table.lines + [footer]
    }
}
