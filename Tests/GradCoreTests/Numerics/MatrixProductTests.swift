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

    private func product(
        _ shape: Shape, _ a: Matrix<Float>, _ b: Matrix<Float>, start: Matrix<Float>?,
        compute: (MatrixProduct.Operands<Float>, Bool, UnsafeMutablePointer<Float>) -> Void
    ) -> [Float] {
        let c = Matrix<Float>(rows: shape.m, cols: shape.n)
        if let start { c.copy(from: start) }
        let operands = MatrixProduct.Operands(
            a: a.pointer, lda: a.cols, transposeA: shape.transposeA, b: b.pointer, ldb: b.cols,
            transposeB: shape.transposeB)
        compute(operands, start != nil, c.pointer)
        return c.values
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
            let start = Matrix<Float>(rows: shape.m, cols: shape.n)
            for i in 0..<start.count { start.pointer[i] = Float(i % 7) - 3 }
            for initial in [nil, start] {
                let expected = product(shape, a, b, start: initial) { operands, accumulate, c in
                    MatrixProduct.reference(operands, m: shape.m, n: shape.n, k: shape.k, accumulate: accumulate, c: c, ldc: shape.n)
                }
                let packed = product(shape, a, b, start: initial) { operands, accumulate, c in
                    MatrixProduct.multiply(operands, m: shape.m, n: shape.n, k: shape.k, accumulate: accumulate, c: c, ldc: shape.n)
                }
                XCTAssertEqual(packed.map(\.bitPattern), expected.map(\.bitPattern), "\(shape), accumulate \(initial != nil)")
                // Both register tiles, whichever this machine prefers: single 6×16 and paired 8×32.
                for tiles in [FloatProductKernel.Tiles.single, .paired] {
                    let tiled = product(shape, a, b, start: initial) { operands, accumulate, c in
                        FloatProductKernel.multiply(
                            operands, k: shape.k, rows: 0..<shape.m, columns: 0..<shape.n, accumulate: accumulate, c: c,
                            ldc: shape.n, scratch: ProductScratch.forCurrentThread(), tiles: tiles)
                    }
                    XCTAssertEqual(tiled.map(\.bitPattern), expected.map(\.bitPattern), "\(shape), \(tiles)")
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
            MatrixProduct.reference(operands, m: m, n: n, k: k, accumulate: false, c: expected.pointer, ldc: n)
            for tiles in [FloatProductKernel.Tiles.single, .paired] {
                let c = Matrix<Float>(rows: m, cols: n)
                FloatProductKernel.multiply(
                    operands, k: k, rows: 0..<m, columns: 0..<n, accumulate: false, c: c.pointer, ldc: n,
                    scratch: ProductScratch.forCurrentThread(), tiles: tiles)
                XCTAssertEqual(c.values.map(\.bitPattern), expected.values.map(\.bitPattern), "\(m)x\(n)x\(k) \(tiles)")
            }
        }
    }

    func testBitsDoNotDependOnHowTheTilesAreSharedOut() {
        let shape = Shape(m: 97, n: 530, k: 61, transposeA: false, transposeB: true)
        let (a, b) = operands(shape, seed: 3)
        let whole = product(shape, a, b, start: nil) { operands, _, c in
            FloatProductSlice(operands: operands, k: shape.k, rows: 0..<shape.m, columns: 0..<shape.n,
                              accumulate: false, c: c, ldc: shape.n).run()
        }
        // Every split point on the tile grid, by columns and by rows, each part run on its own.
        for split in stride(from: 16, to: shape.n, by: 16) {
            let parts = product(shape, a, b, start: nil) { operands, _, c in
                for columns in [0..<split, split..<shape.n] {
                    FloatProductSlice(operands: operands, k: shape.k, rows: 0..<shape.m, columns: columns,
                                      accumulate: false, c: c, ldc: shape.n).run()
                }
            }
            XCTAssertEqual(parts.map(\.bitPattern), whole.map(\.bitPattern), "columns split at \(split)")
        }
        for split in stride(from: 6, to: shape.m, by: 6) {
            let parts = product(shape, a, b, start: nil) { operands, _, c in
                for rows in [0..<split, split..<shape.m] {
                    FloatProductSlice(operands: operands, k: shape.k, rows: rows, columns: 0..<shape.n,
                                      accumulate: false, c: c, ldc: shape.n).run()
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
            let packed = product(shape, a, b, start: nil) { operands, accumulate, c in
                MatrixProduct.multiply(operands, m: shape.m, n: shape.n, k: shape.k, accumulate: accumulate, c: c, ldc: shape.n)
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
        MatrixProduct.multiply(operands, m: 2, n: 3, k: 0, accumulate: true, c: c.pointer, ldc: 3)
        XCTAssertEqual(c.values, [1, 2, 3, 4, 5, 6])
        MatrixProduct.multiply(operands, m: 2, n: 3, k: 0, accumulate: false, c: c.pointer, ldc: 3)
        XCTAssertEqual(c.values, [0, 0, 0, 0, 0, 0])
    }
}
