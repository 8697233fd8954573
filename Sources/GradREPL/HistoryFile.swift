import Foundation

/// Where the REPL's history lives on disk, and reading and writing it.
public struct HistoryFile: Sendable {
    /// The history file's path.
    public let path: String

    /// Creates a store for the file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The history file for this environment: `GRAD_HISTORY_FILE` if set (tests point it at a temporary
    /// file), else `$XDG_STATE_HOME/grad/history` when XDG_STATE_HOME is set, else `~/.grad_history`.
    /// Nil when none can be named (no HOME), in which case history is kept for the session only.
    public static func location(environment: [String: String]) -> HistoryFile? {
        if let explicit = environment["GRAD_HISTORY_FILE"], !explicit.isEmpty {
            return HistoryFile(path: explicit)
        }
        // The XDG base-directory spec says relative values are invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return HistoryFile(path: state + "/grad/history")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return HistoryFile(path: home + "/.grad_history")
        }
        return nil
    }

    /// The saved history, or an empty one when the file does not exist or cannot be read: a missing or
    /// unreadable history must never stop the REPL from starting.
    public func load(limit: Int = History.defaultLimit) -> History {
        guard let data = FileManager.default.contents(atPath: path) else { return History(limit: limit) }
        return History.decode(String(decoding: data, as: UTF8.self), limit: limit)
    }

    /// Writes `history` (already capped), creating the parent directory if needed. Written to a temporary
    /// file and renamed, so a crash mid-write never leaves a truncated history behind.
    public func save(_ history: History) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try Data(history.encoded().utf8).write(to: url, options: .atomic)
    }
}
