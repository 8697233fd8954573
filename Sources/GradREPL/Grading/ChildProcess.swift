#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A child process in its own process group whose merged stdout and stderr are collected up to a cap,
/// and which is killed, with everything it started, when it outlives its time.
///
/// Foundation's `Process` cannot put a child in a new process group, and killing only the child would
/// leave anything it spawned running; `posix_spawn` with `POSIX_SPAWN_SETPGROUP` can.
final class ChildProcess {
    /// How a child ended.
    enum Ending: Equatable {
        /// It exited by itself with this status.
        case exited(Int32)
        /// A signal ended it (a crash, or the kernel's CPU or memory limits).
        case signaled(Int32)
        /// It was still running at the deadline and was killed.
        case timedOut
    }

    private let pid: pid_t
    private let buffer = OutputBuffer()

    /// Starts `executable` with `arguments` (not including argv[0]) and exactly `environment`;
    /// `outputLimit` bytes of its output
    /// are kept, the rest is read and dropped so the child never blocks on a full pipe.
    init(executable: String, arguments: [String], environment: [String: String], outputLimit: Int) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ChildProcessError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard status == 0 else {
            close(readEnd)
            throw ChildProcessError("cannot start '\(executable)': \(String(cString: strerror(status)))")
        }
        pid = child

        // Reading on a thread of our own keeps the pipe drained whatever the child writes.
        let sink = buffer
        Thread {
            sink.drain(readEnd, limit: outputLimit)
            close(readEnd)
        }.start()
    }

    /// Kills the child and its whole process group at once (safe from any thread).
    func terminate() {
        kill(-pid, SIGKILL)
    }

    /// Waits up to `timeout` seconds; a child still running then is killed with its whole process group.
    /// Returns how it ended and its output (with whether the output was cut at the limit).
    func wait(timeout: Double) -> (ending: Ending, output: Data, truncated: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var ending: Ending?
        while ending == nil {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                ending = Self.ending(status)
            } else if result < 0 && errno != EINTR {
                ending = .exited(-1)
            } else if Date() >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                ending = .timedOut
            } else {
                usleep(5_000)
            }
        }
        // Anything the child started is ended too, so the pipe closes and nothing outlives the grade.
        kill(-pid, SIGKILL)
        buffer.finished.wait()
        return (ending ?? .exited(-1), buffer.data, buffer.truncated)
    }

    private static func ending(_ status: Int32) -> Ending {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}

/// The child's output as the reader thread collects it; read only after `finished` is signalled.
private final class OutputBuffer: @unchecked Sendable {
    private(set) var data = Data()
    private(set) var truncated = false
    let finished = DispatchSemaphore(value: 0)

    /// Reads `descriptor` to its end, keeping the first `limit` bytes.
    func drain(_ descriptor: Int32, limit: Int) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            let room = max(0, limit - data.count)
            if room < count { truncated = true }
            data.append(contentsOf: chunk[0..<min(count, room)])
        }
        finished.signal()
    }
}

/// A child process that could not be started.
struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
