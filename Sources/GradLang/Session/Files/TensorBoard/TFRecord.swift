import Foundation
import GradSyntax

/// TensorFlow's record framing, which TensorBoard's event files use: for each record, its length as a
/// little-endian UInt64, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data.
/// (TensorFlow's `tensorflow/core/lib/io/record_writer.cc`; the mask is `crc32c::Mask`.)
enum TFRecord {
    /// `records` framed one after another.
    static func framed(_ records: [[UInt8]]) -> Data {
        var file = Data()
        for record in records {
            var length = UInt64(record.count).littleEndian
            let lengthBytes = withUnsafeBytes(of: &length) { Array($0) }
            file.append(contentsOf: lengthBytes)
            append(maskedCRC(lengthBytes), to: &file)
            file.append(contentsOf: record)
            append(maskedCRC(record), to: &file)
        }
        return file
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { data.append(contentsOf: $0) }
    }

    /// The CRC rotated right by 15 bits plus a constant: TensorFlow masks stored CRCs so that a CRC of
    /// data that itself holds CRCs does not degenerate.
    static func maskedCRC(_ bytes: [UInt8]) -> UInt32 {
        let crc = crc32c(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one table lookup per byte.
    static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0x82F6_3B78 : value >> 1 }
        return value
    }
}
