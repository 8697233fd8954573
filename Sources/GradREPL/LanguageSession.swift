import GradLang
import GradSyntax

/// What the program needs from the language: the `Interpreter`'s public API, as a protocol so that the
/// REPL loop and the launcher can be unit-tested with a scripted fake instead of the real language.
public protocol LanguageSession: AnyObject {
    /// Parses and runs `source`; `name` labels diagnostics (`file.grad`, `<stdin>`, `<repl>`, `<-e>`).
    func run(source: String, name: String) -> RunStatus
    /// True when `text` is an incomplete entry that needs another line.
    func isIncomplete(_ text: String) -> Bool
    /// Candidates for the word at `cursor` in `line` (no file names).
    func completions(for line: String, cursor: Int) -> [String]
    /// Asks a running command to stop at the end of its current step; safe from any thread.
    func requestInterrupt()
    /// Prints the `expect` summary, if any, and reports whether an expectation failed.
    func finish() -> RunStatus
}

extension Interpreter: LanguageSession {}
