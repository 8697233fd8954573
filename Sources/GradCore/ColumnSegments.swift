/// The stretches of a row-major buffer `width` wide that hold the block `rows` × `columns`: one stretch when
/// the columns are whole rows, else one per row. Element-wise work (an activation, its derivative) on a band of
/// columns runs stretch by stretch.
struct ColumnSegments {
    let rows: Range<Int>
    let columns: Range<Int>
    let width: Int

    /// Calls `body(offset, count)` for each stretch, first row first.
    @inline(__always)
    func forEach(_ body: (_ offset: Int, _ count: Int) -> Void) {
        guard columns.count < width else {
            body(rows.lowerBound * width, rows.count * width)
            return
        }
        for row in rows { body(row * width + columns.lowerBound, columns.count) }
    }
}
