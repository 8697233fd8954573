#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a whole file with the system's own reason on failure ("Is a directory", "Permission denied"),
/// where Foundation would say "The file couldn't be opened" or "(NSCocoaErrorDomain error 256.)".
public enum FileReading {
    /// The bytes of the file at `url`.
    public static func contents(of url: URL) throws(FileReadError) -> Data {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, errno) }
        guard (status.st_mode & S_IFMT) != S_IFDIR else { throw failure(path, EISDIR) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> FileReadError {
        FileReadError(path: path, reason: String(cString: strerror(code)))
    }
}

/// A file that could not be read: its path and the system's reason.
public struct FileReadError: Error, Equatable, CustomStringConvertible {
    public var path: String
    /// strerror's wording: "No such file or directory", "Is a directory", "Permission denied".
    public var reason: String

    public var description: String { "cannot read '\(path)': \(reason)" }
}
