/// Splits source text into tokens, reporting malformed ones as diagnostics and carrying on.
///
/// Negative numbers are not tokens (`-` is always an operator; the parser builds the negation), and
/// shape words like `20x64` are not either: they lex as `20` + `x64`, adjacent, and the `net` parser
/// joins them, which is what lets `${depth}x64` work.
public struct Lexer {
    let source: Source
    let scalars: [Unicode.Scalar]
    var position = 0
    /// How many `${` of strings enclose the current position; capped so no input exhausts the stack.
    var interpolationDepth = 0
    static let maximumInterpolationDepth = 16
    /// Problems found so far, in source order.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates a lexer over `source`.
    public init(source: Source) {
        self.source = source
        scalars = source.scalars
    }

    /// Lexes the whole text; the last token is always `.endOfInput`.
    public static func tokenize(_ source: Source) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source: source)
        var tokens: [Token] = []
        while true {
            let token = lexer.nextToken()
            tokens.append(token)
            if token.kind == .endOfInput { break }
        }
        return (tokens, lexer.diagnostics)
    }

    /// The next token, skipping spaces and comments.
    public mutating func nextToken() -> Token {
        skipTrivia()
        let start = position
        guard let scalar = peek() else { return make(.endOfInput, from: start) }
        position += 1
        switch scalar {
        case "\n": return make(.newline, from: start)
        case "{": return make(.leftBrace, from: start)
        case "}": return make(.rightBrace, from: start)
        case "(": return make(.leftParen, from: start)
        case ")": return make(.rightParen, from: start)
        case "[": return make(.leftBracket, from: start)
        case "]": return make(.rightBracket, from: start)
        case ",": return make(.comma, from: start)
        case ";": return make(.semicolon, from: start)
        case "+": return make(.plus, from: start)
        case "-": return make(.minus, from: start)
        case "/": return make(.slash, from: start)
        case "%": return make(.percent, from: start)
        case "^": return make(.caret, from: start)
        // `**` is accepted for power because Python users type it.
        case "*": return pair(start, "*", .caret, else: .star)
        case "=": return pair(start, "=", .equalEqual, else: .equal)
        case "<": return pair(start, "=", .lessEqual, else: .less)
        case ">": return pair(start, "=", .greaterEqual, else: .greater)
        case "!":
            if match("=") { return make(.bangEqual, from: start) }
            return invalid(from: start, "unexpected character '!'", notes: [Note("use 'not' for negation")])
        case ".":
            if match(".") { return make(.dotDot, from: start) }
            let notes = peek().map(Lexer.isDigit) == true ? [Note("write a leading zero, as in 0.5")] : []
            return invalid(from: start, "unexpected character '.'", notes: notes)
        case "\"":
            guard peek() == "\"", peek(1) == "\"" else { return lexString(from: start) }
            position += 2
            return lexString(from: start, multiline: true)
        case "$": return lexDollar(from: start)
        default:
            if Lexer.isDigit(scalar) { return lexNumber(from: start) }
            if Lexer.isIdentifierStart(scalar) { return lexIdentifier(from: start) }
            return invalid(from: start, "unexpected character '\(scalar.escaped(asASCII: false))'")
        }
    }

    private mutating func lexIdentifier(from start: Int) -> Token {
        while let next = peek(), Lexer.isIdentifierContinue(next) { position += 1 }
        return make(.identifier(text(start, position)), from: start)
    }

    /// digits [. digits] [(e|E) [+|-] digits] — a `.` only belongs to the number when a digit follows,
    /// so `1..5` lexes as `1`, `..`, `5`.
    private mutating func lexNumber(from start: Int) -> Token {
        skipDigits()
        if peek() == ".", let after = peek(1), Lexer.isDigit(after) {
            position += 1
            skipDigits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if let digit = peek(signed ? 2 : 1), Lexer.isDigit(digit) {
                position += signed ? 2 : 1
                skipDigits()
            }
        }
        let literal = text(start, position)
        guard let value = Double(literal), value.isFinite else {
            return invalid(from: start, "number '\(literal)' is too large", id: .invalidNumber)
        }
        return make(.number(value), from: start)
    }

    mutating func lexDollar(from start: Int) -> Token {
        if match("{") { return make(.dollarBrace, from: start) }
        if let next = peek(), Lexer.isIdentifierStart(next) {
            let nameStart = position
            while let next = peek(), Lexer.isIdentifierContinue(next) { position += 1 }
            return make(.dollarIdentifier(text(nameStart, position)), from: start)
        }
        return invalid(from: start, "expected a name or '{' after '$'",
                       notes: [Note("write $name or ${expression}")])
    }

    // Scanning helpers, shared with Lexer+Strings.swift.

    /// Skips spaces, tabs, carriage returns, `#` comments and backslash-newline continuations.
    mutating func skipTrivia() {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\r":
                position += 1
            case "#":
                while let next = peek(), next != "\n" { position += 1 }
            case "\\" where peek(1) == "\n":
                position += 2
            default:
                return
            }
        }
    }

    mutating func skipDigits() {
        while let next = peek(), Lexer.isDigit(next) { position += 1 }
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    /// A `matched` token when the next character is `second`, else a one-character `single` token.
    ///
    /// The second character is consumed before `make` runs: written as one expression,
    /// `make(match(…) ? … : …)`, the call would read `self` (and the position) before its argument
    /// advanced it, and a `==` would get a one-character range.
    mutating func pair(_ start: Int, _ second: Unicode.Scalar, _ matched: TokenKind, else single: TokenKind) -> Token {
        let kind = match(second) ? matched : single
        return make(kind, from: start)
    }

    mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard peek() == expected else { return false }
        position += 1
        return true
    }

    func text(_ start: Int, _ end: Int) -> String {
        source.slice(start, end)
    }

    func make(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind: kind, range: source.range(start, position), text: text(start, position))
    }

    mutating func invalid(from start: Int, _ message: String, id: MessageID = .unexpectedCharacter,
                          notes: [Note] = []) -> Token {
        report(id, message, start, position, notes: notes)
        return make(.invalid, from: start)
    }

    mutating func report(_ id: MessageID, _ message: String, _ start: Int, _ end: Int, notes: [Note] = []) {
        diagnostics.append(Diagnostic(id: id, message: message, range: source.range(start, end), notes: notes))
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || (scalar.value > 127 && scalar.properties.isAlphabetic)
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }
}
