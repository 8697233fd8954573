/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable {
    case error, warning, note
}

/// A stable identity for a kind of message, independent of its wording (as swift-syntax's `MessageID`).
///
/// Tests and tools match on the id; the text may improve without breaking them. The evaluator declares
/// its own in the `runtime` and `session` domains.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    /// Which stage raised it: `lexer`, `parser`, `runtime`.
    public var domain: String
    /// Short code unique within the domain, e.g. `unknownCommand`.
    public var id: String

    /// Creates an id; keep `id` stable once published.
    public init(domain: String, id: String) {
        self.domain = domain
        self.id = id
    }

    /// `domain.id`.
    public var description: String { "\(domain).\(id)" }
}

extension MessageID {
    /// A string literal with no closing quote before the end of its line.
    public static let unterminatedString = MessageID(domain: "lexer", id: "unterminatedString")
    /// A `"""` string with no closing `"""` before the end of input: the REPL reads another line.
    public static let unterminatedMultilineString = MessageID(domain: "lexer", id: "unterminatedMultilineString")
    /// A character that starts no token.
    public static let unexpectedCharacter = MessageID(domain: "lexer", id: "unexpectedCharacter")
    /// A number literal that is not a finite value.
    public static let invalidNumber = MessageID(domain: "lexer", id: "invalidNumber")
    /// An unknown `\x` escape inside a string.
    public static let invalidEscape = MessageID(domain: "lexer", id: "invalidEscape")
    /// Input ended inside an open `{`, `(`, `[` or `${`: the REPL reads another line.
    public static let unexpectedEndOfInput = MessageID(domain: "parser", id: "unexpectedEndOfInput")
    /// A specific token was required (`)`, `{`, `=`, ...).
    public static let expectedToken = MessageID(domain: "parser", id: "expectedToken")
    /// An expression was required.
    public static let expectedExpression = MessageID(domain: "parser", id: "expectedExpression")
    /// Parentheses, blocks or prefix operators nested past `Parser.maximumDepth`.
    public static let nestedTooDeeply = MessageID(domain: "parser", id: "nestedTooDeeply")
    /// More operators chained in one expression than `Parser.maximumChainLength`.
    public static let expressionTooLong = MessageID(domain: "parser", id: "expressionTooLong")
    /// A token that cannot appear here.
    public static let unexpectedToken = MessageID(domain: "parser", id: "unexpectedToken")
    /// The first word of a statement is no command, keyword or known name.
    public static let unknownCommand = MessageID(domain: "parser", id: "unknownCommand")
    /// A word after a command that the command does not accept.
    public static let unknownKeyword = MessageID(domain: "parser", id: "unknownKeyword")
    /// A required argument is missing.
    public static let missingArgument = MessageID(domain: "parser", id: "missingArgument")
    /// The same option given twice.
    public static let duplicateOption = MessageID(domain: "parser", id: "duplicateOption")
    /// Two options that exclude each other (two activations, two clip modes).
    public static let conflictingOption = MessageID(domain: "parser", id: "conflictingOption")
    /// An option that does not apply to the chosen variant (`betas` with `sgd`).
    public static let optionNotApplicable = MessageID(domain: "parser", id: "optionNotApplicable")
    /// A malformed layer shape such as `20x` or `64-32.5`.
    public static let invalidShape = MessageID(domain: "parser", id: "invalidShape")
    /// A built-in called with the wrong number of arguments.
    public static let wrongArgumentCount = MessageID(domain: "parser", id: "wrongArgumentCount")
    /// A name that is a keyword or built-in used for a variable, parameter or function.
    public static let reservedName = MessageID(domain: "parser", id: "reservedName")
    /// `return` outside a `def`, or `def` inside a block.
    public static let misplacedStatement = MessageID(domain: "parser", id: "misplacedStatement")
    /// `help` about something that has no help entry.
    public static let unknownHelpTopic = MessageID(domain: "parser", id: "unknownHelpTopic")
}

/// Extra information attached to a diagnostic: a did-you-mean, what to do next, or a related place.
public struct Note: Hashable, Sendable {
    public var message: String
    /// A related place (e.g. "'{' opened here"); nil for advice that points nowhere.
    public var range: SourceRange?

    /// Creates a note; give a range only when it points somewhere else than the diagnostic.
    public init(_ message: String, range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// One message about the source: severity, stable id, message, the range that caused it, and notes.
///
/// Diagnostics are plain data; `DiagnosticRenderer` turns them into text. Conforms to `Error` so the
/// evaluator can throw one for a runtime error and the driver reports it like a syntax error.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var id: MessageID
    public var message: String
    public var range: SourceRange
    public var notes: [Note]

    /// Creates a diagnostic; `message` is a lower-case phrase without a trailing period, as in clang.
    public init(severity: Severity = .error, id: MessageID, message: String, range: SourceRange,
                notes: [Note] = []) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// `file:line:col: error: message` — the first line of the rendered form, for logs and test failures.
    public var description: String { "\(range.start): \(severity.rawValue): \(message)" }
}
