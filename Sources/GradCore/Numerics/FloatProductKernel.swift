/// The Float product behind `MatrixProduct`, in the way of the fast BLAS libraries (Goto & van de Geijn): a
/// 6×16 register tile of outputs takes one fused multiply-add per term, k runs in blocks of `kBlock`, and
/// op(B) is packed into a contiguous panel of 16 columns where reading it in place would be slow.
///
/// The tile is 12 accumulators of 8 Floats on AVX2, which keeps both FMA units busy without spilling. On
/// AVX-512 the same tile is only 6 accumulators of 16, too few to hide the FMA's latency, so there two
/// neighbouring panels run together as one 6×32 tile (`Tiles.paired`, 12 accumulators), or 8×32 where
/// that leaves fewer rows to pad (see `Tiles.rowsPerTile(for:)`). op(A) is read in place (each row
/// advancing by its own stride), so small products pay for no copying. The tiles only group outputs: the
/// order of each output's sum is the same for either tile and on every CPU (see `MatrixProduct`).
enum FloatProductKernel {
    /// How many 16-column panels one register tile covers.
    enum Tiles: Sendable {
        /// One panel, 6×16: for 256-bit vectors (AVX2), SSE2 and NEON.
        case single
        /// Two panels side by side, 6×32: for 512-bit vectors.
        case paired

        /// Paired where the compiled code has 512-bit vectors: built for the host CPU (`GRAD_NATIVE_CPU`, see
        /// Package.swift) and the host has AVX-512. Any other build keeps single tiles, which would spill
        /// their registers if paired.
        static let preferred: Tiles = {
            #if GRAD_NATIVE_CPU && arch(x86_64)
            return CPUFeatures.hasAVX512F ? .paired : .single
            #else
            return .single
            #endif
        }()

        /// Rows of op(A) per register tile, for a slice of `count` rows. A pair takes 8 rows (16 of the 32
        /// registers) where that leaves at least 4% fewer rows to compute than tiles of 6 would: 16 or 32
        /// rows, the batch halves of small networks, where a last tile of 4 or 2 rows costs as much as a full
        /// one. Elsewhere 6: the 8-row tile measured 3-4% slower per row on large products (1024 × 1024).
        func rowsPerTile(for count: Int) -> Int {
            guard self == .paired else { return FloatProductKernel.rowsPerTile }
            let six = (count + 5) / 6 * 6, eight = (count + 7) / 8 * 8
            return eight * 25 < six * 24 ? FloatProductKernel.pairedRows : FloatProductKernel.rowsPerTile
        }

        /// The columns of the next register tile when `remaining` columns are left: a pair of whole panels
        /// where both fit and tiles pair, else one panel (narrower at the edge).
        func width(remaining: Int) -> Int {
            let panel = FloatProductKernel.columnsPerTile
            return self == .paired && remaining >= 2 * panel ? 2 * panel : min(panel, remaining)
        }
    }

    /// Rows of a single-panel tile and of a tile of op(A) packed by `multiplyPackingA`; a pair read in place
    /// may take `pairedRows`.
    static let rowsPerTile = 6
    static let pairedRows = 8
    static let columnsPerTile = 16
    /// k per block: fixed here, never taken from the CPU's caches. A block only pauses each output's chain
    /// (the partial sum waits in C), so it changes no digit; it keeps a packed panel (16×256 Floats, 16 KB)
    /// and six rows of A in L1.
    static let kBlock = 256

    typealias Tile = SIMD16<Float>

    /// C[rows × columns] = start + op(A)·op(B) for the outputs `rows`, `columns` of the whole product.
    static func multiply(
        _ operands: MatrixProduct.Operands<Float>, k: Int, rows: Range<Int>, columns: Range<Int>,
        start: ProductStart<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: ProductScratch,
        tiles: Tiles = .preferred
    ) {
        if k == 0 {
            for i in rows {
                let line = c + i * ldc
                for j in columns { line[j] = start.value(column: j, in: line) }
            }
            return
        }
        if packsTilesOfA(operands) {
            multiplyPackingA(
                operands, k: k, rows: rows, columns: columns, start: start, c: c, ldc: ldc, scratch: scratch,
                tiles: tiles)
            return
        }
        // With a single row tile every value of B is read exactly once, so a copy would only add a pass.
        let packsEveryPanel = packsPanels(operands) && (operands.transposeB || rows.count > rowsPerTile)
        var pc = 0
        while pc < k {
            let kc = min(kBlock, k - pc)
            var j0 = columns.lowerBound
            while j0 < columns.upperBound {
                let width = tiles.width(remaining: columns.upperBound - j0)
                let pairs = width == 2 * columnsPerTile
                let panels: Panels
                if packsEveryPanel || width < columnsPerTile {
                    packPanel(operands, k: pc..<(pc + kc), columns: j0..<(j0 + min(columnsPerTile, width)), into: scratch.packedB)
                    let second = scratch.packedB + kBlock * columnsPerTile
                    if pairs { packPanel(operands, k: pc..<(pc + kc), columns: (j0 + columnsPerTile)..<(j0 + width), into: second) }
                    panels = Panels(first: UnsafePointer(scratch.packedB), second: UnsafePointer(second), stride: columnsPerTile)
                } else {
                    let first = operands.b + pc * operands.ldb + j0
                    panels = Panels(first: first, second: first + columnsPerTile, stride: operands.ldb)
                }
                let target = Target(c: c, ldc: ldc, column: j0, width: width, start: pc > 0 ? .output : start)
                runRowTiles(operands, p0: pc, kc: kc, rows: rows, panels: panels, target: target, scratch: scratch)
                j0 += width
            }
            pc += kc
        }
    }

    /// Whether op(B)'s panels are copied before use rather than read in place: always for Bᵀ (a column of
    /// op(B) is strided), and for rows whose stride is an even number of 64-byte lines from 1 KB up, which
    /// would land every p of a panel in the same few L1 sets. (An odd number of lines walks through all the
    /// sets: see `MatrixProduct.inPlaceStride`.)
    static func packsPanels(_ operands: MatrixProduct.Operands<Float>) -> Bool {
        operands.transposeB || (operands.ldb >= 256 && (operands.ldb / 16) % 2 == 0)
    }

    /// One or two neighbouring 16-column panels of op(B), advancing by the same stride per p.
    private struct Panels {
        var first: UnsafePointer<Float>
        var second: UnsafePointer<Float>
        var stride: Int
    }

    /// Whether tiles of op(A) are copied before use (`multiplyPackingA`).
    static func packsTilesOfA(_ operands: MatrixProduct.Operands<Float>) -> Bool {
        operands.transposeA && operands.lda >= 256
    }

    /// Columns per block of packed B panels in `multiplyPackingA`: 16 panels of 256 k, 256 KB, kept in L2.
    static let blockColumns = 256

    /// The product when op(A) = Aᵀ with long rows (a weight gradient, xᵀ·dY): op(A)'s six rows of a tile
    /// are neighbours but each step in p jumps a whole row of A, so read in place every p of a tile would
    /// fall in the same L1 set. Each 6×kc tile of op(A) is packed once (p-major) and used against a block of
    /// up to 16 packed B panels, as Goto's algorithm does; the order of every output's sum is unchanged.
    private static func multiplyPackingA(
        _ operands: MatrixProduct.Operands<Float>, k: Int, rows: Range<Int>, columns: Range<Int>,
        start: ProductStart<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: ProductScratch, tiles: Tiles
    ) {
        var pc = 0
        while pc < k {
            let kc = min(kBlock, k - pc)
            var jc = columns.lowerBound
            while jc < columns.upperBound {
                let blockEnd = min(jc + blockColumns, columns.upperBound)
                var panels = 0
                for j0 in stride(from: jc, to: blockEnd, by: columnsPerTile) {
                    let panel = scratch.packedBBlock + panels * kBlock * columnsPerTile
                    packPanel(operands, k: pc..<(pc + kc), columns: j0..<min(j0 + columnsPerTile, blockEnd), into: panel)
                    panels += 1
                }
                var i0 = rows.lowerBound
                while i0 < rows.upperBound {
                    let height = min(rowsPerTile, rows.upperBound - i0)
                    let a = packTile(operands, k: pc..<(pc + kc), rows: i0..<(i0 + height), into: scratch.packedA)
                    var panelIndex = 0
                    while panelIndex < panels {
                        let j0 = jc + panelIndex * columnsPerTile
                        let width = tiles.width(remaining: blockEnd - j0)
                        let first = UnsafePointer(scratch.packedBBlock + panelIndex * kBlock * columnsPerTile)
                        let target = Target(c: c, ldc: ldc, column: j0, width: width, start: pc > 0 ? .output : start)
                        let pair = Panels(first: first, second: first + kBlock * columnsPerTile, stride: columnsPerTile)
                        runTile(kc: kc, a: a, panels: pair, output: c + i0 * ldc + j0, target: target, scratch: scratch)
                        panelIndex += width == 2 * columnsPerTile ? 2 : 1
                    }
                    i0 += rowsPerTile
                }
                jc = blockEnd
            }
            pc += kc
        }
    }

    /// Rows `rows` (at most six) of op(A) over `k`, p-major: the six values of each p side by side.
    private static func packTile(
        _ operands: MatrixProduct.Operands<Float>, k: Range<Int>, rows: Range<Int>, into packed: UnsafeMutablePointer<Float>
    ) -> A {
        let height = rows.count
        for (index, p) in k.enumerated() {
            let source = operands.a + p * operands.lda + rows.lowerBound  // op(A) = Aᵀ: row p of A
            let row = packed + index * rowsPerTile
            for r in 0..<height { row[r] = source[r] }
        }
        return A(base: UnsafePointer(packed), rowStride: 1, kStride: rowsPerTile, height: height)
    }

    /// Where one column panel's outputs go.
    private struct Target {
        var c: UnsafeMutablePointer<Float>
        var ldc: Int
        var column: Int
        var width: Int
        /// Where the chains start: for the first block of k the product's own start, after it the partial
        /// sums waiting in C.
        var start: ProductStart<Float>

        /// The start of the register tiles at column `column`: a row is moved to that column.
        var tileStart: ProductStart<Float> {
            if case .row(let r) = start { return .row(r + column) }
            return start
        }
    }

    /// Every row tile against one column panel (or pair).
    @inline(always)
    private static func runRowTiles(
        _ operands: MatrixProduct.Operands<Float>, p0: Int, kc: Int, rows: Range<Int>,
        panels: Panels, target: Target, scratch: ProductScratch
    ) {
        // op(A)[i][p] sits at a + i·rowStride + p·kStride.
        let (rowStride, kStride) = operands.transposeA ? (1, operands.lda) : (operands.lda, 1)
        let tileRows = target.width == 2 * columnsPerTile ? Tiles.paired.rowsPerTile(for: rows.count) : rowsPerTile
        var i0 = rows.lowerBound
        while i0 < rows.upperBound {
            let height = min(tileRows, rows.upperBound - i0)
            let a = A(base: operands.a + i0 * rowStride + p0 * kStride, rowStride: rowStride, kStride: kStride, height: height)
            let output = target.c + i0 * target.ldc + target.column
            runTile(kc: kc, a: a, panels: panels, output: output, target: target, scratch: scratch)
            i0 += tileRows
        }
    }

    /// One tile of up to 8 rows against a pair of panels, when the target is 32 wide, else of up to 6 rows
    /// against one panel, written at `output`. Panels narrower than 16 columns go through a small buffer so
    /// the kernel always works on whole vectors (the extra lanes hold sums of packed zeros, never stored).
    @inline(always)
    private static func runTile(
        kc: Int, a: A, panels: Panels, output: UnsafeMutablePointer<Float>, target: Target, scratch: ProductScratch
    ) {
        if target.width == 2 * columnsPerTile {
            // A literal at each call: inlined, each copy keeps only its own rows' code.
            if a.height > rowsPerTile {
                pairedKernel(eightRows: true, kc: kc, a: a, b: panels, c: output, ldc: target.ldc, start: target.tileStart)
            } else {
                pairedKernel(eightRows: false, kc: kc, a: a, b: panels, c: output, ldc: target.ldc, start: target.tileStart)
            }
            return
        }
        let panel = (pointer: panels.first, stride: panels.stride)
        if target.width == columnsPerTile {
            kernel(kc: kc, a: a, b: panel, c: output, ldc: target.ldc, start: target.tileStart)
            return
        }
        let tile = scratch.edgeTile
        let start = target.tileStart
        for row in 0..<a.height {
            for column in 0..<target.width {
                tile[row * columnsPerTile + column] = start.value(column: column, in: output + row * target.ldc)
            }
        }
        kernel(kc: kc, a: a, b: panel, c: tile, ldc: columnsPerTile, start: .output)  // +0 where it starts from zero
        for row in 0..<a.height {
            for column in 0..<target.width { output[row * target.ldc + column] = tile[row * columnsPerTile + column] }
        }
    }

    /// Up to eight rows of op(A), in place or packed (six). Rows past `height` repeat the first row (valid memory
    /// whose sums are never loaded from or stored to C).
    private struct A {
        var base: UnsafePointer<Float>
        var rowStride: Int
        var kStride: Int
        var height: Int

        @inline(__always) func row(_ r: Int) -> UnsafePointer<Float> { r < height ? base + r * rowStride : base }
    }

    /// The 6×16 register tile: for each p, six A values broadcast against one row of 16 B values, one fused
    /// multiply-add per output; rows past `a.height` are computed but neither loaded nor stored.
    @inline(always)
    private static func kernel(
        kc: Int, a: A, b: (pointer: UnsafePointer<Float>, stride: Int), c: UnsafeMutablePointer<Float>, ldc: Int,
        start: ProductStart<Float>
    ) {
        let raw = UnsafeMutableRawPointer(c)
        let stride = ldc * 4
        let height = a.height
        var c0 = Tile.zero, c1 = Tile.zero, c2 = Tile.zero, c3 = Tile.zero, c4 = Tile.zero, c5 = Tile.zero
        switch start {
        case .zero: break
        case .output:
            c0 = raw.loadUnaligned(as: Tile.self)
            if height > 1 { c1 = raw.loadUnaligned(fromByteOffset: stride, as: Tile.self) }
            if height > 2 { c2 = raw.loadUnaligned(fromByteOffset: 2 * stride, as: Tile.self) }
            if height > 3 { c3 = raw.loadUnaligned(fromByteOffset: 3 * stride, as: Tile.self) }
            if height > 4 { c4 = raw.loadUnaligned(fromByteOffset: 4 * stride, as: Tile.self) }
            if height > 5 { c5 = raw.loadUnaligned(fromByteOffset: 5 * stride, as: Tile.self) }
        case .row(let r):
            // Every row starts from the same values; rows past `height` are never stored.
            c0 = UnsafeRawPointer(r).loadUnaligned(as: Tile.self)
            (c1, c2, c3, c4, c5) = (c0, c0, c0, c0, c0)
        }
        let a0 = a.row(0), a1 = a.row(1), a2 = a.row(2), a3 = a.row(3), a4 = a.row(4), a5 = a.row(5)
        let kStride = a.kStride
        let bRaw = UnsafeRawPointer(b.pointer), bStride = b.stride * 4
        var offset = 0, bOffset = 0  // wrapping steps: an overflow check each p cost a register and a branch
        for _ in 0..<kc {
            let row = bRaw.loadUnaligned(fromByteOffset: bOffset, as: Tile.self)
            c0 = c0.addingProduct(Tile(repeating: a0[offset]), row)
            c1 = c1.addingProduct(Tile(repeating: a1[offset]), row)
            c2 = c2.addingProduct(Tile(repeating: a2[offset]), row)
            c3 = c3.addingProduct(Tile(repeating: a3[offset]), row)
            c4 = c4.addingProduct(Tile(repeating: a4[offset]), row)
            c5 = c5.addingProduct(Tile(repeating: a5[offset]), row)
            offset &+= kStride
            bOffset &+= bStride
        }
        raw.storeBytes(of: c0, as: Tile.self)
        if height > 1 { raw.storeBytes(of: c1, toByteOffset: stride, as: Tile.self) }
        if height > 2 { raw.storeBytes(of: c2, toByteOffset: 2 * stride, as: Tile.self) }
        if height > 3 { raw.storeBytes(of: c3, toByteOffset: 3 * stride, as: Tile.self) }
        if height > 4 { raw.storeBytes(of: c4, toByteOffset: 4 * stride, as: Tile.self) }
        if height > 5 { raw.storeBytes(of: c5, toByteOffset: 5 * stride, as: Tile.self) }
    }

    /// The 8×32 register tile for 512-bit vectors (6×32 without `eightRows`): each p loads a row of both
    /// panels and feeds each A value to two fused multiply-adds. Every output's chain is the one `kernel`
    /// computes.
    @inline(always)
    private static func pairedKernel(
        eightRows eight: Bool, kc: Int, a: A, b: Panels, c: UnsafeMutablePointer<Float>, ldc: Int, start: ProductStart<Float>
    ) {
        let raw = UnsafeMutableRawPointer(c)
        let stride = ldc * 4, half = columnsPerTile * 4
        let height = a.height
        var l0 = Tile.zero, l1 = Tile.zero, l2 = Tile.zero, l3 = Tile.zero, l4 = Tile.zero, l5 = Tile.zero
        var r0 = Tile.zero, r1 = Tile.zero, r2 = Tile.zero, r3 = Tile.zero, r4 = Tile.zero, r5 = Tile.zero
        var l6 = Tile.zero, l7 = Tile.zero, r6 = Tile.zero, r7 = Tile.zero
        @inline(__always) func load(_ row: Int, _ offset: Int) -> Tile {
            row < height ? raw.loadUnaligned(fromByteOffset: row * stride + offset, as: Tile.self) : .zero
        }
        switch start {
        case .zero: break
        case .output:
            (l0, r0) = (load(0, 0), load(0, half))
            (l1, r1) = (load(1, 0), load(1, half))
            (l2, r2) = (load(2, 0), load(2, half))
            (l3, r3) = (load(3, 0), load(3, half))
            (l4, r4) = (load(4, 0), load(4, half))
            (l5, r5) = (load(5, 0), load(5, half))
            if eight {
                (l6, r6) = (load(6, 0), load(6, half))
                (l7, r7) = (load(7, 0), load(7, half))
            }
        case .row(let row):
            let first = UnsafeRawPointer(row)
            l0 = first.loadUnaligned(as: Tile.self)
            r0 = first.loadUnaligned(fromByteOffset: half, as: Tile.self)
            (l1, l2, l3, l4, l5, l6, l7) = (l0, l0, l0, l0, l0, l0, l0)
            (r1, r2, r3, r4, r5, r6, r7) = (r0, r0, r0, r0, r0, r0, r0)
        }
        let a0 = a.row(0), a1 = a.row(1), a2 = a.row(2), a3 = a.row(3), a4 = a.row(4), a5 = a.row(5)
        let a6 = a.row(6), a7 = a.row(7)
        let kStride = a.kStride
        let left = UnsafeRawPointer(b.first), right = UnsafeRawPointer(b.second), bStride = b.stride * 4
        var offset = 0, bOffset = 0
        for _ in 0..<kc {
            let x = left.loadUnaligned(fromByteOffset: bOffset, as: Tile.self)
            let y = right.loadUnaligned(fromByteOffset: bOffset, as: Tile.self)
            var s = Tile(repeating: a0[offset])
            l0 = l0.addingProduct(s, x); r0 = r0.addingProduct(s, y)
            s = Tile(repeating: a1[offset])
            l1 = l1.addingProduct(s, x); r1 = r1.addingProduct(s, y)
            s = Tile(repeating: a2[offset])
            l2 = l2.addingProduct(s, x); r2 = r2.addingProduct(s, y)
            s = Tile(repeating: a3[offset])
            l3 = l3.addingProduct(s, x); r3 = r3.addingProduct(s, y)
            s = Tile(repeating: a4[offset])
            l4 = l4.addingProduct(s, x); r4 = r4.addingProduct(s, y)
            s = Tile(repeating: a5[offset])
            l5 = l5.addingProduct(s, x); r5 = r5.addingProduct(s, y)
            if eight {
                s = Tile(repeating: a6[offset])
                l6 = l6.addingProduct(s, x); r6 = r6.addingProduct(s, y)
                s = Tile(repeating: a7[offset])
                l7 = l7.addingProduct(s, x); r7 = r7.addingProduct(s, y)
            }
            offset &+= kStride
            bOffset &+= bStride
        }
        @inline(__always) func store(_ row: Int, _ l: Tile, _ r: Tile) {
            guard row < height else { return }
            raw.storeBytes(of: l, toByteOffset: row * stride, as: Tile.self)
            raw.storeBytes(of: r, toByteOffset: row * stride + half, as: Tile.self)
        }
        store(0, l0, r0); store(1, l1, r1); store(2, l2, r2); store(3, l3, r3); store(4, l4, r4); store(5, l5, r5)
        if eight { store(6, l6, r6); store(7, l7, r7) }
    }

    /// op(B)[k, columns] (at most 16 columns) as one k-major panel of 16 values per p, padded with zeros.
    private static func packPanel(
        _ operands: MatrixProduct.Operands<Float>, k: Range<Int>, columns: Range<Int>,
        into panel: UnsafeMutablePointer<Float>
    ) {
        let kc = k.count, width = columns.count
        if width < columnsPerTile { panel.update(repeating: 0, count: kc * columnsPerTile) }
        if operands.transposeB {
            // B is n×k: column j of op(B) is a contiguous row of B. Whole 16×16 blocks move in registers.
            var p0 = 0
            if width == columnsPerTile {
                while p0 + BlockTranspose.size <= kc {
                    BlockTranspose.transpose(
                        operands.b + columns.lowerBound * operands.ldb + k.lowerBound + p0, sourceStride: operands.ldb,
                        into: panel + p0 * columnsPerTile, targetStride: columnsPerTile)
                    p0 += BlockTranspose.size
                }
            }
            for column in 0..<width {
                let source = operands.b + (columns.lowerBound + column) * operands.ldb + k.lowerBound
                for p in p0..<kc { panel[p * columnsPerTile + column] = source[p] }
            }
        } else if width == columnsPerTile {
            // One vector per p: `update(from:)` called the C library's memmove for every 64 bytes, and took
            // a tenth of a 1024-wide layer's step.
            let source = UnsafeRawPointer(operands.b + k.lowerBound * operands.ldb + columns.lowerBound)
            let target = UnsafeMutableRawPointer(panel)
            for p in 0..<kc {
                target.storeBytes(
                    of: source.loadUnaligned(fromByteOffset: p * operands.ldb * 4, as: Tile.self),
                    toByteOffset: p * columnsPerTile * 4, as: Tile.self)
            }
        } else {
            for p in 0..<kc {
                (panel + p * columnsPerTile).update(
                    from: operands.b + (k.lowerBound + p) * operands.ldb + columns.lowerBound, count: width)
            }
        }
    }
}
