import Foundation

/// A file's bytes as program text. A UTF-8 byte-order mark (which some Windows editors write) is
/// skipped; a file that is not text (a NUL byte, or bytes that are not UTF-8) is refused as a whole
/// with one reason, instead of being parsed into a thousand errors about invisible characters.
public enum SourceText {
    /// Why a file is not program text: "it contains a NUL byte (line 3), so it is not a text file", or
    /// the system's reason it could not be read ("Is a directory").
    public struct NotText: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The text of `data`, or why it is not text.
    public static func decode(_ data: Data) -> Result<String, NotText> {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(NotText(reason: "it contains a NUL byte (line \(line(of: nul, in: bytes))), so it is not a text file"))
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            let bad = firstInvalidByte(in: bytes)
            let where_ = bad.map { " (line \(line(of: $0, in: bytes)))" } ?? ""
            return .failure(NotText(reason: "it is not UTF-8 text\(where_)"))
        }
        return .success(text)
    }

    private static func line(of index: Data.Index, in bytes: Data.SubSequence) -> Int {
        bytes[bytes.startIndex..<index].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// Where UTF-8 decoding fails first.
    private static func firstInvalidByte(in bytes: Data.SubSequence) -> Data.Index? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = bytes.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
