/// Recursive-descent parser from tokens to a typed, located AST.
///
/// Errors are recorded as diagnostics and unwind (via `ParseAbort`) to the statement being parsed; the
/// parser then skips to the next line or `;` and carries on, so one run reports every broken line.
/// The grammar is split by concern: statements and scripting here and in `Parser+Statements.swift`,
/// expressions in `Parser+Expressions.swift`, option handling in `Parser+Options.swift`, and one file per
/// command family (`Parser+Data.swift`, `Parser+Network.swift`, ...), each next to its help text.
public struct Parser {
    let source: Source
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    /// Inside `(` and `[` newlines do not end statements, so lists and calls may span lines.
    var bracketDepth = 0
    /// Delimiters still open, innermost last: an error at end of input inside one means "incomplete".
    var openDelimiters: [Token] = []
    /// Nesting of `{ }` blocks (a stray `}` at depth 0 is an error; inside a block it ends the block).
    var blockDepth = 0
    /// Nesting of `def` bodies (`return` is allowed only inside one).
    var functionDepth = 0
    /// Names bound so far (`let`, `for`, `def`, parameters) plus names the caller knows (REPL variables):
    /// a known name at the start of a line is an expression, not a misspelt command.
    var knownNames: Set<String>
    /// While parsing command arguments, `a -1` is two arguments (a space before `-` and none after).
    var argumentMode = false
    /// The words of the command being parsed (with aliases): never read as values (see `startsValue`).
    var commandWords: Set<String> = []
    /// The same words in table order: an unknown name close to one of them is a typo, not a variable.
    var commandKeywords: [String] = []
    /// How deeply expressions and blocks are nested; capped so no input can exhaust the stack.
    var depth = 0
    /// Operators chained on the current path through an expression (`1 + 1 + …`, `a[0][0]…`): each one
    /// adds a level to the tree the evaluator walks recursively, so the chain is capped too.
    var chainLength = 0
    /// What the end of the token stream is called: `'}'` inside a string's `${...}`.
    var endDescription = "end of input"
    /// Spans whose lexer errors a parser error already explains (a bare `m.json`).
    var absorbedRanges: [SourceRange] = []

    /// Parses a whole source text. The program contains every statement that parsed; the diagnostics
    /// (lexer's and parser's, in source order) are empty exactly when the text is valid.
    /// `knownNames` are variables defined before this text (the REPL's session).
    public static func parse(_ source: Source, knownNames: Set<String> = []) -> (Program, [Diagnostic]) {
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: tokens, knownNames: knownNames)
        let statements = parser.parseStatements(inBlock: false)
        let program = Program(statements: statements, range: source.range(0, source.scalars.count))
        let lexerKept = lexerDiagnostics.filter { diagnostic in
            !parser.absorbedRanges.contains {
                $0.start.offset <= diagnostic.range.start.offset && diagnostic.range.end.offset <= $0.end.offset
            }
        }
        let all = (lexerKept + parser.diagnostics).sorted { $0.range.start.offset < $1.range.start.offset }
        return (program, all)
    }

    /// Parses `text` named `name` in diagnostics.
    public static func parse(_ text: String, name: String, knownNames: Set<String> = []) -> (Program, [Diagnostic]) {
        parse(Source(name: name, text: text), knownNames: knownNames)
    }

    init(source: Source, tokens: [Token], knownNames: Set<String>) {
        self.source = source
        self.tokens = tokens.isEmpty
            ? [Token(kind: .endOfInput, range: source.range(0, 0), text: "")] : tokens
        self.knownNames = knownNames
    }

    /// The token under the cursor; newlines are skipped inside brackets.
    var current: Token {
        mutating get {
            skipBracketNewlines()
            return tokens[index]
        }
    }

    /// The token `offset` places after the current one (not skipping newlines).
    func peek(_ offset: Int) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    /// The last consumed token (for statement ranges and adjacency checks).
    var previous: Token { tokens[max(0, index - 1)] }

    mutating func skipBracketNewlines() {
        while bracketDepth > 0, tokens[index].kind == .newline { index += 1 }
    }

    /// Consumes and returns the current token (never moves past end of input).
    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .endOfInput { index += 1 }
        return token
    }

    /// True when the current token has kind `kind`.
    mutating func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    /// Consumes the current token when it has kind `kind`.
    mutating func match(_ kind: TokenKind) -> Token? {
        check(kind) ? advance() : nil
    }

    /// The current token's text when it is the identifier `word`, consuming it.
    mutating func matchWord(_ word: String) -> Token? {
        if case .identifier(word) = current.kind { return advance() }
        return nil
    }

    /// Consumes a token of kind `kind` or fails with "expected `what`".
    mutating func expect(_ kind: TokenKind, _ what: String, notes: [Note] = []) throws -> Token {
        if let token = match(kind) { return token }
        throw failExpected(what, notes: notes)
    }

    /// True at a newline, `;`, `}` or end of input: where a statement may end.
    var atStatementEnd: Bool {
        mutating get {
            switch current.kind {
            case .newline, .semicolon, .rightBrace, .endOfInput: true
            default: false
            }
        }
    }

    /// The range from `start` to the end of the last consumed token.
    func range(from start: Token) -> SourceRange {
        start.range.union(previous.range)
    }

    /// Enters a `(`, `[` or `${`: newlines become insignificant and the argument-mode whitespace rule
    /// is off until the matching `leave`.
    mutating func enter(_ opener: Token) -> Nesting {
        openDelimiters.append(opener)
        bracketDepth += 1
        defer { argumentMode = false }
        return Nesting(argumentMode: argumentMode)
    }

    /// Leaves the delimiter entered by the matching `enter`.
    mutating func leave(_ nesting: Nesting) {
        openDelimiters.removeLast()
        bracketDepth -= 1
        argumentMode = nesting.argumentMode
    }

    /// Records an error and returns the unwinding marker to throw. An error at end of input inside an
    /// open delimiter becomes `.unexpectedEndOfInput` (the REPL then reads another line), with a note at
    /// the opener; an error on a token the lexer already rejected is not reported twice.
    mutating func fail(_ id: MessageID, _ message: String, at range: SourceRange? = nil,
                       notes: [Note] = []) -> ParseAbort {
        let token = current
        let where_ = range ?? token.range
        if token.kind == .invalid, where_ == token.range { return ParseAbort() }
        if token.kind == .endOfInput, where_ == token.range, let opener = openDelimiters.last {
            diagnostics.append(Diagnostic(
                id: .unexpectedEndOfInput, message: "unexpected end of input; \(message)", range: where_,
                notes: [Note("to match this '\(opener.text)'", range: opener.range)] + notes))
            return ParseAbort()
        }
        diagnostics.append(Diagnostic(id: id, message: message, range: where_, notes: notes))
        return ParseAbort()
    }

    /// "expected X, found Y" at the current token (just "expected X" when input ran out inside a
    /// delimiter: `fail` then says "unexpected end of input").
    mutating func failExpected(_ what: String, id: MessageID = .expectedToken, notes: [Note] = []) -> ParseAbort {
        if current.kind == .endOfInput, !openDelimiters.isEmpty {
            return fail(id, "expected \(what)", notes: notes)
        }
        let found = describe(current)
        return fail(id, "expected \(what), found \(found)", notes: notes)
    }

    /// How a token is quoted in messages.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .string: "a string"
        case .endOfInput: endDescription
        case .newline, .invalid: token.kind.displayName
        default: "'\(token.text)'"
        }
    }

    /// Statements up to a `}` (in a block, not consumed) or end of input, recovering from errors.
    mutating func parseStatements(inBlock: Bool) -> [Statement] {
        var statements: [Statement] = []
        while true {
            while match(.newline) != nil || match(.semicolon) != nil {}
            let token = current
            if token.kind == .endOfInput || (inBlock && token.kind == .rightBrace) { return statements }
            if token.kind == .rightBrace {
                _ = fail(.unexpectedToken, "unexpected '}' with no open block")
                advance()
                continue
            }
            let saved = (open: openDelimiters.count, brackets: bracketDepth, mode: argumentMode, depth: depth)
            do {
                let statement = try parseStatement()
                try expectStatementEnd(after: statement)
                statements.append(statement)
            } catch {
                openDelimiters.removeLast(openDelimiters.count - saved.open)
                bracketDepth = saved.brackets
                argumentMode = saved.mode
                depth = saved.depth
                synchronize()
            }
        }
    }

    /// After a statement: a newline, `;`, `}` or end of input must follow.
    mutating func expectStatementEnd(after statement: Statement) throws {
        guard !atStatementEnd else { return }
        throw fail(.unexpectedToken, "unexpected \(describe(current)) after the statement",
                   notes: [Note("separate statements with a newline or ';'")])
    }

    /// Skips to the end of the broken statement: the next newline or `;` at this level. A `{` block met on
    /// the way is still parsed (and dropped) so errors inside it are reported and its `}` does not leak.
    mutating func synchronize() {
        var interpolations = 0
        while true {
            let token = tokens[index]
            switch token.kind {
            case .endOfInput:
                return
            case .newline, .semicolon:
                if interpolations == 0 { return }
            case .rightBrace:
                if interpolations > 0 {
                    interpolations -= 1
                } else if blockDepth > 0 {
                    return
                }
            case .dollarBrace:
                interpolations += 1
            case .leftBrace:
                let open = openDelimiters.count
                _ = try? parseBlock()
                openDelimiters.removeLast(openDelimiters.count - open)
                continue
            default:
                break
            }
            index += 1
        }
    }

    /// Deepest nesting of parentheses, prefix operators and blocks accepted: well beyond real scripts,
    /// and shallow enough that parsing needs well under 1 MB of stack even in a debug build (whose
    /// frames are several KB per level; the main thread has 8 MB).
    static let maximumDepth = 32

    /// Counts one level of nesting, failing cleanly past `maximumDepth`; pair with `depth -= 1`.
    mutating func descend() throws {
        depth += 1
        if depth > Parser.maximumDepth {
            depth -= 1
            throw fail(.nestedTooDeeply, "too deeply nested (more than \(Parser.maximumDepth) levels)")
        }
    }

    /// Longest chain of infix operators or indexes in one expression. Evaluating (and releasing) the tree
    /// takes about 1.5 kB of stack per link optimized, so this stays far below the 8 MB main thread and
    /// the 4 MB worker threads, with room for function calls that nest such expressions.
    static let maximumChainLength = 1000

    /// Counts one more operator in the current chain, failing cleanly past `maximumChainLength`; the
    /// caller undoes its links with `chainLength -= links` when its chain ends.
    mutating func lengthenChain() throws {
        guard chainLength < Parser.maximumChainLength else {
            throw fail(.expressionTooLong,
                       "expression too long (more than \(Parser.maximumChainLength) operators in a chain)",
                       notes: [Note("split it into parts with 'let', e.g. 'let a = …' then 'let b = a + …'")])
        }
        chainLength += 1
    }

    /// `{ statements }`.
    mutating func parseBlock() throws -> Block {
        let opener = try expect(.leftBrace, "'{'")
        try descend()
        openDelimiters.append(opener)
        blockDepth += 1
        defer {
            blockDepth -= 1
            depth -= 1
        }
        let statements = parseStatements(inBlock: true)
        let closer = try expect(.rightBrace, "'}' to close the block")
        openDelimiters.removeLast()
        return Block(statements: statements, range: opener.range.union(closer.range))
    }
}

/// Thrown after a diagnostic has been recorded, to unwind to the enclosing statement.
struct ParseAbort: Error {}

/// What `Parser.enter` saved, restored by `Parser.leave`.
struct Nesting {
    let argumentMode: Bool
}
