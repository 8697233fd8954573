/// What one attempt to read a line of input produced.
public enum LineReadResult: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C (or SIGTERM) arrived while reading: whatever was typed is discarded.
    case interrupted
    /// Ctrl-D at an empty prompt, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the REPL: the libedit editor on a terminal, a plain stream otherwise, or a
/// scripted list in tests. Keeping the loop behind this protocol is what lets it run without a terminal.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (if the reader prompts at all) and reads one line.
    func readLine(prompt: String) -> LineReadResult
    /// True when Ctrl-C interrupts a read (the read then returns `.interrupted`); false for plain
    /// streams, where a signal while waiting for input ends the program instead.
    var isInterruptible: Bool { get }
    /// Offers a finished entry to the reader's own recall list (Up arrow); readers without one ignore it.
    func addToHistory(_ entry: String)
}
