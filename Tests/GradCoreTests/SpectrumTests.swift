import Foundation
import XCTest
@testable import GradCore

/// Eigenvalues and singular values against matrices whose spectra are known.
final class SpectrumTests: XCTestCase {
    private func rotation(_ angle: Double, scale: Double) -> [Double] {
        [scale * cos(angle), -scale * sin(angle), scale * sin(angle), scale * cos(angle)]
    }

    /// Places square blocks on the diagonal of an n × n matrix.
    private func blockDiagonal(_ blocks: [(values: [Double], size: Int)]) -> (values: [Double], n: Int) {
        let n = blocks.reduce(0) { $0 + $1.size }
        var values = [Double](repeating: 0, count: n * n)
        var offset = 0
        for block in blocks {
            for i in 0..<block.size { for j in 0..<block.size { values[(offset + i) * n + offset + j] = block.values[i * block.size + j] } }
            offset += block.size
        }
        return (values, n)
    }

    func testRotationHasAComplexPairOnItsCircle() {
        let eigen = Spectrum.eigenvalues(rotation(0.7, scale: 0.8), n: 2)
        XCTAssertEqual(eigen.count, 2)
        for value in eigen {
            XCTAssertEqual(value.magnitude, 0.8, accuracy: 1e-14)
            XCTAssertEqual(abs(value.imaginary), 0.8 * sin(0.7), accuracy: 1e-14)
        }
        XCTAssertEqual(Spectrum.spectralRadius(rotation(2.5, scale: 1.3), n: 2), 1.3, accuracy: 1e-14)
    }

    func testTriangularMatrixHasItsDiagonal() {
        var rng = SeededGenerator(seed: 2)
        let diagonal = [0.3, -0.9, 0.5, 0.1, -0.2, 0.7]
        let n = diagonal.count
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            values[i * n + i] = diagonal[i]
            for j in (i + 1)..<n { values[i * n + j] = rng.nextNormal() }
        }
        let found = Spectrum.eigenvalues(values, n: n).map(\.real).sorted()
        for (a, e) in zip(found, diagonal.sorted()) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        XCTAssertEqual(Spectrum.spectralRadius(values, n: n), 0.9, accuracy: 1e-12)
    }

    /// A similarity transform hides the block structure; the radius is the rotation's 1.2.
    func testHiddenRotationDominates() {
        let (block, n) = blockDiagonal([(rotation(1.1, scale: 1.2), 2), ([0.9], 1), (rotation(0.3, scale: 0.5), 2)])
        let q = Orthogonal.matrix(rows: n, cols: n, using: &rng)
        var mixed = [Double](repeating: 0, count: n * n)  // Q·B·Qᵀ
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { for l in 0..<n { sum += q[i * n + k] * block[k * n + l] * q[j * n + l] } }
                mixed[i * n + j] = sum
            }
        }
        XCTAssertEqual(Spectrum.spectralRadius(mixed, n: n), 1.2, accuracy: 1e-12)
    }

    private var rng = SeededGenerator(seed: 21)

    /// The companion matrix of (x − 0.5)(x + 1.2)(x² − 0.6x + 0.25): roots 0.5, −1.2 and 0.3 ± 0.4i.
    func testCompanionMatrixRoots() {
        // x⁴ + c₃x³ + c₂x² + c₁x + c₀ with the roots above.
        let c3 = 0.1, c2 = -0.77, c1 = 0.535, c0 = -0.15
        let companion = [-c3, -c2, -c1, -c0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]
        let eigen = Spectrum.eigenvalues(companion, n: 4)
        let reals = eigen.filter { $0.imaginary == 0 }.map(\.real).sorted()
        XCTAssertEqual(reals.count, 2)
        XCTAssertEqual(reals[0], -1.2, accuracy: 1e-12)
        XCTAssertEqual(reals[1], 0.5, accuracy: 1e-12)
        for pair in eigen where pair.imaginary != 0 {
            XCTAssertEqual(pair.real, 0.3, accuracy: 1e-12)
            XCTAssertEqual(abs(pair.imaginary), 0.4, accuracy: 1e-12)
        }
    }

    /// On a random 40 × 40 matrix: Σλ = tr A and Σλ² = tr A², and the imaginary parts cancel.
    func testRandomMatrixTraces() {
        let n = 40
        let a = (0..<(n * n)).map { _ in rng.nextNormal() }
        let eigen = Spectrum.eigenvalues(a, n: n)
        XCTAssertEqual(eigen.count, n)
        let trace = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
        var traceSquared = 0.0
        for i in 0..<n { for k in 0..<n { traceSquared += a[i * n + k] * a[k * n + i] } }
        XCTAssertEqual(eigen.reduce(0) { $0 + $1.real }, trace, accuracy: 1e-9)
        XCTAssertEqual(eigen.reduce(0) { $0 + $1.imaginary }, 0, accuracy: 1e-9)
        let sumSquares = eigen.reduce(0) { $0 + $1.real * $1.real - $1.imaginary * $1.imaginary }
        XCTAssertEqual(sumSquares, traceSquared, accuracy: 1e-8)
    }

    func testLargestSingularValue() {
        XCTAssertEqual(Spectrum.largestSingularValue([3, 0, 0, 0, -5, 0, 0, 0, 2], rows: 3, cols: 3), 5, accuracy: 1e-12)
        let u = [1.0, -2, 0.5], v = [0.3, 0.4]  // u·vᵀ has σ = ‖u‖‖v‖
        let outer = u.flatMap { a in v.map { a * $0 } }
        XCTAssertEqual(Spectrum.largestSingularValue(outer, rows: 3, cols: 2), (5.25).squareRoot() * 0.5, accuracy: 1e-12)
        let q = Orthogonal.matrix(rows: 16, cols: 16, using: &rng)
        XCTAssertEqual(Spectrum.largestSingularValue(q, rows: 16, cols: 16), 1, accuracy: 1e-12)
        // σ₁² is the largest eigenvalue of the symmetric AᵀA.
        let a = (0..<(20 * 12)).map { _ in rng.nextNormal() }
        var gram = [Double](repeating: 0, count: 144)
        for i in 0..<12 { for j in 0..<12 { for r in 0..<20 { gram[i * 12 + j] += a[r * 12 + i] * a[r * 12 + j] } } }
        let top = Spectrum.spectralRadius(gram, n: 12)
        XCTAssertEqual(Spectrum.largestSingularValue(a, rows: 20, cols: 12), top.squareRoot(), accuracy: 1e-9)
    }

    func testNonFiniteMatrixHasNoRadius() {
        XCTAssertTrue(Spectrum.spectralRadius([1, .nan, 0, 1], n: 2).isNaN)
        XCTAssertTrue(Spectrum.largestSingularValue([1, .infinity, 0, 1], rows: 2, cols: 2).isNaN)
    }
}
