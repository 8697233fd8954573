#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GradLang
import GradSyntax

/// The program's `OutputSink`: results to stdout, diagnostics to stderr, and training progress either
/// redrawn in place on one terminal line or written as plain periodic lines for logs and pipes.
public final class TerminalOutput: OutputSink {
    /// How progress is shown.
    public enum ProgressStyle: Sendable {
        /// Redraw one line in place (`\r`, text, clear to end of line), at most `maxRedrawsPerSecond`.
        case live
        /// Plain lines, at most one every `plainInterval` seconds plus the final one.
        case plain
        /// No progress at all (`--quiet`).
        case hidden
    }

    /// A person cannot read faster than this, and redrawing more often only costs training time.
    public static let maxRedrawsPerSecond = 10.0
    /// A log that gains a line per second stays readable and still shows that training is alive.
    public static let plainInterval = 1.0

    private let standardOutput: TextStream
    private let standardError: TextStream
    private let style: ProgressStyle
    private let clock: () -> Double
    private let width: () -> Int?
    private var lastProgressTime = -Double.infinity
    /// True while a live progress line is on screen without a newline after it.
    private var progressLineOpen = false

    /// Creates a sink writing to `standardOutput`/`standardError`. `clock` returns seconds (monotonic);
    /// `width` the terminal's columns (nil when stdout is not a terminal), used to keep a live line from
    /// wrapping, which `\r` cannot undo, and to break result lines between words.
    public init(standardOutput: TextStream, standardError: TextStream, style: ProgressStyle,
                clock: @escaping () -> Double = TerminalOutput.monotonicSeconds,
                width: @escaping () -> Int? = { nil }) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.style = style
        self.clock = clock
        self.width = width
    }

    /// Writes a result line to stdout. On a terminal (whenever `width` knows its columns), a line wider
    /// than the screen is broken between words (see `TextWrap.fit`), where the terminal would cut it mid-word.
    public func line(_ text: String) {
        closeProgressLine(keep: false)
        guard let columns = width(), columns > 0 else {
            standardOutput.write(text + "\n")
            return
        }
        let fitted = text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { TextWrap.fit(String($0), width: columns) }
        standardOutput.write(fitted.joined(separator: "\n") + "\n")
    }

    /// Writes a rendered diagnostic to stderr.
    public func diagnostic(_ text: String) {
        closeProgressLine(keep: false)
        standardError.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Shows training progress according to the style, throttled; the final update is always shown.
    public func progress(_ text: String, final: Bool) {
        let now = clock()
        switch style {
        case .hidden:
            return
        case .live:
            guard final || now - lastProgressTime >= 1 / Self.maxRedrawsPerSecond else { return }
            var shown = text
            if let columns = width(), shown.count >= columns { shown = String(shown.prefix(max(1, columns - 1))) }
            standardOutput.write("\r" + shown + "\u{1B}[K" + (final ? "\n" : ""))
            progressLineOpen = !final
        case .plain:
            guard final || now - lastProgressTime >= Self.plainInterval else { return }
            standardOutput.write(text + "\n")
        }
        lastProgressTime = now
    }

    /// Ends a live progress line left open by an interrupted command, keeping its last numbers visible,
    /// so the next prompt starts on a fresh line. The REPL calls this after every command.
    public func finishCommand() {
        closeProgressLine(keep: true)
        lastProgressTime = -Double.infinity
    }

    private func closeProgressLine(keep: Bool) {
        guard progressLineOpen else { return }
        // A result printed mid-training replaces the progress line; the next update redraws it below.
        standardOutput.write(keep ? "\n" : "\r\u{1B}[K")
        progressLineOpen = false
    }

    /// Seconds from a monotonic clock, immune to wall-clock changes.
    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
