/// C = start + op(A)·op(B) on row-major buffers (start: zero, C itself, or a bias row), with grad's own kernels.
///
/// **The order of every sum is fixed in code.** Each output is one chain of fused multiply-adds over k in
/// ascending order, starting from +0, from C, or from r[j] of a row r given for all i (`ProductStart`):
///
///     acc ← start;  for k in 0..<K { acc ← fma(a[i][k], b[k][j], acc) };  c[i][j] ← acc
///
/// Blocking for the caches (k in blocks of `FloatProductKernel.kBlock`) only pauses that chain: the partial
/// sum waits in C, exactly as a Float, and resumes. Vectors run across neighbouring outputs (j), never
/// inside one sum, so their width does not matter; work is split between cores only by output tiles. So the
/// bits of C depend on nothing but A and B: not on the CPU (AVX-512, AVX2, SSE2 with the software fma,
/// NEON), nor on the number of cores, nor on how the tiles are shared out. This is why grad does not call a
/// BLAS: OpenBLAS chooses its kernel and its blocking of k from the CPU and its caches, and the sums
/// then round differently from machine to machine.
///
/// Float products go through the packed kernel (`FloatProductKernel`); Double products, which only the
/// finite-difference checks use, through the reference loop below, in the same order.
enum MatrixProduct {
    /// Describes op(A) (m×k) and op(B) (k×n) on their row-major storage.
    struct Operands<Scalar> {
        var a: UnsafePointer<Scalar>, lda: Int, transposeA: Bool
        var b: UnsafePointer<Scalar>, ldb: Int, transposeB: Bool

        /// op(A)[i][p].
        @inline(__always) func a(_ i: Int, _ p: Int) -> Scalar { transposeA ? a[p * lda + i] : a[i * lda + p] }
        /// op(B)[p][j].
        @inline(__always) func b(_ p: Int, _ j: Int) -> Scalar { transposeB ? b[j * ldb + p] : b[p * ldb + j] }
    }

    /// The definition itself, one output at a time: the reference that the packed kernel must match bit
    /// for bit, and the Double path.
    static func reference<Scalar: BinaryFloatingPoint>(
        _ operands: Operands<Scalar>, m: Int, n: Int, k: Int,
        start: ProductStart<Scalar>, c: UnsafeMutablePointer<Scalar>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = start.value(column: j, in: c + i * ldc)
                for p in 0..<k { sum = sum.addingProduct(operands.a(i, p), operands.b(p, j)) }
                c[i * ldc + j] = sum
            }
        }
    }
}

/// Where each output's chain of fused multiply-adds starts.
public enum ProductStart<Scalar> {
    /// C = op(A)·op(B): from +0.
    case zero
    /// C += op(A)·op(B): from the value in C.
    case output
    /// C = r + op(A)·op(B) with r[j] the same for every row i: a layer's bias, broadcast as torch.addmm does.
    /// The chain starts from the bias itself, which spares writing it into every row of C first and
    /// reading it back (the same sum, so the same bits).
    case row(UnsafePointer<Scalar>)
}

extension ProductStart where Scalar: BinaryFloatingPoint {
    /// The value output `column` of a row of C starts its chain from, given that row of C (read only for
    /// `.output`): the one definition the reference, the kernels' edge tiles and the empty sum (k = 0) share.
    @inline(__always)
    func value(column: Int, in line: UnsafePointer<Scalar>) -> Scalar {
        switch self {
        case .zero: 0
        case .output: line[column]
        case .row(let r): r[column]
        }
    }
}

extension MatrixProduct {
    /// The row stride, in elements, for a k × n buffer that is written once and then read in place as op(B)
    /// by many products (a recurrent layer's W_hhᵀ): n rounded up to an odd number of 64-byte lines, so that
    /// successive rows fall in different L1 sets and the kernel need not copy them into panels.
    static func inPlaceStride(columns n: Int) -> Int {
        ((n + 15) / 16 | 1) * 16
    }

    /// Below this many multiply-adds a Float product stays on one core: handing half to the helper costs a
    /// few microseconds, about what a 64×64×64 product takes on one core.
    static let splitThreshold = 64 * 64 * 64

    /// C = start + op(A)·op(B) in Float: the packed kernel, with the output tiles shared between the two cores
    /// when the product is large enough and the helper is free.
    static func multiply(
        _ operands: Operands<Float>, m: Int, n: Int, k: Int, start: ProductStart<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let whole = FloatProductSlice(
            operands: operands, k: k, rows: 0..<m, columns: 0..<n, start: start, c: c, ldc: ldc)
        guard m * n * k >= splitThreshold, PairedWork.shared.isParallel, let (first, second) = whole.halves() else {
            whole.run()
            return
        }
        PairedWork.shared.run(first, alongside: second)
    }
}

/// A block of output tiles of one Float product, lent to a core by value.
struct FloatProductSlice: PairedJob {
    var operands: MatrixProduct.Operands<Float>
    var k: Int
    var rows: Range<Int>
    var columns: Range<Int>
    var start: ProductStart<Float>
    var c: UnsafeMutablePointer<Float>
    var ldc: Int

    func run() {
        FloatProductKernel.multiply(
            operands, k: k, rows: rows, columns: columns, start: start, c: c, ldc: ldc,
            scratch: ProductScratch.forCurrentThread())
    }

    /// Two halves on whole tiles: by columns where there are at least two column tiles, else by rows. A
    /// product that packs its tiles of op(A) (a weight gradient) with a single block of columns splits by
    /// rows, so that each core packs only its half of op(A) rather than all of it.
    func halves() -> (FloatProductSlice, FloatProductSlice)? {
        let kernel = FloatProductKernel.self
        let tileColumns = kernel.columnsPerTile, tileRows = kernel.Tiles.preferred.rowsPerTile(for: rows.count)
        let rowsFirst = kernel.packsTilesOfA(operands) && columns.count <= kernel.blockColumns
        var first = self, second = self
        if columns.count >= 2 * tileColumns && !(rowsFirst && rows.count >= 2 * tileRows) {
            let middle = columns.lowerBound + (columns.count / 2 + tileColumns - 1) / tileColumns * tileColumns
            first.columns = columns.lowerBound..<middle
            second.columns = middle..<columns.upperBound
        } else if rows.count >= 2 * tileRows {
            let middle = rows.lowerBound + (rows.count / 2 + tileRows - 1) / tileRows * tileRows
            first.rows = rows.lowerBound..<middle
            second.rows = middle..<rows.upperBound
        } else {
            return nil
        }
        return (first, second)
    }
}
