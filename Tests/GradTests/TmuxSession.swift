import Foundation

/// A program running in a detached tmux pane: a real pseudo-terminal that tests type into
/// (`send-keys`) and read back (`capture-pane`). Each session has its own tmux server socket, so it
/// never touches a developer's tmux.
final class TmuxSession {
    private let tmux: String
    private let socket = "grad-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    private let directory: URL

    /// The tmux executable on PATH, or nil when it is not installed.
    static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `command` (a shell command line) in a `width`×`height` pane.
    init(tmux: String, command: String, width: Int = 120, height: Int = 40) throws {
        self.tmux = tmux
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try run(["-f", "/dev/null", "new-session", "-d", "-s", "grad", "-x", "\(width)", "-y", "\(height)", command])
    }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Up`, `C-c`, `C-d`).
    func press(_ keys: String...) throws {
        try run(["send-keys", "-t", "grad"] + keys)
    }

    /// Types `text` literally, then Enter unless told otherwise.
    func type(_ text: String, enter: Bool = true) throws {
        try run(["send-keys", "-t", "grad", "-l", text])
        if enter { try press("Enter") }
    }

    /// The pane's text, one string per line (a line the terminal wrapped is joined back into one),
    /// trailing blanks removed: with the scrollback, or only the rows on screen now.
    func lines(scrollback: Bool = true) throws -> [String] {
        let text = try run(["capture-pane", "-p", "-J", "-t", "grad"] + (scrollback ? ["-S", "-2000"] : []))
        var lines = text.components(separatedBy: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Polls the screen until `condition` holds and returns it; throws with the screen after `timeout` s.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 10, _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try lines()
        while !condition(screen) {
            guard Date() < deadline else {
                throw TmuxFailure(message: "timed out waiting for \(what); screen:\n\(screen.joined(separator: "\n"))")
            }
            usleep(30_000)
            screen = try lines()
        }
        return screen
    }

    /// Ends the tmux server and everything in it.
    func close() {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs one tmux client command and returns its stdout. Spawned directly rather than through
    /// Foundation's Process: the tmux server that new-session forks inherits the child's descriptors,
    /// and Process on Linux waits for its bookkeeping socket to close, which would then never happen.
    /// Every descriptor above stderr is closed in the child for the same reason.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let capture = directory.appendingPathComponent("output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let inherited = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in inherited.compactMap(Int32.init) where descriptor > 2 {
            // glibc ignores a close action whose descriptor is no longer open by then.
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TMUX")
        environment["TMUX_TMPDIR"] = directory.path
        let argv = ([tmux, "-L", socket] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmux, &actions, nil, argv, envp)
        guard spawned == 0 else { throw TmuxFailure(message: "cannot start tmux: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
    }
}

/// A tmux command that could not run, or a screen that never showed what a test waited for.
struct TmuxFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
