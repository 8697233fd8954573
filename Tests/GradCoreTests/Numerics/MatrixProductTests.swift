import XCTest

@testable import GradCore

/// grad's own Float product: bit for bit the fixed-order definition (`MatrixProduct.reference`) whatever
/// the tiling, the split between cores or the shape, and within the classical error bound of the exact
/// product.
final class MatrixProductTests: XCTestCase {
    private struct Shape { var m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool }

    /// Odd shapes: single rows and columns, primes around the 6×16 and 8×32 tiles and the 256 k-block, k = 0, and
    /// sizes large enough to be split between the cores and packed in several blocks (of k, and of columns
    /// when op(A) = Aᵀ has long rows).
    private static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 7, 3), (5, 1, 9), (6, 16, 1), (7, 17, 13), (13, 31, 257), (64, 64, 64), (3, 5, 0),
        (71, 73, 300), (97, 530, 61), (256, 96, 513), (263, 300, 300), (16, 512, 128), (40, 48, 33), (2, 512, 300),
        (9, 64, 20), (15, 33, 7), (23, 96, 17), (264, 64, 40), (270, 40, 300),
    ]

    private func operands(_ shape: Shape, seed: UInt64) -> (Matrix<Float>, Matrix<Float>) {
        var rng = SeededGenerator(seed: seed)
        let a = Matrix<Float>(rows: shape.transposeA ? shape.k : shape.m, cols: shape.transposeA ? shape.m : shape.k)
        let b = Matrix<Float>(rows: shape.transposeB ? shape.n : shape.k, cols: shape.transposeB ? shape.k : shape.n)
        for i in 0..<a.count { a.pointer[i] = Float(rng.nextNormal()) }
        for i in 0..<b.count { b.pointer[i] = Float(rng.nextNormal()) }
        return (a, b)
    }

    /// Where the sums start: +0, the values of a whole m×n matrix already in C, or a 1×n row for every i.
    private enum Start: CustomStringConvertible {
        case zero, output(Matrix<Float>), row(Matrix<Float>)
        var description: String {
            switch self {
            case .zero: "zero"
            case .output: "output"
            case .row: "row"
            }
        }
    }

    private func product(
        _ shape: Shape, _ a: Matrix<Float>, _ b: Matrix<Float>, start: Start,
        compute: (MatrixProduct.Operands<Float>, ProductStart<Float>, UnsafeMutablePointer<Float>) -> Void
    ) -> [Float] {
        // NaN wherever C is not a start: a product that read it would show it.
        let c = Matrix<Float>(rows: shape.m, cols: shape.n, values: Array(repeating: .nan, count: shape.m * shape.n))
        let productStart: ProductStart<Float>
        switch start {
        case .zero: productStart = .zero
        case .output(let initial):
            c.copy(from: initial)
            productStart = .output
        case .row(let row): productStart = .row(UnsafePointer(row.pointer))
        }
        let operands = MatrixProduct.Operands(
            a: a.pointer, lda: a.cols, transposeA: shape.transposeA, b: b.pointer, ldb: b.cols,
            transposeB: shape.transposeB)
        compute(operands, productStart, c.pointer)
        return c.values
    }

    /// The three starts for `shape`: zero, a matrix of small integers, and a row of them.
    private func starts(_ shape: Shape) -> [Start] {
        let initial = Matrix<Float>(rows: shape.m, cols: shape.n)
        for i in 0..<initial.count { initial.pointer[i] = Float(i % 7) - 3 }
        let row = Matrix<Float>(rows: 1, cols: shape.n)
        for j in 0..<row.count { row.pointer[j] = Float(j % 5) - 2.5 }
        return [.zero, .output(initial), .row(row)]
    }

    private func forEveryShape(_ body: (Shape) -> Void) {
        for (m, n, k) in Self.shapes {
            for transposeA in [false, true] {
                for transposeB in [false, true] { body(Shape(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)) }
            }
        }
    }

    func testPackedKernelGivesTheBitsOfTheFixedOrderDefinition() {
        forEveryShape { shape in
            let (a, b) = operands(shape, seed: UInt64(shape.m * 1000 + shape.k))
            for start in starts(shape) {
                let expected = product(shape, a, b, start: start) { operands, start, c in
                    MatrixProduct.reference(operands, m: shape.m, n: shape.n, k: shape.k, start: start, c: c, ldc: shape.n)
                }
                let packed = product(shape, a, b, start: start) { operands, start, c in
                    MatrixProduct.multiply(operands, m: shape.m, n: shape.n, k: shape.k, start: start, c: c, ldc: shape.n)
                }
                XCTAssertEqual(packed.map(\.bitPattern), expected.map(\.bitPattern), "\(shape), start \(start)")
                // Both register tiles, whichever this machine prefers: single 6×16 and paired 8×32.
                for tiles in [FloatProductKernel.Tiles.single, .paired] {
                    let tiled = product(shape, a, b, start: start) { operands, start, c in
                        FloatProductKernel.multiply(
                            operands, k: shape.k, rows: 0..<shape.m, columns: 0..<shape.n, start: start, c: c,
                            ldc: shape.n, scratch: ProductScratch.forCurrentThread(), tiles: tiles)
                    }
                    XCTAssertEqual(tiled.map(\.bitPattern), expected.map(\.bitPattern), "\(shape), \(tiles), start \(start)")
                }
            }
        }
    }

    /// A k × n buffer with rows padded to `inPlaceStride` (a recurrent layer's W_hhᵀ) is read in place, by
    /// both tiles, and gives the definition's bits.
    func testPaddedRowsReadInPlaceGiveTheDefinitionsBits() {
        for (m, n, k) in [(16, 512, 128), (7, 200, 50), (13, 48, 300)] {
            let ldb = MatrixProduct.inPlaceStride(columns: n)
            XCTAssertEqual(ldb % 32, 16, "an odd number of 64-byte lines")
            var rng = SeededGenerator(seed: UInt64(n))
            let a = Matrix<Float>(rows: m, cols: k, values: (0..<(m * k)).map { _ in Float(rng.nextNormal()) })
            let b = Matrix<Float>(rows: k, cols: ldb, values: (0..<(k * ldb)).map { _ in Float(rng.nextNormal()) })
            let operands = MatrixProduct.Operands(a: a.pointer, lda: k, transposeA: false, b: b.pointer, ldb: ldb, transposeB: false)
            XCTAssertFalse(FloatProductKernel.packsPanels(operands))
            let expected = Matrix<Float>(rows: m, cols: n)
            MatrixProduct.reference(operands, m: m, n: n, k: k, start: .zero, c: expected.pointer, ldc: n)
            for tiles in [FloatProductKernel.Tiles.single, .paired] {
                let c = Matrix<Float>(rows: m, cols: n)
                FloatProductKernel.multiply(
                    operands, k: k, rows: 0..<m, columns: 0..<n, start: .zero, c: c.pointer, ldc: n,
                    scratch: ProductScratch.forCurrentThread(), tiles: tiles)
                XCTAssertEqual(c.values.map(\.bitPattern), expected.values.map(\.bitPattern), "\(m)x\(n)x\(k) \(tiles)")
            }
        }
    }

    func testBitsDoNotDependOnHowTheTilesAreSharedOut() {
        let shape = Shape(m: 97, n: 530, k: 61, transposeA: false, transposeB: true)
        let (a, b) = operands(shape, seed: 3)
        let whole = product(shape, a, b, start: .zero) { operands, _, c in
            FloatProductSlice(operands: operands, k: shape.k, rows: 0..<shape.m, columns: 0..<shape.n,
                              start: .zero, c: c, ldc: shape.n).run()
        }
        // Every split point on the tile grid, by columns and by rows, each part run on its own.
        for split in stride(from: 16, to: shape.n, by: 16) {
            let parts = product(shape, a, b, start: .zero) { operands, _, c in
                for columns in [0..<split, split..<shape.n] {
                    FloatProductSlice(operands: operands, k: shape.k, rows: 0..<shape.m, columns: columns,
                                      start: .zero, c: c, ldc: shape.n).run()
                }
            }
            XCTAssertEqual(parts.map(\.bitPattern), whole.map(\.bitPattern), "columns split at \(split)")
        }
        for split in stride(from: 6, to: shape.m, by: 6) {
            let parts = product(shape, a, b, start: .zero) { operands, _, c in
                for rows in [0..<split, split..<shape.m] {
                    FloatProductSlice(operands: operands, k: shape.k, rows: rows, columns: 0..<shape.n,
                                      start: .zero, c: c, ldc: shape.n).run()
                }
            }
            XCTAssertEqual(parts.map(\.bitPattern), whole.map(\.bitPattern), "rows split at \(split)")
        }
    }

    /// |c − exact| ≤ k·u·Σ|a||b| (u = 2⁻²⁴), the standard bound for a sum of k products with one rounding
    /// each (Higham, Accuracy and Stability, §3.1), against a Float64 product of the same Floats.
    func testErrorStaysWithinTheStandardBound() {
        forEveryShape { shape in
            let (a, b) = operands(shape, seed: 9)
            let packed = product(shape, a, b, start: .zero) { operands, start, c in
                MatrixProduct.multiply(operands, m: shape.m, n: shape.n, k: shape.k, start: start, c: c, ldc: shape.n)
            }
            let operands = MatrixProduct.Operands(
                a: a.pointer, lda: a.cols, transposeA: shape.transposeA, b: b.pointer, ldb: b.cols,
                transposeB: shape.transposeB)
            for i in 0..<shape.m {
                for j in 0..<shape.n {
                    var exact = 0.0, magnitude = 0.0
                    for p in 0..<shape.k {
                        exact += Double(operands.a(i, p)) * Double(operands.b(p, j))
                        magnitude += abs(Double(operands.a(i, p)) * Double(operands.b(p, j)))
                    }
                    let bound = Double(shape.k) * 0x1p-24 * magnitude
                    XCTAssertLessThanOrEqual(abs(Double(packed[i * shape.n + j]) - exact), bound, "\(shape) at \(i),\(j)")
                }
            }
        }
    }

    func testEmptySumOverwritesWithZeroOrKeepsTheStart() {
        let a = Matrix<Float>(rows: 2, cols: 0), b = Matrix<Float>(rows: 0, cols: 3)
        let c = Matrix<Float>(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6])
        let operands = MatrixProduct.Operands(a: a.pointer, lda: 0, transposeA: false, b: b.pointer, ldb: 3, transposeB: false)
        MatrixProduct.multiply(operands, m: 2, n: 3, k: 0, start: .output, c: c.pointer, ldc: 3)
        XCTAssertEqual(c.values, [1, 2, 3, 4, 5, 6])
        let row: [Float] = [7, 8, 9]
        row.withUnsafeBufferPointer { MatrixProduct.multiply(operands, m: 2, n: 3, k: 0, start: .row($0.baseAddress!), c: c.pointer, ldc: 3) }
        XCTAssertEqual(c.values, [7, 8, 9, 7, 8, 9])
        MatrixProduct.multiply(operands, m: 2, n: 3, k: 0, start: .zero, c: c.pointer, ldc: 3)
        XCTAssertEqual(c.values, [0, 0, 0, 0, 0, 0])
    }

    /// Starting from a row is the same sum as copying the row into every line of C and accumulating onto it
    /// (how layers added their bias before), so the bits are the same.
    func testRowStartGivesTheBitsOfTheRowCopiedIntoCThenAccumulated() {
        for (m, n, k) in [(64, 1024, 300), (16, 512, 128), (7, 17, 13), (270, 40, 300)] {
            let shape = Shape(m: m, n: n, k: k, transposeA: false, transposeB: true)
            let (a, b) = operands(shape, seed: UInt64(n))
            guard case .row(let row) = starts(shape)[2] else { return XCTFail("the third start is a row") }
            let copied = Matrix<Float>(rows: m, cols: n)
            for i in 0..<m { (copied.pointer + i * n).update(from: row.pointer, count: n) }
            let fromRow = product(shape, a, b, start: .row(row)) { operands, start, c in
                MatrixProduct.multiply(operands, m: m, n: n, k: k, start: start, c: c, ldc: n)
            }
            let accumulated = product(shape, a, b, start: .output(copied)) { operands, start, c in
                MatrixProduct.multiply(operands, m: m, n: n, k: k, start: start, c: c, ldc: n)
            }
            XCTAssertEqual(fromRow.map(\.bitPattern), accumulated.map(\.bitPattern), "\(m)x\(n)x\(k)")
        }
    }
}
