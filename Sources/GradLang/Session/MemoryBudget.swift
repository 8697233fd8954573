import GradCore
import GradSyntax

/// Memory estimates for what a command is about to allocate, checked against `SessionLimits.memoryBytes`
/// before anything is allocated: an absurd width, batch or training length becomes an error that states
/// the estimate and the limit, instead of a process the kernel (or Swift's allocator) kills.
///
/// The estimates are deliberately generous and computed in `Double`, so a width of 10¹² cannot overflow
/// the arithmetic that is meant to refuse it.
extension Session {
    /// Throws when `bytes`, the estimate for `what` ("this network", "a batch of 5000000 rows"), passes
    /// the limit; `hint` says what to make smaller.
    func checkMemory(_ bytes: Double, for what: String, hint: String) throws {
        guard !(bytes <= limits.memoryBytes) else { return }
        throw SessionError(
            .limitExceeded, "\(what) would need about \(Format.bytes(bytes)) of memory, over the limit of \(Format.bytes(limits.memoryBytes))",
            hint: "\(hint) (\(limits.memoryNote))")
    }

    /// Bytes for a network of `spec` training on batches of `rows`: values, gradients, a snapshot and up
    /// to two optimizer buffers per parameter, and about six activation-sized buffers per layer.
    static func networkBytes(_ spec: NetworkSpec, batchRows rows: Int) -> Double {
        let widest = Double(max(spec.hidden.map(\.width).max() ?? 0, spec.inputWidth, spec.outputWidth))
        return spec.parameterEstimate * 4 * 5 + Double(rows) * widest * Double(spec.layerCount) * 4 * 6
    }

    /// The rows a batch really holds: the batch size, but never more than the data has.
    func batchRows(for data: Dataset?) -> Int {
        max(1, min(settings.batchSize, data?.count ?? settings.batchSize))
    }

    /// Refuses a network (with the current batch size on the current data) that would pass the limit.
    func checkNetworkSize(_ spec: NetworkSpec) throws {
        let rows = batchRows(for: trainData)
        try checkMemory(Self.networkBytes(spec, batchRows: rows), for: "this network (\(rows)-row batches)",
                        hint: "use fewer or narrower layers, or a smaller batch")
    }

    /// Refuses a batch size whose buffers, for the current network and data, would pass the limit.
    func checkBatchSize(_ settings: TrainingSettings) throws {
        guard let network, let data = trainData else { return }
        let rows = max(1, min(settings.batchSize, data.count))
        try checkMemory(Self.networkBytes(network.spec, batchRows: rows), for: "a batch of \(rows) rows on this network",
                        hint: "use a smaller 'batch'")
    }

    /// Refuses a `train` whose recorded statistics would pass the limit: one row of Doubles per recorded
    /// step, reserved up front so the training loop never allocates.
    func checkHistorySize(steps: Double) throws {
        guard let trainer, settings.statisticsInterval > 0 else { return }
        let records = steps / Double(settings.statisticsInterval) + 1 + Double(trainer.history.count)
        let row = Double(StepStatistics.fieldNames.count + trainer.network.dense.count * LayerStatistics.fieldNames.count)
        try checkMemory(records * row * 8, for: "recording \(Format.number(steps)) training steps",
                        hint: "train for fewer steps or epochs, or 'reset' to clear the history")
    }
}

extension Format {
    /// A byte count in the largest unit that keeps it ≥ 1, with up to 3 significant digits: `64 MB`,
    /// `4.1 GB`; beyond petabytes in scientific notation (`2.00e25 bytes`).
    public static func bytes(_ value: Double) -> String {
        guard value.isFinite, value < 1e18 else { return "\(scientific(value)) bytes" }
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB"]
        var scaled = value
        var unit = 0
        while scaled >= 1000, unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        let digits = scaled >= 100 || unit == 0 ? scaled.rounded() : scaled >= 10 ? (scaled * 10).rounded() / 10 : (scaled * 100).rounded() / 100
        return "\(number(digits)) \(units[unit])"
    }
}
