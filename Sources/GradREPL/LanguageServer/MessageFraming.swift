#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The Language Server Protocol's base protocol on a descriptor: header lines (`Content-Length: N`), an
/// empty line, then N bytes of JSON. A body over `limit` bytes is read past without being kept, so no
/// message can make the server's memory grow without end.
final class MessageReader {
    enum Result: Equatable {
        case message(Data)
        /// A body over the limit, skipped.
        case tooLarge(bytes: Int)
        /// A header block without a usable `Content-Length`; the reader resumes at the next header.
        case badHeader(String)
        case endOfInput
    }

    private let descriptor: Int32
    private let limit: Int
    private var buffer = Data()
    private var atEnd = false

    init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    func next() -> Result {
        // Headers end at the first empty line; "\r\n" is the protocol's separator, plain "\n" is tolerated.
        var headerLines: [String] = []
        while true {
            guard let line = readLine() else { return .endOfInput }
            if line.isEmpty {
                if headerLines.isEmpty { continue }
                break
            }
            headerLines.append(line)
            if headerLines.count > 32 { return .badHeader("too many header lines") }
        }
        let lengths = headerLines.compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }
        guard let length = lengths.first, length >= 0 else {
            return .badHeader("a message needs a 'Content-Length: N' header")
        }
        if length > limit {
            return skip(length) ? .tooLarge(bytes: length) : .endOfInput
        }
        while buffer.count < length {
            guard fill() else { return .endOfInput }
        }
        let body = buffer.prefix(length)
        buffer.removeFirst(length)
        return .message(Data(body))
    }

    /// One header line without its line break; nil at end of input. A line over 8 KiB is cut there.
    private func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                return String(decoding: line.prefix(8192), as: UTF8.self)
            }
            if buffer.count > 8192 {
                let line = buffer.prefix(8192)
                buffer.removeAll(keepingCapacity: true)
                return String(decoding: line, as: UTF8.self)
            }
            guard fill() else { return nil }
        }
    }

    private func skip(_ length: Int) -> Bool {
        var remaining = length
        while true {
            let dropped = min(remaining, buffer.count)
            buffer.removeFirst(dropped)
            remaining -= dropped
            if remaining == 0 { return true }
            guard fill() else { return false }
        }
    }

    /// Reads what is available; false at end of input.
    private func fill() -> Bool {
        guard !atEnd else { return false }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count < 0, errno == EINTR { continue }
            atEnd = true
            return false
        }
    }
}

/// Writes framed messages to a stream.
final class MessageWriter {
    private let stream: TextStream

    init(stream: TextStream) {
        self.stream = stream
    }

    /// Writes `object` (a JSON-RPC message) with its header.
    func send(_ object: [String: Any]) {
        guard let body = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { return }
        stream.write("Content-Length: \(body.count)\r\n\r\n" + String(decoding: body, as: UTF8.self))
    }
}
