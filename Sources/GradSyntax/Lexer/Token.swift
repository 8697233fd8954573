/// One lexical token with its source range and exact text.
///
/// Whitespace is not a token, but the parser can see it: two tokens are *adjacent* when one ends where
/// the next starts. That is how `20x64`, `64-32-16` and `${depth}x64` are recognised as one shape word
/// while `a - b` stays a subtraction.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var range: SourceRange
    /// The token's source text (for a string, including its quotes).
    public var text: String

    /// Creates a token.
    public init(kind: TokenKind, range: SourceRange, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    /// True when `next` starts exactly where this token ends (no whitespace or comment between).
    public func isAdjacent(to next: Token) -> Bool {
        range.end.offset == next.range.start.offset
    }
}

/// What a token is. Keywords are plain identifiers: most words are meaningful only after a particular
/// command, so the parser decides (`relu` is a keyword after `net`, a variable name elsewhere).
public enum TokenKind: Hashable, Sendable {
    /// A number literal; the token's text tells whether it was written as an integer.
    case number(Double)
    case identifier(String)
    /// A string literal, split into literal text and `$x` / `${expr}` interpolations.
    /// `terminated` is false when input ended before the closing quote (already diagnosed).
    case string(parts: [StringPart], terminated: Bool)
    /// `$name` outside a string.
    case dollarIdentifier(String)
    /// `${` outside a string; the expression and a `}` follow as ordinary tokens.
    case dollarBrace
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, semicolon, equal
    case plus, minus, star, slash, percent, caret
    case dotDot
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    /// A line break: statements end at newlines (and at `;`).
    case newline
    /// A character that starts no token; the lexer has already reported it.
    case invalid
    case endOfInput

    /// How the token is named in "expected X" messages.
    public var displayName: String {
        switch self {
        case .number: "number"
        case .identifier: "name"
        case .string: "string"
        case .dollarIdentifier: "'$' variable"
        case .dollarBrace: "'${'"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .semicolon: "';'"
        case .equal: "'='"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .caret: "'^'"
        case .dotDot: "'..'"
        case .equalEqual: "'=='"
        case .bangEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .newline: "end of line"
        case .invalid: "invalid character"
        case .endOfInput: "end of input"
        }
    }
}

/// A piece of a string literal.
public enum StringPart: Hashable, Sendable {
    /// Literal text with escapes already resolved.
    case text(String, range: SourceRange)
    /// `$name`: the value of a variable or session built-in.
    case variable(String, range: SourceRange)
    /// `${ ... }`: the tokens of the expression (ending with `.endOfInput`), parsed by the parser.
    /// `range` covers the whole `${...}`.
    case interpolation(tokens: [Token], range: SourceRange)
}
