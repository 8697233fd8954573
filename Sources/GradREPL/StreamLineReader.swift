/// Reads lines from a stream without prompts or editing: the REPL's reader when stdin is a pipe or file
/// (`grad -i setup.grad < commands`), so that piped sessions print only what the commands print.
public final class StreamLineReader: LineReader {
    private let readRawLine: () -> String?

    /// Reads from standard input.
    public convenience init() {
        self.init { Swift.readLine(strippingNewline: true) }
    }

    /// Reads through `readRawLine`, which returns nil at the end of input.
    public init(readRawLine: @escaping () -> String?) {
        self.readRawLine = readRawLine
    }

    /// False: a blocked read of a pipe cannot be interrupted politely.
    public var isInterruptible: Bool { false }

    /// Returns the next line; `prompt` is ignored because nobody is watching a pipe.
    public func readLine(prompt: String) -> LineReadResult {
        guard let line = readRawLine() else { return .endOfInput }
        return .line(line)
    }

    /// Piped input is not the user's typing, so it never enters the history.
    public func addToHistory(_ entry: String) {}
}
