extension Lexer {
    /// A string ends on its own line, so an open quote is an error at once (as in Python) rather than a
    /// REPL that swallows the next commands; only a `"""` string may span lines. `$name` and `${expr}`
    /// interpolate in both.
    mutating func lexString(from start: Int, multiline: Bool = false) -> Token {
        var parts: [StringPart] = []
        var literal = ""
        var literalStart = position
        func flush(_ end: Int) {
            if !literal.isEmpty { parts.append(.text(literal, range: source.range(literalStart, end))) }
            literal = ""
        }
        while let scalar = peek() {
            let here = position
            switch scalar {
            case "\"" where !multiline || (peek(1) == "\"" && peek(2) == "\""):
                flush(here)
                position += multiline ? 3 : 1
                return make(.string(parts: parts, terminated: true), from: start)
            case "\n" where !multiline:
                flush(here)
                if interpolationDepth == 0 { reportUnterminated(from: start, multiline: false) }
                return make(.string(parts: parts, terminated: false), from: start)
            case "\\":
                lexEscape(at: here, into: &literal)
            case "$" where peek(1) == "{":
                flush(here)
                position += 2
                guard interpolationDepth < Lexer.maximumInterpolationDepth else {
                    report(.unexpectedCharacter, "string interpolation nested too deeply", here, position)
                    literal += "${"
                    literalStart = here
                    continue
                }
                interpolationDepth += 1
                let lexed = lexInterpolation()
                interpolationDepth -= 1
                guard let tokens = lexed else {
                    // Input ended inside; only the outermost string reports it, at its own quote.
                    // An open `${` is an open bracket: the REPL reads on, as it does after `(`.
                    if interpolationDepth == 0 {
                        report(.unexpectedEndOfInput, "unterminated '${' in a string", start, start + 1,
                               notes: [Note("close it with '}', then the string with '\"'")])
                    }
                    return make(.string(parts: parts, terminated: false), from: start)
                }
                parts.append(.interpolation(tokens: tokens, range: source.range(here, position)))
                literalStart = position
            case "$" where peek(1).map(Lexer.isIdentifierStart) == true:
                flush(here)
                position += 1
                while let next = peek(), Lexer.isIdentifierContinue(next) { position += 1 }
                parts.append(.variable(text(here + 1, position), range: source.range(here, position)))
                literalStart = position
            default:
                position += 1
                literal.unicodeScalars.append(scalar)
            }
        }
        flush(position)
        if interpolationDepth == 0 { reportUnterminated(from: start, multiline: multiline) }
        return make(.string(parts: parts, terminated: false), from: start)
    }

    /// The escape at `here` (the backslash): its character appended to `literal`; an unknown escape is
    /// reported and kept as written. A backslash at the end of input adds nothing.
    private mutating func lexEscape(at here: Int, into literal: inout String) {
        position += 1
        guard let escaped = peek() else { return }
        position += 1
        switch escaped {
        case "n": literal += "\n"
        case "t": literal += "\t"
        case "r": literal += "\r"
        case "0": literal += "\0"
        case "\\", "\"", "$", "{", "}": literal.unicodeScalars.append(escaped)
        default:
            report(.invalidEscape, "unknown escape '\\\(escaped.escaped(asASCII: false))'", here, position,
                   notes: [Note("valid escapes are \\n \\t \\r \\0 \\\\ \\\" \\$")])
            literal.unicodeScalars.append(escaped)
        }
    }

    private mutating func reportUnterminated(from start: Int, multiline: Bool) {
        if multiline {
            report(.unterminatedMultilineString, "unterminated multi-line string", start, start + 3,
                   notes: [Note("close it with '\"\"\"'")])
        } else {
            report(.unterminatedString, "unterminated string", start, start + 1,
                   notes: [Note("add a closing '\"' on the same line; a string spanning lines is written \"\"\"…\"\"\"")])
        }
    }

    /// Tokens of `${ ... }` up to the matching `}` (consumed), ending with `.endOfInput` there;
    /// nil when input ends first (the unterminated string is then reported once, by the outermost string).
    mutating func lexInterpolation() -> [Token]? {
        var tokens: [Token] = []
        var depth = 0
        while true {
            let token = nextToken()
            switch token.kind {
            case .endOfInput:
                return nil
            case .string(_, terminated: false):
                return nil
            case .leftBrace, .dollarBrace:
                depth += 1
            case .rightBrace where depth == 0:
                tokens.append(Token(kind: .endOfInput, range: SourceRange(at: token.range.start), text: ""))
                return tokens
            case .rightBrace:
                depth -= 1
            default:
                break
            }
            tokens.append(token)
        }
    }
}
