#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads `grad --serve` request lines from a descriptor, holding at most `limit` bytes of one line: a longer
/// line is skipped up to its newline and reported, so no input can make the server's memory grow without end.
final class RequestReader {
    enum Result: Equatable {
        case line(Data)
        /// A line longer than the limit, already skipped; `bytes` is its length.
        case tooLarge(bytes: Int)
        case endOfInput
        /// `stop()` returned true while waiting (SIGTERM).
        case stopped
    }

    private let descriptor: Int32
    private let wakeDescriptor: Int32
    private let limit: Int
    private let stop: () -> Bool
    private var buffer = Data()
    private var skipping = false
    private var skippedBytes = 0
    private var atEnd = false

    /// Reads `descriptor`; also wakes when `wakeDescriptor` (a signal pipe, or -1) becomes readable, and
    /// gives up when `stop` says so.
    init(descriptor: Int32, wakeDescriptor: Int32, limit: Int, stop: @escaping () -> Bool) {
        self.descriptor = descriptor
        self.wakeDescriptor = wakeDescriptor
        self.limit = limit
        self.stop = stop
    }

    /// The next line without its newline (a final line without one counts too).
    func next() -> Result {
        while true {
            if let result = takeLine() { return result }
            if atEnd {
                guard !buffer.isEmpty || skipping else { return .endOfInput }
                return finishLastLine()
            }
            if stop() { return .stopped }
            fill()
        }
    }

    /// A complete line from the buffer, if there is one; while skipping, drops bytes up to the newline.
    private func takeLine() -> Result? {
        guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
            if skipping {
                skippedBytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
            } else if buffer.count > limit {
                skipping = true
                skippedBytes = buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
            return nil
        }
        let line = buffer[buffer.startIndex..<newline]
        buffer.removeSubrange(buffer.startIndex...newline)
        if skipping {
            skipping = false
            defer { skippedBytes = 0 }
            return .tooLarge(bytes: skippedBytes + line.count)
        }
        return line.count > limit ? .tooLarge(bytes: line.count) : .line(Data(line))
    }

    private func finishLastLine() -> Result {
        defer {
            buffer.removeAll()
            skipping = false
        }
        if skipping || buffer.count > limit { return .tooLarge(bytes: skippedBytes + buffer.count) }
        return .line(buffer)
    }

    /// Waits for input (or a signal) and appends what is there.
    private func fill() {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        if wakeDescriptor >= 0 { descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
        guard poll(&descriptors, nfds_t(descriptors.count), -1) > 0 else { return }
        if descriptors.count > 1, descriptors[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            _ = read(wakeDescriptor, &drain, drain.count)
        }
        guard descriptors[0].revents != 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = read(descriptor, &chunk, chunk.count)
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
        } else if count == 0 || errno != EINTR && errno != EAGAIN {
            atEnd = true
        }
    }
}
