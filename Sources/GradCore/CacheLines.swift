/// Buffers that start on a 64-byte cache line.
///
/// The two cores write neighbouring stretches of one buffer: halves of the rows, or halves of the columns,
/// split at a multiple of 16 Floats (see `RowBandPlan`, `ColumnBandPlan`). Where the buffer starts on a
/// line, the halves never share one; where it starts anywhere (malloc promises 16 bytes), a line at each
/// boundary is written by both cores, and a batch norm's column sums, updated once per row by each core,
/// made that line travel between them at every row: the step ran a quarter slower.
enum CacheLines {
    static let size = 64

    /// Uninitialized room for `count` values, deallocated with the pointer's `deallocate()`.
    static func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: max(size, MemoryLayout<T>.alignment))
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }
}
