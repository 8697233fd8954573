import XCTest

@testable import GradCore

/// The per-unit figures of `StatisticsCollector` that have a fast path of their own.
final class StatisticsCollectorTests: XCTestCase {
    /// Dead units counted 64 columns at a time in registers agree with the column-by-column definition, for
    /// widths around the 16- and 64-column blocks, with dead columns, a NaN column (never "alive") and a
    /// column alive on a single row.
    func testDeadFloatColumnsMatchTheColumnSums() {
        var rng = SeededGenerator(seed: 7)
        for width in [1, 15, 16, 17, 63, 64, 65, 130] {
            for batch in [1, 3, 64] {
                var values: [Float] = (0..<(batch * width)).map { _ in Float.random(in: 0...1, using: &rng) < 0.5 ? 0 : 1.5 }
                for j in stride(from: 0, to: width, by: 3) {
                    for row in 0..<batch { values[row * width + j] = 0 }
                }
                if width > 4 { values[(batch - 1) * width + 3] = 0.25 }  // column 3: alive on the last row only
                if width > 5 { values[5] = .nan }
                var expected = 0
                for j in 0..<width {
                    var sum: Float = 0
                    for row in 0..<batch { sum += values[row * width + j] }
                    if !(sum > 0) { expected += 1 }
                }
                let dead = values.withUnsafeBytes {
                    StatisticsCollector<Float>.deadFloatColumns($0.baseAddress!, batch: batch, width: width)
                }
                XCTAssertEqual(dead, expected, "width \(width), batch \(batch)")
            }
        }
    }
}
