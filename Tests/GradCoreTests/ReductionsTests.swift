import XCTest

@testable import GradCore

/// `BufferSummary`: the one-pass sums behind every gradient and activation statistic and every clipping norm.
final class ReductionsTests: XCTestCase {
    /// Lengths around the eight-lane vectors, the vector pairs and the 512-vector flushes.
    private let lengths = [0, 1, 7, 8, 9, 15, 16, 17, 24, 4095, 4096, 4097, 4103, 8200, 100_003]

    private func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: -3...2, using: &rng) }
    }

    func testFloatSummaryMatchesADoubleReference() {
        for count in lengths {
            let data = values(count, seed: UInt64(count) + 1)
            let summary = data.withUnsafeBufferPointer { BufferSummary.of($0.baseAddress!, count: count) }
            let doubles = data.map(Double.init)
            let sum = doubles.reduce(0, +), squares = doubles.reduce(0) { $0 + $1 * $1 }
            XCTAssertEqual(summary.count, count)
            XCTAssertEqual(summary.sum, sum, accuracy: 1e-5 * max(squares, 1), "sum, \(count) values")
            XCTAssertEqual(summary.sumOfSquares, squares, accuracy: 1e-6 * max(squares, 1), "squares, \(count) values")
            XCTAssertEqual(summary.maxMagnitude, doubles.map(abs).max() ?? 0, "max, \(count) values")
            XCTAssertTrue(summary.isFinite)
        }
    }

    /// The clipper measures with `sumOfSquares` and, on recorded steps, reuses the summaries' squares; the
    /// two must agree to the last bit or recording statistics would change how training clips.
    func testSumOfSquaresIsBitIdenticalToTheSummarys() {
        for count in lengths {
            let data = values(count, seed: UInt64(count) + 7)
            data.withUnsafeBufferPointer { buffer in
                let pointer = buffer.baseAddress!
                XCTAssertEqual(
                    BufferSummary.sumOfSquares(pointer, count: count).bitPattern,
                    BufferSummary.of(pointer, count: count).sumOfSquares.bitPattern, "\(count) values")
            }
            let doubles = data.map(Double.init)
            doubles.withUnsafeBufferPointer { buffer in
                let pointer = buffer.baseAddress!
                XCTAssertEqual(
                    BufferSummary.sumOfSquares(pointer, count: count).bitPattern,
                    BufferSummary.of(pointer, count: count).sumOfSquares.bitPattern, "\(count) Doubles")
            }
        }
    }

    /// Activation figures take `moments`, without the largest magnitude: its sums must be `of`'s to the bit.
    /// Signed zeros among the values leave the largest magnitude exact.
    func testMomentsAreBitIdenticalToTheSummarysSums() {
        for count in lengths {
            var data = values(count, seed: UInt64(count) + 11)
            for i in stride(from: 0, to: count, by: 5) { data[i] = i % 10 == 0 ? -0.0 : 0.0 }
            data.withUnsafeBufferPointer { buffer in
                let pointer = buffer.baseAddress!
                let moments = BufferSummary.moments(pointer, count: count), summary = BufferSummary.of(pointer, count: count)
                XCTAssertEqual(moments.sum.bitPattern, summary.sum.bitPattern, "\(count) values")
                XCTAssertEqual(moments.sumOfSquares.bitPattern, summary.sumOfSquares.bitPattern, "\(count) values")
                XCTAssertEqual(summary.maxMagnitude.bitPattern, (data.map { Double(abs($0)) }.max() ?? 0).bitPattern)
            }
        }
    }

    func testMeanAndPopulationStd() {
        let data: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        let summary = data.withUnsafeBufferPointer { BufferSummary.of($0.baseAddress!, count: data.count) }
        XCTAssertEqual(summary.mean, 6, accuracy: 1e-12)
        XCTAssertEqual(summary.std, 10.0.squareRoot(), accuracy: 1e-9)  // Σ(x − 6)² / 11 = 110 / 11
        XCTAssertEqual(BufferSummary.empty.std, 0)
    }

    /// NaN or ±∞ anywhere — in a vector lane or in the tail — makes the summary non-finite.
    func testNonFiniteValuesAreNoticedWherever() {
        for count in [5, 16, 4099] {
            for position in [0, count / 2, count - 1] {
                for bad in [Float.nan, .infinity, -.infinity] {
                    var data = values(count, seed: 3)
                    data[position] = bad
                    let summary = data.withUnsafeBufferPointer { BufferSummary.of($0.baseAddress!, count: count) }
                    XCTAssertFalse(summary.isFinite, "\(bad) at \(position) of \(count)")
                    XCTAssertFalse(
                        data.withUnsafeBufferPointer { BufferSummary.sumOfSquares($0.baseAddress!, count: count) }.isFinite)
                }
            }
        }
    }
}
