/// Turns diagnostics into the text users see:
///
///     run.grad:3:17: error: unknown activation 'rleu'
///     net dense 20x64 rleu
///                     ^~~~
///     note: did you mean 'relu'?
///
/// Rendering is separate from the data (as swift-syntax's DiagnosticsFormatter); colour is a decorator
/// chosen by the caller — off by default, so tests compare plain text.
public struct DiagnosticRenderer: Sendable {
    /// The colour decorator in use.
    public let colors: DiagnosticColors

    /// Creates a renderer; `color: true` wraps parts in ANSI escapes (only for terminals).
    public init(color: Bool = false) {
        colors = color ? .ansi : .plain
    }

    /// Renders one diagnostic whose ranges all lie in `source`.
    public func render(_ diagnostic: Diagnostic, in source: Source) -> String {
        render(diagnostic) { $0 == source.name ? source : nil }
    }

    /// Renders several diagnostics in order, separated by newlines.
    public func render(_ diagnostics: [Diagnostic], in source: Source) -> String {
        diagnostics.map { render($0, in: source) }.joined(separator: "\n")
    }

    /// Renders one diagnostic, looking up each file's text with `source` (an `include`d file has its own);
    /// when the text is unknown, the source line and caret are left out.
    public func render(_ diagnostic: Diagnostic, source: (String) -> Source?) -> String {
        var lines = [header(diagnostic.range, severity: diagnostic.severity, message: diagnostic.message)]
        lines += excerpt(diagnostic.range, source: source)
        for note in diagnostic.notes {
            if let range = note.range {
                lines.append(header(range, severity: .note, message: note.message))
                lines += excerpt(range, source: source)
            } else {
                lines.append("\(colors.label(.note, "note:")) \(note.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func header(_ range: SourceRange, severity: Severity, message: String) -> String {
        let label = colors.label(severity, "\(severity.rawValue):")
        return "\(colors.bold("\(range.start):")) \(label) \(colors.bold(message))"
    }

    /// The most columns of a source line a diagnostic echoes: a longer line (a minified or binary file)
    /// is cut to a window around the caret, marked with `…` at each cut end.
    static let maximumExcerptWidth = 120

    /// The source line and a `^~~~` line under the range (only its first line when it spans several).
    private func excerpt(_ range: SourceRange, source: (String) -> Source?) -> [String] {
        guard let text = source(range.file) else { return [] }
        let scalars = Array(text.lineText(range.start.line).unicodeScalars).map(Self.visible)
        let startColumn = range.start.column - 1
        guard startColumn >= 0, startColumn <= scalars.count else {
            return [String(String.UnicodeScalarView(scalars.prefix(Self.maximumExcerptWidth)))]
        }
        let window = Self.window(around: startColumn, count: scalars.count)
        var line = String.UnicodeScalarView(scalars[window])
        // Copy tabs from the source line so the caret stays aligned whatever the tab width.
        var padding = String.UnicodeScalarView(scalars[window.lowerBound..<startColumn].map { $0 == "\t" ? "\t" : " " })
        if window.lowerBound > 0 {
            line.insert("…", at: line.startIndex)
            padding.insert(" ", at: padding.startIndex)
        }
        if window.upperBound < scalars.count { line.append("…") }
        let sameLine = range.end.line == range.start.line
        let available = window.upperBound - startColumn
        let width = max(1, sameLine ? range.length : available)
        let marker = "^" + String(repeating: "~", count: max(0, min(width, max(available, 1)) - 1))
        return [String(line), String(padding) + colors.caret(marker)]
    }

    /// The columns of a line of `count` shown for a caret at `column`: all of a short line; of a long one,
    /// `maximumExcerptWidth` columns starting a little before the caret.
    private static func window(around column: Int, count: Int) -> Range<Int> {
        guard count > maximumExcerptWidth else { return 0..<count }
        let start = max(0, min(column - maximumExcerptWidth / 4, count - maximumExcerptWidth))
        return start..<(start + maximumExcerptWidth)
    }

    /// Control characters (a NUL cuts a line short on many terminals) as their visible Unicode pictures
    /// (`␀`), one column wide like the character they stand for; tabs stay for alignment.
    private static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09: scalar
        case 0x00..<0x20: Unicode.Scalar(0x2400 + scalar.value) ?? scalar
        case 0x7F: "\u{2421}"
        default: scalar
        }
    }
}

/// The colour decorator applied to rendered diagnostics: plain text or ANSI escapes.
public struct DiagnosticColors: Sendable {
    let enabled: Bool

    /// No escapes at all: for tests, pipes and `NO_COLOR`.
    public static let plain = DiagnosticColors(enabled: false)
    /// ANSI escapes as clang uses them: bold location/message, red errors, cyan notes, green caret.
    public static let ansi = DiagnosticColors(enabled: true)

    public func label(_ severity: Severity, _ text: String) -> String {
        switch severity {
        case .error: wrap(text, "1;31")
        case .warning: wrap(text, "1;35")
        case .note: wrap(text, "1;36")
        }
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func caret(_ text: String) -> String { wrap(text, "1;32") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
