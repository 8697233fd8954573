extension Parser {
    /// An expression. Infix operators by precedence climbing, loosest first: `or` 1, `and` 2, prefix
    /// `not` 3, comparisons 4 (not chainable), `..` 5 (a range literal, not chainable), `+ -` 6,
    /// `* / %` 7; then unary `-`, `^` (right-associative, tighter than unary minus: `-2^2` is -4),
    /// postfix `[i]` and primaries. One function for all infix levels keeps the recursion per
    /// parenthesis shallow, which is what bounds stack use on deeply nested input.
    mutating func parseExpression() throws -> Expr {
        try descend()
        defer { depth -= 1 }
        return try parseInfix(above: 1)
    }

    /// Operands joined by infix operators of precedence `minimum` or tighter.
    private mutating func parseInfix(above minimum: Int) throws -> Expr {
        var lhs: Expr
        if minimum <= 3, let word = matchWord("not") {
            try descend()
            defer { depth -= 1 }
            let operand = try parseInfix(above: 3)
            lhs = .unary(op: .not, operand: operand, range: word.range.union(operand.range))
        } else {
            lhs = try parseUnary()
        }
        var links = 0
        defer { chainLength -= links }
        while true {
            let token = current
            guard let (op, precedence) = Parser.infix(token.kind), precedence >= minimum else { return lhs }
            // In command arguments `init uniform a -b` means two arguments: a sign written against its
            // operand after a space starts a new one (Ruby warns about the same ambiguity).
            if argumentMode, op == .add || op == .subtract, !previous.isAdjacent(to: token),
               token.isAdjacent(to: peek(1)) {
                return lhs
            }
            try lengthenChain()
            links += 1
            advance()
            let rhs = try parseInfix(above: precedence + 1)
            if let op {
                lhs = .binary(op: op, lhs: lhs, rhs: rhs, range: lhs.range.union(rhs.range))
            } else {
                lhs = .rangeLiteral(lower: lhs, upper: rhs, range: lhs.range.union(rhs.range))
            }
            // Comparisons and ranges do not chain: `a < b < c` is almost always a mistake here.
            if precedence == 4 || precedence == 5, let (_, next) = Parser.infix(current.kind), next == precedence {
                throw chained(comparison: precedence == 4)
            }
        }
    }

    private mutating func chained(comparison: Bool) -> ParseAbort {
        comparison
            ? fail(.unexpectedToken, "comparisons cannot be chained",
                   notes: [Note("combine them with 'and', as in a < b and b < c")])
            : fail(.unexpectedToken, "ranges cannot be chained")
    }

    /// The infix operator a token stands for (nil operator: `..`) and its precedence.
    private static func infix(_ kind: TokenKind) -> (BinaryOperator?, Int)? {
        switch kind {
        case .identifier("or"): (.or, 1)
        case .identifier("and"): (.and, 2)
        case .equalEqual: (.equal, 4)
        case .bangEqual: (.notEqual, 4)
        case .less: (.less, 4)
        case .lessEqual: (.lessEqual, 4)
        case .greater: (.greater, 4)
        case .greaterEqual: (.greaterEqual, 4)
        case .dotDot: (nil, 5)
        case .plus: (.add, 6)
        case .minus: (.subtract, 6)
        case .star: (.multiply, 7)
        case .slash: (.divide, 7)
        case .percent: (.remainder, 7)
        default: nil
        }
    }

    /// Unary minus, then a postfix expression raised by `^`; the exponent may be negative: `2^-1`.
    private mutating func parseUnary() throws -> Expr {
        if let minus = match(.minus) {
            try descend()
            defer { depth -= 1 }
            let operand = try parseUnary()
            return .unary(op: .negate, operand: operand, range: minus.range.union(operand.range))
        }
        let base = try parsePostfix()
        guard match(.caret) != nil else { return base }
        try descend()
        defer { depth -= 1 }
        let exponent = try parseUnary()
        return .binary(op: .power, lhs: base, rhs: exponent, range: base.range.union(exponent.range))
    }

    /// Indexing needs `[` written against its operand, so `print xs [1]` prints two things.
    private mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        var links = 0
        defer { chainLength -= links }
        while check(.leftBracket), previous.isAdjacent(to: current) {
            try lengthenChain()
            links += 1
            let nesting = enter(advance())
            let index = try parseExpression()
            let closer = try expect(.rightBracket, "']' after the index")
            leave(nesting)
            expr = .index(base: expr, index: index, range: expr.range.union(closer.range))
        }
        return expr
    }

    /// A primary expression. Each form has its own function so that this one, which sits on the
    /// recursion path of every nested parenthesis, keeps a small stack frame.
    mutating func parsePrimary() throws -> Expr {
        switch current.kind {
        case .dollarBrace: try parseGroup(closing: .rightBrace, "'}' to close '${'")
        case .leftParen: try parseGroup(closing: .rightParen, "')'")
        case .leftBracket: try parseList()
        case .identifier: try parseName()
        default: try parseLiteral()
        }
    }

    /// `( expr )` or `${ expr }`.
    private mutating func parseGroup(closing: TokenKind, _ what: String) throws -> Expr {
        let opener = advance()
        let nesting = enter(opener)
        let inner = try parseExpression()
        _ = try expect(closing, what)
        leave(nesting)
        return retagged(inner, range: opener.range.union(previous.range))
    }

    /// A number, string or `$name`.
    private mutating func parseLiteral() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value: value, range: token.range)
        case .string(let parts, let terminated):
            advance()
            return .string(segments: try parseSegments(parts, terminated: terminated), range: token.range)
        case .dollarIdentifier(let name):
            if let abort = unbindableReference(name, at: token.range) { throw abort }
            advance()
            return nameReference(name, range: token.range)
        default:
            throw failExpected("an expression", id: .expectedExpression)
        }
    }

    /// A parenthesised or `${}` expression keeps its node but takes the wider range, so carets cover it.
    private func retagged(_ expr: Expr, range: SourceRange) -> Expr {
        switch expr {
        case .number(let value, _): .number(value: value, range: range)
        case .string(let segments, _): .string(segments: segments, range: range)
        case .boolean(let value, _): .boolean(value: value, range: range)
        case .list(let elements, _): .list(elements: elements, range: range)
        case .rangeLiteral(let lower, let upper, _): .rangeLiteral(lower: lower, upper: upper, range: range)
        case .variable(let name, _): .variable(name: name, range: range)
        case .session(let value, _): .session(value, range: range)
        case .unary(let op, let operand, _): .unary(op: op, operand: operand, range: range)
        case .binary(let op, let lhs, let rhs, _): .binary(op: op, lhs: lhs, rhs: rhs, range: range)
        case .call(let callee, let arguments, _): .call(callee: callee, arguments: arguments, range: range)
        case .index(let base, let index, _): .index(base: base, index: index, range: range)
        }
    }

    private mutating func parseName() throws -> Expr {
        let token = current
        guard case .identifier(let name) = token.kind else { throw failExpected("a name") }
        switch name {
        case "true", "false":
            advance()
            return .boolean(value: name == "true", range: token.range)
        case "and", "or", "not", "in", "else", "all":
            throw fail(.expectedExpression, "expected an expression, found the keyword '\(name)'",
                       notes: name == "else" ? [Note("'else' must follow the '}' of an 'if'")] : [])
        default:
            break
        }
        advance()
        let isCall = check(.leftParen) && token.isAdjacent(to: current)
        if isCall { return try parseCall(name, token) }
        if let abort = functionAsValue(name, at: token.range) { throw abort }
        return nameReference(name, range: token.range)
    }

    /// The error for a `$` reference to a name no variable can have (`$or`, `"$if"`): a keyword, or a
    /// built-in function (see `functionAsValue`); nil for any other name.
    private mutating func unbindableReference(_ name: String, at range: SourceRange) -> ParseAbort? {
        if StatementKeyword.lookup(name) != nil || ReservedWords.operators.contains(name) {
            return fail(.expectedExpression, "'$\(name)' refers to the keyword '\(name)'; no variable can have that name",
                        at: range)
        }
        return functionAsValue(name, at: range)
    }

    /// The error for a built-in function's name used as a value (`max`, `$max`, `"$max"`): no variable can
    /// have that name, so it is a call without its parentheses; nil for any other name.
    private mutating func functionAsValue(_ name: String, at range: SourceRange) -> ParseAbort? {
        guard let function = BuiltinFunction.lookup(name) else { return nil }
        return fail(.expectedToken, "'\(name)' is a function; call it with parentheses", at: range,
                    notes: [Note("write \(function.rawValue)(x)")])
    }

    /// A bare or `$` name: a session value when it names one, else a variable.
    private func nameReference(_ name: String, range: SourceRange) -> Expr {
        if let value = SessionValue.lookup(name) { return .session(value, range: range) }
        return .variable(name: name, range: range)
    }

    private mutating func parseCall(_ name: String, _ nameToken: Token) throws -> Expr {
        let opener = advance()
        let nesting = enter(opener)
        var arguments: [Expr] = []
        while !check(.rightParen) {
            arguments.append(try parseExpression())
            if match(.comma) == nil { break }
        }
        let closer = try expect(.rightParen, "')' after the arguments")
        leave(nesting)
        let range = nameToken.range.union(closer.range)
        if SessionValue.lookup(name) != nil {
            throw fail(.unexpectedToken, "'\(name)' is a value, not a function", at: range,
                       notes: [Note("write \(name) without parentheses")])
        }
        guard let function = BuiltinFunction.lookup(name) else {
            let callee = Callee.user(Identifier(name, range: nameToken.range))
            return .call(callee: callee, arguments: arguments, range: range)
        }
        if !function.arity.contains(arguments.count) {
            let expected = function.arity.upperBound == Int.max ? "at least \(function.arity.lowerBound)"
                : function.arity.count == 1 ? "\(function.arity.lowerBound)"
                : "\(function.arity.lowerBound) or \(function.arity.upperBound)"
            let plural = function.arity.upperBound == 1 || function.arity == 1...Int.max ? "argument" : "arguments"
            throw fail(.wrongArgumentCount, "'\(name)' takes \(expected) \(plural), got \(arguments.count)",
                       at: range)
        }
        return .call(callee: .builtin(function, range: nameToken.range), arguments: arguments, range: range)
    }

    private mutating func parseList() throws -> Expr {
        let opener = advance()
        let nesting = enter(opener)
        var elements: [Expr] = []
        while !check(.rightBracket) {
            elements.append(try parseExpression())
            if match(.comma) == nil { break }
        }
        let closer = try expect(.rightBracket, "']' to close the list",
                                notes: check(.endOfInput) ? [] : [Note("separate elements with ','")])
        leave(nesting)
        return .list(elements: elements, range: opener.range.union(closer.range))
    }

    /// String parts to segments; each `${...}` is parsed by a parser over its own tokens. Interpolations
    /// of an unterminated string are not parsed (the missing quote is the only error worth reporting).
    private mutating func parseSegments(_ parts: [StringPart], terminated: Bool) throws -> [StringSegment] {
        var segments: [StringSegment] = []
        for part in parts {
            switch part {
            case .text(let text, let range):
                segments.append(.text(text, range: range))
            case .variable(let name, let range):
                if let abort = unbindableReference(name, at: range) { throw abort }
                segments.append(.interpolation(nameReference(name, range: range)))
            case .interpolation(let tokens, let range):
                guard terminated else { continue }
                var inner = Parser(source: source, tokens: tokens, knownNames: knownNames)
                inner.bracketDepth = 1
                inner.depth = depth
                inner.endDescription = "'}'"
                let expr: Expr? = {
                    guard let expr = try? inner.parseExpression() else { return nil }
                    guard inner.check(.endOfInput) else {
                        _ = inner.failExpected("'}' to close '${'")
                        return nil
                    }
                    return expr
                }()
                diagnostics += inner.diagnostics
                guard let expr else { throw ParseAbort() }
                segments.append(.interpolation(retagged(expr, range: range)))
            }
        }
        return segments
    }
}
