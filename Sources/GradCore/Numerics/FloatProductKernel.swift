/// The packed Float product behind `MatrixProduct`, in the way of the fast BLAS libraries (Goto & van de
/// Geijn): op(B) is packed into panels of 16 columns and op(A) into panels of 6 rows, k in blocks of
/// `kBlock`, and a 6×16 register tile of outputs takes one fused multiply-add per term.
///
/// The tile is 12 accumulators of 8 Floats on AVX2 (6 of 16 on AVX-512), which keeps both FMA units busy
/// without spilling; the order of each output's sum is the same on every CPU (see `MatrixProduct`).
struct FloatProductKernel {
    static let rowsPerTile = 6
    static let columnsPerTile = 16
    /// k per block: fixed here, never taken from the CPU's caches (that would change nothing in the digits,
    /// since a block only pauses each output's chain, but keeps the code free of machine inputs).
    static let kBlock = 256
    /// Rows of op(A) packed at once (a multiple of 6; 72×256 Floats = 72 KB stays in L2).
    static let rowBlock = 72
    /// Columns of op(B) packed at once (256×512 Floats = 512 KB).
    static let columnBlock = 512

    typealias Tile = SIMD16<Float>

    /// C[rows × columns] (+)= op(A)·op(B) for the outputs `rows`, `columns` of the whole product.
    static func multiply(
        _ operands: MatrixProduct.Operands<Float>, k: Int, rows: Range<Int>, columns: Range<Int>,
        accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: ProductScratch
    ) {
        if k == 0 {
            if !accumulate { for i in rows { (c + i * ldc + columns.lowerBound).update(repeating: 0, count: columns.count) } }
            return
        }
        var jc = columns.lowerBound
        while jc < columns.upperBound {
            let nc = min(columnBlock, columns.upperBound - jc)
            var pc = 0
            while pc < k {
                let kc = min(kBlock, k - pc)
                packB(operands, k: pc..<(pc + kc), columns: jc..<(jc + nc), into: scratch.packedB)
                var ic = rows.lowerBound
                while ic < rows.upperBound {
                    let mc = min(rowBlock, rows.upperBound - ic)
                    packA(operands, rows: ic..<(ic + mc), k: pc..<(pc + kc), into: scratch.packedA)
                    runTiles(
                        kc: kc, rows: ic..<(ic + mc), columns: jc..<(jc + nc), startFromC: accumulate || pc > 0,
                        c: c, ldc: ldc, scratch: scratch)
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }

    /// Every 6×16 tile of one packed block; edge tiles go through a small buffer so the kernel always
    /// works on whole tiles (the extra lanes hold sums of packed zeros and are never stored).
    @inline(__always)
    private static func runTiles(
        kc: Int, rows: Range<Int>, columns: Range<Int>, startFromC: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, scratch: ProductScratch
    ) {
        var jr = 0
        while jr < columns.count {
            let width = min(columnsPerTile, columns.count - jr)
            let bPanel = UnsafePointer(scratch.packedB + jr * kc)
            var ir = 0
            while ir < rows.count {
                let height = min(rowsPerTile, rows.count - ir)
                let aPanel = UnsafePointer(scratch.packedA + ir * kc)
                let target = c + (rows.lowerBound + ir) * ldc + columns.lowerBound + jr
                if height == rowsPerTile && width == columnsPerTile {
                    kernel(kc: kc, a: aPanel, b: bPanel, c: target, ldc: ldc, startFromC: startFromC)
                } else {
                    let tile = scratch.edgeTile
                    for row in 0..<height {
                        for column in 0..<width {
                            tile[row * columnsPerTile + column] = startFromC ? target[row * ldc + column] : 0
                        }
                    }
                    kernel(kc: kc, a: aPanel, b: bPanel, c: tile, ldc: columnsPerTile, startFromC: startFromC)
                    for row in 0..<height {
                        for column in 0..<width { target[row * ldc + column] = tile[row * columnsPerTile + column] }
                    }
                }
                ir += rowsPerTile
            }
            jr += columnsPerTile
        }
    }

    /// The 6×16 register tile: for each p, one column of 6 A values broadcast against one row of 16 B
    /// values, one fused multiply-add per output.
    @inline(__always)
    private static func kernel(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
        startFromC: Bool
    ) {
        let raw = UnsafeMutableRawPointer(c)
        let stride = ldc * 4
        var c0 = Tile.zero, c1 = Tile.zero, c2 = Tile.zero, c3 = Tile.zero, c4 = Tile.zero, c5 = Tile.zero
        if startFromC {
            c0 = raw.loadUnaligned(as: Tile.self)
            c1 = raw.loadUnaligned(fromByteOffset: stride, as: Tile.self)
            c2 = raw.loadUnaligned(fromByteOffset: 2 * stride, as: Tile.self)
            c3 = raw.loadUnaligned(fromByteOffset: 3 * stride, as: Tile.self)
            c4 = raw.loadUnaligned(fromByteOffset: 4 * stride, as: Tile.self)
            c5 = raw.loadUnaligned(fromByteOffset: 5 * stride, as: Tile.self)
        }
        var aNext = a
        let bRaw = UnsafeRawPointer(b)
        for p in 0..<kc {
            let row = bRaw.loadUnaligned(fromByteOffset: p * 64, as: Tile.self)
            c0 = c0.addingProduct(Tile(repeating: aNext[0]), row)
            c1 = c1.addingProduct(Tile(repeating: aNext[1]), row)
            c2 = c2.addingProduct(Tile(repeating: aNext[2]), row)
            c3 = c3.addingProduct(Tile(repeating: aNext[3]), row)
            c4 = c4.addingProduct(Tile(repeating: aNext[4]), row)
            c5 = c5.addingProduct(Tile(repeating: aNext[5]), row)
            aNext += 6
        }
        raw.storeBytes(of: c0, as: Tile.self)
        raw.storeBytes(of: c1, toByteOffset: stride, as: Tile.self)
        raw.storeBytes(of: c2, toByteOffset: 2 * stride, as: Tile.self)
        raw.storeBytes(of: c3, toByteOffset: 3 * stride, as: Tile.self)
        raw.storeBytes(of: c4, toByteOffset: 4 * stride, as: Tile.self)
        raw.storeBytes(of: c5, toByteOffset: 5 * stride, as: Tile.self)
    }

    /// op(B)[k, columns] as consecutive panels of 16 columns, each k-major (16 values per p), the last
    /// panel padded with zeros.
    private static func packB(
        _ operands: MatrixProduct.Operands<Float>, k: Range<Int>, columns: Range<Int>,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let kc = k.count
        var panel = packed
        var j0 = columns.lowerBound
        while j0 < columns.upperBound {
            let width = min(columnsPerTile, columns.upperBound - j0)
            if operands.transposeB {
                // B is n×k: each column j of op(B) is a contiguous row of B.
                if width < columnsPerTile { panel.update(repeating: 0, count: kc * columnsPerTile) }
                for column in 0..<width {
                    let source = operands.b + (j0 + column) * operands.ldb + k.lowerBound
                    for p in 0..<kc { panel[p * columnsPerTile + column] = source[p] }
                }
            } else {
                for p in 0..<kc {
                    let source = operands.b + (k.lowerBound + p) * operands.ldb + j0
                    let target = panel + p * columnsPerTile
                    target.update(from: source, count: width)
                    if width < columnsPerTile { (target + width).update(repeating: 0, count: columnsPerTile - width) }
                }
            }
            panel += kc * columnsPerTile
            j0 += columnsPerTile
        }
    }

    /// op(A)[rows, k] as consecutive panels of 6 rows, each k-major (6 values per p), the last panel
    /// padded with zeros.
    private static func packA(
        _ operands: MatrixProduct.Operands<Float>, rows: Range<Int>, k: Range<Int>,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let kc = k.count
        var panel = packed
        var i0 = rows.lowerBound
        while i0 < rows.upperBound {
            let height = min(rowsPerTile, rows.upperBound - i0)
            if height < rowsPerTile { panel.update(repeating: 0, count: kc * rowsPerTile) }
            if operands.transposeA {
                // A is k×m: for each p, the 6 values of op(A) are contiguous in row p of A.
                for p in 0..<kc {
                    let source = operands.a + (k.lowerBound + p) * operands.lda + i0
                    for row in 0..<height { panel[p * rowsPerTile + row] = source[row] }
                }
            } else {
                for row in 0..<height {
                    let source = operands.a + (i0 + row) * operands.lda + k.lowerBound
                    for p in 0..<kc { panel[p * rowsPerTile + row] = source[p] }
                }
            }
            panel += kc * rowsPerTile
            i0 += rowsPerTile
        }
    }
}
