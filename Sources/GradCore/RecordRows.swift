/// Recorded rows of Doubles kept flat, one row after another: the storage behind `StatisticsHistory` and
/// `TimeHistory`.
///
/// Rows are appended into reserved capacity (`reserve(records:)` before a run), so recording does not
/// allocate inside the training loop.
struct RecordRows {
    /// Doubles per row.
    let width: Int
    /// Every row, one after the other.
    private(set) var values: [Double] = []

    init(width: Int) { self.width = max(width, 1) }

    var count: Int { values.count / width }
    /// Rows that fit before the storage must grow.
    var capacity: Int { values.capacity / width }
    var isEmpty: Bool { values.isEmpty }

    /// Makes room for `records` more rows so appends do not allocate.
    mutating func reserve(records: Int) {
        let needed = values.count + records * width
        guard needed > values.capacity else { return }
        // At least doubling: `reserveCapacity` allocates exactly what it is asked for, so a loop of short
        // `train` commands would otherwise copy the whole history on every one (quadratic time).
        values.reserveCapacity(max(needed, 2 * values.capacity))
    }

    mutating func removeAll() { values.removeAll(keepingCapacity: false) }

    mutating func append(_ value: Double) { values.append(value) }

    mutating func append(contentsOf row: some Collection<Double>) { values.append(contentsOf: row) }

    /// The row at `index` (0 = oldest).
    func row(_ index: Int) -> ArraySlice<Double> { values[(index * width)..<((index + 1) * width)] }
}
