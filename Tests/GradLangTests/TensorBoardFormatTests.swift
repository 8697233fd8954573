import XCTest
@testable import GradLang

/// The byte-level pieces of `export tensorboard`, against published check values; reading whole files with
/// TensorBoard's own loader is done in Tests/python/test_tensorboard.py.
final class TensorBoardFormatTests: XCTestCase {
    func testCRC32CMatchesTheCastagnoliCheckValue() {
        // The standard check value of CRC-32C (RFC 3720, appendix B.4) for "123456789".
        XCTAssertEqual(TFRecord.crc32c(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(TFRecord.crc32c([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
    }

    func testRecordsAreLengthCRCDataCRC() {
        let data = TFRecord.framed([[1, 2, 3]])
        XCTAssertEqual(data.count, 8 + 4 + 3 + 4)
        XCTAssertEqual(Array(data.prefix(8)), [3, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(data[12..<15]), [1, 2, 3])
        let stored = data[15..<19].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        XCTAssertEqual(stored, TFRecord.maskedCRC([1, 2, 3]))
    }

    func testProtobufFieldsUseTheirWireTypes() {
        var message = EventProtobuf.Message()
        message.varint(2, 300)
        XCTAssertEqual(message.bytes, [0x10, 0xAC, 0x02])  // the protobuf guide's own example
        message = EventProtobuf.Message()
        message.string(1, "loss")
        XCTAssertEqual(message.bytes, [0x0A, 4] + Array("loss".utf8))
        message = EventProtobuf.Message()
        message.float(2, 1)
        XCTAssertEqual(message.bytes, [0x15, 0, 0, 0x80, 0x3F])
    }

    func testHistogramsCountEveryFiniteValueOnce() {
        let histogram = TensorBoardHistogram.make(tag: "t", values: [0, 1, 2, 3, .nan, 3])
        XCTAssertEqual(histogram.count, 5)
        XCTAssertEqual(histogram.counts.reduce(0, +), 5)
        XCTAssertEqual(histogram.limits.last, 3)
        XCTAssertEqual(histogram.sum, 9)
        XCTAssertEqual(histogram.sumOfSquares, 23)
        let constant = TensorBoardHistogram.make(tag: "t", values: [2, 2])
        XCTAssertEqual(constant.counts, [2])
        XCTAssertEqual(constant.limits, [2])
    }
}
