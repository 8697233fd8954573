import Foundation

// STUB — replaced by the real interpreter on merge. It implements the fixed public API just far enough
// for the program (GradREPL, grad) and its end-to-end tests to run: it mimics the *shape* of the real
// language's behaviour (diagnostics with a caret, incomplete `{`, completion of `rel` → `relu`) without
// any of its logic. Nothing outside this file may depend on a stub-only behaviour.

/// Runs grad source text against one persistent session (STUB: echoes `print`, fakes `train`).
public final class Interpreter {
    private let options: InterpreterOptions
    private let output: OutputSink
    private let interruptLock = NSLock()
    private var interruptRequested = false
    private var expectationsPassed = 0
    private var expectationsFailed = 0

    /// Command words the stub accepts silently so that scripts written for the real language still run.
    private static let silentCommands: Set<String> = [
        "seed", "data", "split", "standardize", "net", "layer", "act", "init", "loss", "optim", "lr", "schedule",
        "clip", "batch", "backward", "step", "reset", "eval", "show", "gradcheck", "save", "load", "export", "run",
        "help", "explain", "let", "for", "if", "else", "def", "return", "include", "}",
    ]

    /// Words offered by the stub's completion: a token sample of the real vocabulary.
    private static let vocabulary = [
        "assert", "backward", "batch", "clip", "data", "eval", "expect", "explain", "for", "help", "if", "init",
        "let", "loss", "lr", "net", "optim", "print", "relu", "reset", "seed", "show", "sigmoid", "spiral",
        "step", "tanh", "train", "xavier",
    ]

    /// Creates a session that writes through `output`.
    public init(options: InterpreterOptions, output: OutputSink) {
        self.options = options
        self.output = output
    }

    /// Parses and runs `source`; `name` is used in diagnostics. State persists between calls.
    public func run(source: String, name: String) -> RunStatus {
        setInterrupt(false)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var column = 1
            for piece in line.split(separator: ";", omittingEmptySubsequences: false) {
                let status = runCommand(String(piece), name: name, line: index + 1, column: column,
                                        sourceLine: String(line))
                column += piece.count + 1
                if status != .success { return status }
            }
        }
        return .success
    }

    /// True when `text` has an open `{`, `[`, `(` or string (STUB: counts characters).
    public func isIncomplete(_ text: String) -> Bool {
        let quotes = text.filter { $0 == "\"" }.count
        if quotes % 2 == 1 { return true }
        let pairs: [(Character, Character)] = [("{", "}"), ("[", "]"), ("(", ")")]
        return pairs.contains { open, close in
            text.filter { $0 == open }.count > text.filter { $0 == close }.count
        }
    }

    /// Candidates for the word at `cursor` in `line` (STUB: prefix match over a small word list).
    public func completions(for line: String, cursor: Int) -> [String] {
        let prefix = String(line.prefix(max(0, min(cursor, line.count))))
        let word = String(prefix.reversed().prefix { !$0.isWhitespace }.reversed())
        if word.isEmpty { return [] }
        return Self.vocabulary.filter { $0.hasPrefix(word) }
    }

    /// Asks a running `train` to stop at the end of its current step. Thread-safe.
    public func requestInterrupt() {
        setInterrupt(true)
    }

    /// Prints the `expect` summary if any expectations ran and reports whether any failed.
    public func finish() -> RunStatus {
        let total = expectationsPassed + expectationsFailed
        guard total > 0 else { return .success }
        output.line("expect: \(expectationsPassed) of \(total) passed")
        return expectationsFailed > 0 ? .expectationsFailed : .success
    }

    private func setInterrupt(_ value: Bool) {
        interruptLock.lock()
        interruptRequested = value
        interruptLock.unlock()
    }

    private var isInterrupted: Bool {
        interruptLock.lock()
        defer { interruptLock.unlock() }
        return interruptRequested
    }

    private func runCommand(_ text: String, name: String, line: Int, column: Int, sourceLine: String) -> RunStatus {
        let leading = text.prefix { $0 == " " || $0 == "\t" }.count
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasSuffix("{") { return .success }
        let word = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        switch word {
        case "print":
            let isString = rest.count >= 2 && rest.hasPrefix("\"") && rest.hasSuffix("\"")
            output.line(isString ? String(rest.dropFirst().dropLast()) : rest)
        case "train":
            train(epochs: Int(rest.split(separator: " ").first ?? "") ?? 1)
        case "assert" where rest.hasPrefix("false"):
            report("assertion failed", name: name, line: line, column: column + leading, length: word.count,
                   sourceLine: sourceLine)
            return .failed
        case "expect":
            if rest.hasPrefix("false") { expectationsFailed += 1 } else { expectationsPassed += 1 }
        case "assert":
            break
        case _ where Self.silentCommands.contains(word):
            break
        default:
            report("unknown command '\(word)'", name: name, line: line, column: column + leading,
                   length: word.count, sourceLine: sourceLine)
            return .failed
        }
        return .success
    }

    private func train(epochs: Int) {
        for epoch in 1...max(1, epochs) {
            if isInterrupted {
                output.progress("epoch \(epoch - 1)/\(epochs)  interrupted", final: true)
                output.line("train: interrupted after epoch \(epoch - 1)")
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
            output.progress("epoch \(epoch)/\(epochs)  loss 0.5000", final: epoch == epochs)
        }
    }

    private func report(_ message: String, name: String, line: Int, column: Int, length: Int, sourceLine: String) {
        let caret = String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: max(0, length - 1))
        output.diagnostic("\(name):\(line):\(column): error: \(message)\n\(sourceLine)\n\(caret)")
    }
}
