extension Parser {
    /// True when the current token can start a shape word (`20x64`, `64-32-16`, `${d}x64`, `$w`).
    var startsShape: Bool {
        mutating get {
            switch current.kind {
            case .number, .dollarIdentifier, .dollarBrace, .leftParen: true
            default: false
            }
        }
    }

    /// A shape word: `DEPTHxWIDTH` or `WIDTH-WIDTH-...` (or one `WIDTH`), written without spaces.
    ///
    /// The lexer has no shape token — `20x64` arrives as `20` and `x64`, `${d}x$w` as `${`, `d`, `}`, `x`,
    /// `$w` — so the parts are joined here by adjacency, and each dimension is an `Expr` with its own
    /// range (for `x64`, the range of `64` inside the identifier).
    mutating func parseShape() throws -> NetShape {
        let first = current
        var dimensions = [try parseDimension()]
        var repeated = false
        while previous.isAdjacent(to: current) {
            let token = current
            switch token.kind {
            case .identifier(let text) where text.hasPrefix("x"):
                guard dimensions.count == 1 else {
                    throw fail(.invalidShape, "a shape is either DEPTHxWIDTH or WIDTH-WIDTH-...",
                               at: token.range.slice(from: 0, length: 1),
                               notes: [Note("write 20x64 for 20 layers of 64, or 64-32-16 for three layers")])
                }
                repeated = true
                advance()
                let digits = text.dropFirst()
                if digits.isEmpty {
                    guard previous.isAdjacent(to: current), startsShape else {
                        throw failExpected("a width after 'x'", id: .invalidShape)
                    }
                    dimensions.append(try parseDimension())
                } else if digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Double(digits) {
                    dimensions.append(.number(value: value, range: token.range.slice(from: 1, length: digits.count)))
                } else {
                    throw fail(.invalidShape, "unexpected '\(text)' in the shape", at: token.range,
                               notes: [Note("leave a space between the shape and the next word")])
                }
            case .minus:
                guard !repeated else {
                    throw fail(.invalidShape, "a shape is either DEPTHxWIDTH or WIDTH-WIDTH-...",
                               notes: [Note("write 20x64 for 20 layers of 64, or 64-32-16 for three layers")])
                }
                advance()
                guard previous.isAdjacent(to: current), startsShape else {
                    throw failExpected("a width after '-'", id: .invalidShape)
                }
                dimensions.append(try parseDimension())
            case .newline, .semicolon, .endOfInput, .rightBrace:
                return try makeShape(dimensions, repeated: repeated, from: first)
            default:
                throw fail(.invalidShape, "unexpected \(describe(token)) in the shape",
                           notes: [Note("leave a space between the shape and the next word")])
            }
        }
        return try makeShape(dimensions, repeated: repeated, from: first)
    }

    /// One dimension: an integer literal, `$name`, `${expr}` or `(expr)`.
    private mutating func parseDimension() throws -> Expr {
        guard startsShape else { throw failExpected("a layer width", id: .invalidShape) }
        return try parsePrimary()
    }

    /// Checks literal dimensions (whole numbers; depth ≥ 0, widths ≥ 1) and builds the shape.
    private mutating func makeShape(_ dimensions: [Expr], repeated: Bool, from first: Token) throws -> NetShape {
        for (position, dimension) in dimensions.enumerated() {
            guard case .number(let value, let range) = dimension else { continue }
            let isDepth = repeated && position == 0
            let minimum = isDepth ? 0.0 : 1.0
            if value != value.rounded() || value < minimum {
                let what = isDepth ? "the depth must be a whole number" : "a layer width must be a whole number"
                throw fail(.invalidShape, "\(what) of at least \(Int(minimum)), found \(source.text(in: range))",
                           at: range)
            }
        }
        let range = first.range.union(previous.range)
        return repeated ? .repeated(depth: dimensions[0], width: dimensions[1], range: range)
            : .widths(dimensions, range: range)
    }
}
