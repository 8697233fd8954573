#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Writes whole files so that no reader, crash or kill ever sees half of one.
///
/// The bytes go to a temporary file beside the target (`.NAME.grad-tmp.PID.RANDOM`), are flushed to disk
/// with `fsync`, and the temporary file is renamed over the target: a rename within one folder is atomic,
/// so the target is always either the old file or the complete new one. On an error the temporary file
/// is removed. A process killed outright (SIGKILL, power loss) cannot clean up, so each write first
/// removes temporary files of the same target whose process no longer runs, and the program's signal
/// exit calls `removeTemporaryFiles()`.
///
/// Foundation's `Data.write(options: .atomic)` does the rename too, but leaves its `.dat.nosync…` file
/// behind when killed, replaces a symbolic link with a plain file, and — as root — would rename its
/// temporary file over a device such as `/dev/null`. Here a link is followed, and a device or pipe is
/// written directly (it cannot be half-written in the sense that matters, and must not be replaced).
public enum AtomicFile {
    /// Writes `data` to `url`, replacing any file there; throws `AtomicFileError` naming the path and
    /// the system's reason (no such folder, permission denied, no space left on device…).
    public static func write(_ data: Data, to url: URL) throws {
        let target = url.standardizedFileURL.resolvingSymlinksInPath().path
        var status = stat()
        if stat(target, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw AtomicFileError(path: url.path, reason: "it is a folder")
            default: return try writeDirectly(data, to: target, shownAs: url.path)
            }
        }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        removeStaleTemporaryFiles(of: name, in: folder)
        let temporary = "\(folder)/.\(name).grad-tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        // Keep the old file's permissions; a new file gets the usual 0666 less the umask.
        let mode = stat(target, &status) == 0 ? status.st_mode & 0o7777 : 0o666
        pending.withLock { _ = $0.insert(temporary) }
        defer { pending.withLock { _ = $0.remove(temporary) } }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw AtomicFileError(path: url.path, errno: errno) }
        do {
            try writeAll(data, to: descriptor, path: url.path)
            guard fsync(descriptor) == 0 else { throw AtomicFileError(path: url.path, errno: errno) }
            guard close(descriptor) == 0 else {
                throw AtomicFileError(path: url.path, errno: errno)
            }
        } catch {
            _ = close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let failure = errno
            unlink(temporary)
            throw AtomicFileError(path: url.path, errno: failure)
        }
        // Make the rename itself durable; a folder that cannot be synced loses nothing but that guarantee.
        let directory = open(folder, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            _ = close(directory)
        }
    }

    /// Removes the temporary files of writes still in progress. For the program's exit on a signal; the
    /// interrupted writes' targets keep their old contents.
    public static func removeTemporaryFiles() {
        for path in pending.withLock({ $0 }) { unlink(path) }
    }

    /// Temporary files of writes in progress in this process.
    private static let pending = Mutex<Set<String>>([])

    /// Writes to a device, pipe or socket in place: `save "/dev/null"` must not replace `/dev/null`.
    /// `O_NONBLOCK` keeps a pipe nobody reads from failing at once instead of hanging.
    private static func writeDirectly(_ data: Data, to path: String, shownAs shown: String) throws {
        let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw AtomicFileError(path: shown, errno: errno) }
        defer { _ = close(descriptor) }
        try writeAll(data, to: descriptor, path: shown)
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, min(buffer.count - offset, 1 << 20))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: path, errno: errno)
                }
                offset += written
            }
        }
    }

    /// Removes `.NAME.grad-tmp.PID.*` files in `folder` whose process is gone: what a killed save left.
    private static func removeStaleTemporaryFiles(of name: String, in folder: String) {
        let prefix = ".\(name).grad-tmp."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let fields = entry.dropFirst(prefix.count).split(separator: ".")
            guard let field = fields.first, let pid = pid_t(field), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink("\(folder)/\(entry)") }
        }
    }
}

/// A file that could not be written, with the path as the user wrote it and the system's reason.
public struct AtomicFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// `write(2)`, named apart from `AtomicFile.write` (which would shadow it inside the enum).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
