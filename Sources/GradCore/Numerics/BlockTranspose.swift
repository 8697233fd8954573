/// A 16×16 block of Floats transposed in vector registers, for packing op(B) = Bᵀ into panels.
///
/// Copying one value at a time, a column of B's rows is written with a stride of 64 bytes per value (or read
/// with one, the other way round), and the copy ran at about two cycles a value: in a network of 64-wide
/// layers it took a tenth of a training step. Here the block's 256 values are read as 16 rows and written
/// as 16 rows. Numbering the values 16·row + column, four rounds of a perfect unshuffle (the even values
/// of each pair of rows, then the odd ones) rotate that 8-bit index by four places, which swaps row and
/// column. Each round is 16 two-vector shuffles, which compilers turn into single permutes where the CPU
/// has them. Only data moves: no value changes.
enum BlockTranspose {
    typealias Row = SIMD16<Float>
    typealias Block = (Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row)

    static let size = 16

    /// Writes the transpose of the 16×16 block at `source` (rows `sourceStride` Floats apart) to `target`
    /// (rows `targetStride` apart).
    @inline(__always)
    static func transpose(
        _ source: UnsafePointer<Float>, sourceStride: Int, into target: UnsafeMutablePointer<Float>, targetStride: Int
    ) {
        let input = UnsafeRawPointer(source), output = UnsafeMutableRawPointer(target)
        @inline(__always) func load(_ row: Int) -> Row {
            input.loadUnaligned(fromByteOffset: row * sourceStride * 4, as: Row.self)
        }
        var block: Block = (
            load(0), load(1), load(2), load(3), load(4), load(5), load(6), load(7),
            load(8), load(9), load(10), load(11), load(12), load(13), load(14), load(15))
        for _ in 0..<4 { block = unshuffle(block) }
        @inline(__always) func store(_ row: Row, _ index: Int) {
            output.storeBytes(of: row, toByteOffset: index * targetStride * 4, as: Row.self)
        }
        store(block.0, 0); store(block.1, 1); store(block.2, 2); store(block.3, 3)
        store(block.4, 4); store(block.5, 5); store(block.6, 6); store(block.7, 7)
        store(block.8, 8); store(block.9, 9); store(block.10, 10); store(block.11, 11)
        store(block.12, 12); store(block.13, 13); store(block.14, 14); store(block.15, 15)
    }

    /// target[j·targetStride + i] = source[i·sourceStride + j] for a `rows × cols` matrix: whole 16×16 blocks
    /// in registers, the ragged edges one value at a time.
    static func transpose(
        _ source: UnsafePointer<Float>, rows: Int, cols: Int, sourceStride: Int,
        into target: UnsafeMutablePointer<Float>, targetStride: Int
    ) {
        let wholeRows = rows - rows % size, wholeCols = cols - cols % size
        for i in stride(from: 0, to: wholeRows, by: size) {
            for j in stride(from: 0, to: wholeCols, by: size) {
                transpose(
                    source + i * sourceStride + j, sourceStride: sourceStride,
                    into: target + j * targetStride + i, targetStride: targetStride)
            }
        }
        for i in 0..<rows {
            let first = i < wholeRows ? wholeCols : 0
            for j in first..<cols { target[j * targetStride + i] = source[i * sourceStride + j] }
        }
    }

    /// The block's 256 values in the order: every even-numbered value, then every odd-numbered one.
    @inline(__always)
    private static func unshuffle(_ b: Block) -> Block {
        // Spelled lane by lane, which the optimizer folds into one two-vector shuffle: the standard library's
        // `SIMD32.evenHalf` stayed an out-of-line call through memory, and took half of the packing's time.
        @inline(__always) func even(_ x: Row, _ y: Row) -> Row {
            Row(x[0], x[2], x[4], x[6], x[8], x[10], x[12], x[14], y[0], y[2], y[4], y[6], y[8], y[10], y[12], y[14])
        }
        @inline(__always) func odd(_ x: Row, _ y: Row) -> Row {
            Row(x[1], x[3], x[5], x[7], x[9], x[11], x[13], x[15], y[1], y[3], y[5], y[7], y[9], y[11], y[13], y[15])
        }
        return (
            even(b.0, b.1), even(b.2, b.3), even(b.4, b.5), even(b.6, b.7),
            even(b.8, b.9), even(b.10, b.11), even(b.12, b.13), even(b.14, b.15),
            odd(b.0, b.1), odd(b.2, b.3), odd(b.4, b.5), odd(b.6, b.7),
            odd(b.8, b.9), odd(b.10, b.11), odd(b.12, b.13), odd(b.14, b.15))
    }
}
