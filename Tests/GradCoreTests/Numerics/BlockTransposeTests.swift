import XCTest

@testable import GradCore

/// `BlockTranspose`: whole 16×16 blocks in registers and the ragged edges value by value.
final class BlockTransposeTests: XCTestCase {
    func testMatrixTransposeMatchesTheDefinitionForRaggedShapesAndStrides() {
        for (rows, cols) in [(1, 1), (3, 5), (16, 16), (17, 16), (16, 33), (37, 21), (512, 128), (50, 200)] {
            let sourceStride = cols + 3, targetStride = rows + 5
            let source = (0..<(rows * sourceStride)).map { Float($0) }
            var target = [Float](repeating: -1, count: cols * targetStride)
            source.withUnsafeBufferPointer { s in
                target.withUnsafeMutableBufferPointer { t in
                    BlockTranspose.transpose(
                        s.baseAddress!, rows: rows, cols: cols, sourceStride: sourceStride, into: t.baseAddress!,
                        targetStride: targetStride)
                }
            }
            for j in 0..<cols {
                for i in 0..<targetStride {
                    let expected = i < rows ? source[i * sourceStride + j] : -1  // padding left alone
                    XCTAssertEqual(target[j * targetStride + i], expected, "\(rows)×\(cols) at [\(j)][\(i)]")
                }
            }
        }
    }
}
