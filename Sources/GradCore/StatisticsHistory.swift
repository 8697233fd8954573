/// The recorded statistics of a training run, kept compactly: one flat row of Doubles per recorded step.
///
/// Rows are appended into reserved capacity (`reserve(records:)` before a run) so recording never
/// allocates inside the training loop. Views (`record(at:)`, `records`) build structs on demand.
public final class StatisticsHistory {
    public let layerCount: Int
    /// Record every `interval` steps (1 = every step).
    public var interval: Int
    private let globalWidth = StepStatistics.fieldNames.count
    private let layerWidth = LayerStatistics.fieldNames.count
    private var storage: RecordRows

    public init(layerCount: Int, interval: Int = 1) {
        self.layerCount = layerCount
        self.interval = max(1, interval)
        storage = RecordRows(width: globalWidth + layerCount * layerWidth)
    }

    public var count: Int { storage.count }
    /// Rows that fit before the storage must grow.
    var capacity: Int { storage.capacity }
    public var isEmpty: Bool { storage.isEmpty }

    /// Makes room for `records` more rows so appends do not allocate.
    public func reserve(records: Int) { storage.reserve(records: records) }

    public func removeAll() { storage.removeAll() }

    /// Appends one row: the global numbers, then each layer's fields in order.
    func append(_ step: StepStatistics, layers: UnsafeBufferPointer<LayerStatistics>) {
        storage.append(Double(step.step))
        storage.append(Double(step.epoch))
        storage.append(step.loss)
        storage.append(step.accuracy)
        storage.append(step.gradientNormBefore)
        storage.append(step.gradientNormAfter)
        storage.append(step.clipCoefficient)
        storage.append(step.learningRate)
        for layer in layers {
            storage.append(layer.weightGradientNorm)
            storage.append(layer.weightGradientMean)
            storage.append(layer.weightGradientStd)
            storage.append(layer.weightGradientMaxAbs)
            storage.append(layer.biasGradientNorm)
            storage.append(layer.biasGradientMean)
            storage.append(layer.biasGradientStd)
            storage.append(layer.biasGradientMaxAbs)
            storage.append(layer.activationMean)
            storage.append(layer.activationStd)
            storage.append(layer.saturatedFraction)
            storage.append(layer.deadFraction)
            storage.append(layer.weightNorm)
            storage.append(layer.updateRatio)
        }
    }

    /// The row at `index` (0 = oldest).
    public func record(at index: Int) -> StepStatistics {
        storage.row(index).withUnsafeBufferPointer { row in
            let layers = (0..<layerCount).map { layer in
                LayerStatistics(
                    layer: layer + 1,
                    fields: UnsafeBufferPointer(rebasing: row[(globalWidth + layer * layerWidth)..<(globalWidth + (layer + 1) * layerWidth)]))
            }
            return StepStatistics(
                step: Int(row[0]), epoch: Int(row[1]), loss: row[2], accuracy: row[3], gradientNormBefore: row[4],
                gradientNormAfter: row[5], clipCoefficient: row[6], learningRate: row[7], layers: layers)
        }
    }

    public var last: StepStatistics? { isEmpty ? nil : record(at: count - 1) }
    public var records: [StepStatistics] { (0..<count).map(record(at:)) }

    /// Column names for a flat export: the global fields, then `layerN.field` for every layer.
    public var columnNames: [String] {
        StepStatistics.fieldNames + (1...max(layerCount, 1)).prefix(layerCount).flatMap { layer in
            LayerStatistics.fieldNames.map { "layer\(layer).\($0)" }
        }
    }

    /// Every row as flat values in `columnNames` order.
    public var rows: [[Double]] {
        (0..<count).map { Array(storage.row($0)) }
    }
}
