import Foundation
import GradCore
import GradSyntax

/// The replay log behind `history` and `save session`: every command that changed the session's state,
/// as a syntax tree with every value resolved (`net dense ${d}x64 $act` is logged as
/// `net dense 6x64 relu init he`), so running the log from a fresh start rebuilds the same weights bit
/// for bit. Its text is the parser's canonical form (`Command.sourceText`); the trees are built from the
/// resolved values in `SessionLog+Commands.swift`.
struct SessionLog {
    private(set) var entries: [Command] = []

    init(seed: UInt64) { entries = [.seed(value: Self.number(Double(seed)))] }

    mutating func append(_ command: Command) { entries.append(command) }

    /// The commands as source text, one entry each (a `sweep` spans several lines).
    var commands: [String] { entries.map(\.sourceText) }

    /// The script `save session` writes.
    func script(header: String) -> String {
        (["# \(header)", "# Replays the commands that built this session; run it with 'grad FILE'."] + commands)
            .joined(separator: "\n") + "\n"
    }
}

extension Interpreter {
    /// `history`: the log, numbered.
    func showCommandLog() {
        for (index, command) in commandLog.commands.enumerated() { output.line("\(index + 1)  \(command)") }
    }

    /// `save session "FILE"`: writes the log atomically.
    func saveSession(to path: String, directory: URL?, range: SourceRange) throws {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        try runSession(at: range) { try FileWriting.write(commandLog.script(header: "grad session"), to: url) }
        if !options.quiet { output.line("saved session to \(url.relativePath) (\(commandLog.commands.count) commands)") }
    }
}
