#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Somewhere text can be written: stdout and stderr in the program, a string buffer in tests.
public protocol TextStream: AnyObject {
    /// Writes `text` exactly as given (no newline added) and makes it visible at once.
    func write(_ text: String)
}

/// A `TextStream` over a C stdio stream, flushed after every write so stdout and stderr interleave in
/// the order they were produced even when one of them is a pipe.
public final class StandardStream: TextStream {
    private let file: UnsafeMutablePointer<FILE>

    /// The process's standard output.
    public static let output = StandardStream(file: stdout)
    /// The process's standard error.
    public static let error = StandardStream(file: stderr)

    private init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
    }

    /// Writes and flushes `text`.
    public func write(_ text: String) {
        fputs(text, file)
        fflush(file)
    }
}
