import GradLang
import GradSyntax

/// The read–eval–print loop, on the language's public API only (as Lua's lua.c is): read an entry,
/// ask the language whether it is complete, run it, repeat. Terminals, libedit and signals stay behind
/// `LineReader`, `InterruptSource` and `TerminalOutput`, so the loop itself runs in unit tests.
public final class REPL {
    /// The prompt for a new entry.
    public static let prompt = "grad> "
    /// The prompt while an entry is incomplete (an open `{` block, bracket or string).
    public static let continuationPrompt = "...> "
    /// The name diagnostics give to typed entries; line numbers count from the entry's first line.
    public static let sourceName = "<repl>"

    private let session: LanguageSession
    private let reader: LineReader
    private let signals: InterruptSource
    private let historyFile: HistoryFile?
    private let afterCommand: () -> Void
    private let reportHistoryError: (String) -> Void
    private var historyErrorReported = false
    /// The entries recorded so far, loaded from `historyFile`; saved after every entry.
    public private(set) var history: History

    /// Creates a loop over `session`. `history` is what `reader` was preloaded with; when `historyFile`
    /// is given, every new entry is written to it at once, so a killed session still keeps its history.
    /// `afterCommand` runs after each entry (the program ends a live progress line there).
    public init(session: LanguageSession, reader: LineReader, signals: InterruptSource,
                history: History = History(), historyFile: HistoryFile? = nil,
                afterCommand: @escaping () -> Void = {}, reportHistoryError: @escaping (String) -> Void = { _ in }) {
        self.session = session
        self.reader = reader
        self.signals = signals
        self.history = history
        self.historyFile = historyFile
        self.afterCommand = afterCommand
        self.reportHistoryError = reportHistoryError
    }

    /// Runs entries until end of input or SIGTERM; returns true when SIGTERM ended it. An entry's error
    /// is reported by the language and the session goes on with its state intact, so entries' statuses
    /// do not end the loop (the caller asks `finish` for the `expect` summary afterwards).
    @discardableResult
    public func run() -> Bool {
        while let entry = readEntry() {
            record(entry)
            signals.enter(.running)
            _ = session.run(source: entry, name: Self.sourceName)
            signals.enter(.idle)
            afterCommand()
            if signals.terminationRequested { return true }
        }
        return signals.terminationRequested
    }

    /// Reads lines until they form a complete entry, Lua-style: the language's own parser decides
    /// whether more is needed. Ctrl-C drops everything typed so far and starts a fresh entry. Returns
    /// nil at end of input or on SIGTERM; blank entries are skipped.
    func readEntry() -> String? {
        var lines: [String] = []
        while true {
            signals.enter(reader.isInterruptible ? .editing : .readingPipe)
            // A SIGTERM that arrived before this phase began (during start-up, or between entries) found
            // nothing to stop; waiting for input now would ignore it until the input ends.
            if signals.terminationRequested {
                signals.enter(.idle)
                return nil
            }
            let result = reader.readLine(prompt: lines.isEmpty ? Self.prompt : Self.continuationPrompt)
            signals.enter(.idle)
            switch result {
            case .endOfInput:
                return nil
            case .interrupted:
                if signals.terminationRequested { return nil }
                lines = []
            case .line(let line):
                lines.append(line)
                let entry = lines.joined(separator: "\n")
                if session.isIncomplete(entry) { continue }
                if entry.allSatisfy(\.isWhitespace) {
                    lines = []
                    continue
                }
                return entry
            }
        }
    }

    private func record(_ entry: String) {
        guard history.add(entry) else { return }
        reader.addToHistory(entry)
        guard let historyFile else { return }
        do {
            try historyFile.save(history)
        } catch where !historyErrorReported {
            // Once is enough: the session works without a history file, it just will not remember.
            historyErrorReported = true
            reportHistoryError("grad: cannot save history to \(historyFile.path): \(error)")
        } catch {}
    }
}
