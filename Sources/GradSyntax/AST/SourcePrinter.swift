/// Canonical grad source text from an AST: what a formatter, `save session` or a refactoring writes.
///
/// The text reads back to the same program: `Parser.parse(program.sourceText)` gives no diagnostics and
/// the same `dump`, and printing that again gives the same text. Layout is canonical, not as written:
/// one statement per line, blocks indented by four spaces, operators parenthesised only where precedence
/// needs it, and command options in one fixed order (`SourcePrinter+Commands.swift`).
extension Program {
    /// The program as canonical source text, one statement per line, ending with a newline.
    public var sourceText: String {
        var printer = SourcePrinter()
        printer.statements(statements)
        return printer.lines.isEmpty ? "" : printer.lines.joined(separator: "\n") + "\n"
    }
}

extension Statement {
    /// The statement as canonical source text (several lines when it has a block), as if it came first
    /// in a program: a bare name at the start of an expression statement is parenthesised, since no
    /// earlier `let` made it known.
    public var sourceText: String {
        var printer = SourcePrinter()
        printer.statement(self)
        return printer.lines.joined(separator: "\n")
    }
}

extension Command {
    /// The command as canonical source text, every option it was given in a fixed order.
    public var sourceText: String {
        var printer = SourcePrinter()
        printer.command(self)
        return printer.lines.joined(separator: "\n")
    }
}

/// Writes statements as lines while tracking what the parser tracks: the names bound so far, because a
/// bare word means a string in some slots (`run baseline`, `sweep act [relu]`) only while no variable
/// has that name, and a name can start an expression statement only once it is known.
struct SourcePrinter {
    private(set) var lines: [String] = []
    /// Names bound by `let`, `for`, `def` and parameters, as `Parser.knownNames` grows.
    var knownNames: Set<String> = []
    private var depth = 0

    /// Appends one line at the current indentation.
    mutating func emit(_ line: String) {
        lines.append(String(repeating: " ", count: depth * 4) + line)
    }

    mutating func statements(_ statements: [Statement]) {
        for statement in statements { self.statement(statement) }
    }

    /// `header {`, the block's statements one level deeper, and `}` (left for the caller to write when
    /// `closed` is false, as `} else {` does).
    mutating func block(_ header: String, _ body: Block, closed: Bool = true) {
        emit(header + " {")
        depth += 1
        statements(body.statements)
        depth -= 1
        if closed { emit("}") }
    }

    mutating func statement(_ statement: Statement) {
        switch statement {
        case .letBinding(let name, let value, _):
            emit("let \(name.name) = \(value.sourceText)")
            knownNames.insert(name.name)
        case .assignment(let name, let value, _):
            emit("\(name.name) = \(value.sourceText)")
        case .forLoop(let variable, let sequence, let body, _):
            knownNames.insert(variable.name)
            block("for \(variable.name) in \(sequence.sourceText)", body)
        case .ifElse(let condition, let then, let otherwise, _):
            ifChain("if", condition, then, otherwise)
        case .function(let name, let parameters, let body, _):
            knownNames.insert(name.name)
            let outer = knownNames
            knownNames.formUnion(parameters.map(\.name))
            block("def \(name.name)(\(parameters.map(\.name).joined(separator: ", ")))", body)
            knownNames = outer
        case .returnStatement(let value, _):
            emit(words(["return", value?.sourceText]))
        case .include(let path, _):
            emit("\(StatementKeyword.include.rawValue) \(pathText(path))")
        case .print(let items, _):
            emit(words([StatementKeyword.print.rawValue] + items.map(\.sourceText)))
        case .assert(let condition, let message, _):
            emit(words([StatementKeyword.assert.rawValue, condition.sourceText, message?.sourceText]))
        case .expect(let condition, let message, let points, let visibility, _):
            emit(words([StatementKeyword.expect.rawValue, condition.sourceText, message.map(argumentText),
                        points.map { "points \($0.sourceText)" }, visibility == .visible ? nil : visibility.rawValue]))
        case .leaderboard(let name, let value, let order, _):
            emit(words([StatementKeyword.leaderboard.rawValue, name.sourceText, value.sourceText,
                        order == .desc ? nil : order.rawValue]))
        case .expression(let expr, _):
            emit(expressionStatement(expr))
        case .command(let command, _):
            self.command(command)
        }
    }

    /// `if … { } else if … { } else { }`: an `else` block that is exactly a nested `if` (the parser gives
    /// such a block the nested statement's range) was written `else if` and is printed so.
    private mutating func ifChain(_ keyword: String, _ condition: Expr, _ then: Block, _ otherwise: Block?) {
        block("\(keyword) \(condition.sourceText)", then, closed: otherwise == nil)
        guard let otherwise else { return }
        if otherwise.statements.count == 1, case .ifElse(let inner, let innerThen, let innerElse, let range) = otherwise.statements[0],
           range == otherwise.range {
            ifChain("} else if", inner, innerThen, innerElse)
        } else {
            block("} else", otherwise)
        }
    }

    /// An expression statement starting with a name is parenthesised unless the parser would read it as
    /// an expression there: a call, a known variable, a session value or an operator word; otherwise the
    /// name would be taken for a command or a misspelt one.
    private func expressionStatement(_ expr: Expr) -> String {
        let text = expr.sourceText
        guard let word = leadingWord(text) else { return text }
        let isCall = text.dropFirst(word.count).hasPrefix("(")
        let readsAsExpression = StatementKeyword.lookup(word) == nil && CommandWord.lookup(word) == nil
            && (isCall || knownNames.contains(word) || SessionValue.lookup(word) != nil
                || ReservedWords.operators.contains(word))
        return readsAsExpression ? text : "(\(text))"
    }

    /// A command argument. Where a name starts a value the parser first asks whether it is one of the
    /// command's words (or a misspelling of one), so a leading variable or session value is written `$name`,
    /// which is always a value.
    func argumentText(_ expr: Expr) -> String {
        let text = expr.sourceText
        guard let word = leadingWord(text), !text.dropFirst(word.count).hasPrefix("("),
              !["true", "false", "not"].contains(word) else { return text }
        return "$" + text
    }

    /// A file path (`save`, `include`): a leading name of any kind would be taken for an unquoted file
    /// name, so such a path is written `${…}`.
    func pathText(_ expr: Expr) -> String {
        let text = argumentText(expr)
        return leadingWord(text) == nil ? text : "${\(expr.sourceText)}"
    }

    /// An interpolated vocabulary slot: `$name` for a plain variable, `${expr}` otherwise.
    func interpolationText(_ expr: Expr) -> String {
        if case .variable(let name, _) = expr { return "$" + name }
        return "${\(expr.sourceText)}"
    }

    /// A string written as a bare word where the parser takes an unknown name as a string (`run`,
    /// `compare`, `target`, sweep lists); nil when the bare word would mean something else.
    func bareWord(_ expr: Expr, except reserved: Set<String> = []) -> String? {
        guard case .string(let segments, _) = expr, segments.count == 1, case .text(let text, _) = segments[0],
              leadingWord(text) == text, !knownNames.contains(text), !reserved.contains(text),
              ReservedWords.reason(for: text) == nil else { return nil }
        return text
    }

    /// The identifier `text` starts with, if it starts with one.
    func leadingWord(_ text: String) -> String? {
        var scalars = text.unicodeScalars[...]
        guard let first = scalars.first, Lexer.isIdentifierStart(first) else { return nil }
        scalars = scalars.prefix { Lexer.isIdentifierContinue($0) }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The present parts joined by single spaces.
    func words(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.joined(separator: " ")
    }
}

extension Expr {
    /// The expression as canonical source text: binary operators spaced (`^` and `..` tight), parentheses
    /// only where the parser's precedence and associativity need them.
    public var sourceText: String {
        switch self {
        case .number(let value, _): Expr.sourceNumber(value)
        case .string(let segments, _): Expr.quoted(segments)
        case .boolean(let value, _): value ? "true" : "false"
        case .list(let elements, _): "[" + elements.map(\.sourceText).joined(separator: ", ") + "]"
        case .rangeLiteral(let lower, let upper, _):
            lower.operand(above: Precedence.range) + ".." + upper.operand(above: Precedence.range)
        case .variable(let name, _): name
        case .session(let value, _): value.rawValue
        case .unary(.negate, let operand, _): "-" + operand.operand(atLeast: Precedence.negate)
        case .unary(.not, let operand, _): "not " + operand.operand(atLeast: Precedence.not)
        case .binary(.power, let base, let exponent, _):
            // The base is a postfix expression; the exponent a unary one (`2^-1`, `2^3^2`).
            base.operand(atLeast: Precedence.postfix) + "^" + exponent.operand(atLeast: Precedence.negate)
        case .binary(let op, let lhs, let rhs, _):
            // Comparisons do not chain, so neither side may be one; the others associate to the left.
            Expr.binaryText(op, lhs, rhs)
        case .call(let callee, let arguments, _):
            callee.name + "(" + arguments.map(\.sourceText).joined(separator: ", ") + ")"
        case .index(let base, let index, _):
            base.operand(atLeast: Precedence.postfix) + "[" + index.sourceText + "]"
        }
    }

    private static func binaryText(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr) -> String {
        let level = Precedence.of(op)
        let left = level == Precedence.comparison ? lhs.operand(above: level) : lhs.operand(atLeast: level)
        return left + " \(op.rawValue) " + rhs.operand(above: level)
    }

    /// The parser's binding levels (`Parser+Expressions.swift`), loosest first.
    enum Precedence {
        static let or = 1, and = 2, not = 3, comparison = 4, range = 5, additive = 6, multiplicative = 7
        static let negate = 8, power = 9, postfix = 10

        static func of(_ op: BinaryOperator) -> Int {
            switch op {
            case .or: or
            case .and: and
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: comparison
            case .add, .subtract: additive
            case .multiply, .divide, .remainder: multiplicative
            case .power: power
            }
        }
    }

    /// How tightly this expression binds as printed.
    var precedence: Int {
        switch self {
        case .number(let value, _): value.sign == .minus ? Precedence.negate : Precedence.postfix
        case .string, .boolean, .list, .variable, .session, .call, .index: Precedence.postfix
        case .rangeLiteral: Precedence.range
        case .unary(.negate, _, _): Precedence.negate
        case .unary(.not, _, _): Precedence.not
        case .binary(let op, _, _, _): Precedence.of(op)
        }
    }

    /// This expression as an operand that the parser reads at level `minimum` or tighter.
    func operand(atLeast minimum: Int) -> String {
        precedence >= minimum ? sourceText : "(\(sourceText))"
    }

    /// This expression as an operand that must bind tighter than `level` (a right operand, or either side
    /// of an operator that does not chain).
    func operand(above level: Int) -> String {
        operand(atLeast: level + 1)
    }

    /// The shortest text that lexes back to `value`: whole numbers as integers, others in Swift's
    /// shortest round-trip form (`0.001`, `1e-06`, `1e+20`), which the lexer reads exactly. Parsed numbers
    /// are never negative (`-` is an operator); a negative one, built by hand, keeps its sign.
    static func sourceNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A string literal with every character the lexer treats specially escaped, and interpolations as
    /// `${expr}` (never `$name`, which would run into a following letter).
    static func quoted(_ segments: [StringSegment]) -> String {
        var text = "\""
        for segment in segments {
            switch segment {
            case .text(let literal, _): text += escaped(literal)
            case .interpolation(let expr): text += "${\(expr.sourceText)}"
            }
        }
        return text + "\""
    }

    /// `literal` with the escapes of `Lexer+Strings.swift`: `\\`, `\"`, `\$` and the control characters
    /// `\n \t \r \0` (a raw newline would end the string).
    private static func escaped(_ literal: String) -> String {
        var text = ""
        for scalar in literal.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "$": text += "\\$"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case "\0": text += "\\0"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
