#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes `grad --serve` replies: one JSON object per line, flushed at once, never larger than
/// `ServeProtocol.maxReplyBytes`. Safe from any thread (a sweep's cells report from theirs).
final class ReplyWriter {
    private let stream: TextStream
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(stream: TextStream) {
        self.stream = stream
    }

    /// Writes `reply`; one too large to send is replaced by an error saying so.
    func send<Reply: Encodable>(_ reply: Reply, id: RequestID?) {
        lock.lock()
        defer { lock.unlock() }
        var line = encoded(Envelope(id: id, reply: reply))
        if line.utf8.count > ServeProtocol.maxReplyBytes {
            let problem = ErrorReply(code: "too_large",
                                     message: "a reply of \(line.utf8.count) bytes was dropped (the limit is \(ServeProtocol.maxReplyBytes))")
            line = encoded(Envelope(id: id, reply: problem))
        }
        stream.write(line + "\n")
    }

    private func encoded<Reply: Encodable>(_ envelope: Envelope<Reply>) -> String {
        // Every reply is plain strings, numbers and booleans, which JSONEncoder always encodes.
        (try? encoder.encode(envelope)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A reply with its request's `id` merged in beside the reply's own fields.
private struct Envelope<Reply: Encodable>: Encodable {
    var id: RequestID?
    var reply: Reply

    private enum Key: String, CodingKey { case id }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        // `id` is written even when unknown (as null), so a client can tell such errors from events.
        try container.encode(id, forKey: .id)
        try reply.encode(to: encoder)
    }
}
