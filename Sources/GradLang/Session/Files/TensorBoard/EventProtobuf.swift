import GradSyntax

/// TensorBoard's `Event` and `Summary` messages, encoded by hand: grad writes a handful of fields of four
/// messages, which does not justify a protobuf dependency. Field numbers are those of TensorFlow's
/// `event.proto` (Event), `summary.proto` (Summary, Summary.Value, HistogramProto); the legacy
/// `simple_value` and `histo` forms are still read by every TensorBoard.
enum EventProtobuf {
    /// One point of a scalar chart.
    struct Scalar {
        var tag: String
        var value: Double
    }

    /// One histogram: counts of values up to each right edge (`limits` ascending, the last one the maximum).
    struct Histogram {
        var tag: String
        var minimum: Double
        var maximum: Double
        var count: Double
        var sum: Double
        var sumOfSquares: Double
        var limits: [Double]
        var counts: [Double]
    }

    /// The first record of every event file: `Event { wall_time = 1; file_version = 3 }`.
    static func fileVersion(wallTime: Double) -> [UInt8] {
        var event = Message()
        event.double(1, wallTime)
        event.string(3, "brain.Event:2")
        return event.bytes
    }

    /// `Event { wall_time = 1; step = 2; summary = 5 }` whose Summary holds `scalars` and `histograms`.
    static func summary(step: Int, wallTime: Double, scalars: [Scalar], histograms: [Histogram] = []) -> [UInt8] {
        var summary = Message()
        for scalar in scalars {
            var value = Message()
            value.string(1, scalar.tag)
            value.float(2, Float(scalar.value))  // simple_value is a float in the format
            summary.message(1, value)
        }
        for histogram in histograms {
            var value = Message()
            value.string(1, histogram.tag)
            value.message(5, encoded(histogram))
            summary.message(1, value)
        }
        var event = Message()
        event.double(1, wallTime)
        event.varint(2, UInt64(bitPattern: Int64(step)))
        event.message(5, summary)
        return event.bytes
    }

    private static func encoded(_ histogram: Histogram) -> Message {
        var message = Message()
        message.double(1, histogram.minimum)
        message.double(2, histogram.maximum)
        message.double(3, histogram.count)
        message.double(4, histogram.sum)
        message.double(5, histogram.sumOfSquares)
        message.packedDoubles(6, histogram.limits)
        message.packedDoubles(7, histogram.counts)
        return message
    }

    /// A protobuf message being written: fields in order, each a key (field number and wire type) and a value.
    struct Message {
        private(set) var bytes: [UInt8] = []

        private enum WireType: UInt64 {
            case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
        }

        private mutating func key(_ field: Int, _ type: WireType) {
            appendVarint(UInt64(field) << 3 | type.rawValue)
        }

        private mutating func appendVarint(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func varint(_ field: Int, _ value: UInt64) {
            key(field, .varint)
            appendVarint(value)
        }

        mutating func double(_ field: Int, _ value: Double) {
            key(field, .fixed64)
            appendLittleEndian(value.bitPattern)
        }

        mutating func float(_ field: Int, _ value: Float) {
            key(field, .fixed32)
            appendLittleEndian(value.bitPattern)
        }

        mutating func string(_ field: Int, _ value: String) {
            lengthDelimited(field, Array(value.utf8))
        }

        mutating func message(_ field: Int, _ value: Message) {
            lengthDelimited(field, value.bytes)
        }

        mutating func packedDoubles(_ field: Int, _ values: [Double]) {
            var packed = Message()
            for value in values { packed.appendLittleEndian(value.bitPattern) }
            lengthDelimited(field, packed.bytes)
        }

        private mutating func lengthDelimited(_ field: Int, _ value: [UInt8]) {
            key(field, .lengthDelimited)
            appendVarint(UInt64(value.count))
            bytes += value
        }
    }
}
