/// `compare` and `sweep`: the commands over kept runs, with their help entries.
extension Parser {
    /// `compare [NAME …] [reach LOSS]`: names are bare words or strings.
    mutating func parseCompare(_ command: Token) throws -> Command {
        var names: [Expr] = []
        var reach: Expr?
        while !atStatementEnd {
            if let word = matchWord("reach") {
                guard reach == nil else { throw fail(.duplicateOption, "'reach' is given twice", at: word.range) }
                reach = try parseRequiredArgument(for: word, "a loss to reach", notes: [example(.compare)])
            } else {
                names.append(try parseWordArgument(after: command, "a run name", notes: [example(.compare)]))
            }
        }
        return .compare(runs: names, reach: reach)
    }

    /// `sweep DIM [VALUES] … { BODY }`.
    mutating func parseSweep(_ command: Token) throws -> SweepSpec {
        var axes: [SweepSpec.Axis] = []
        var slots = OptionSlots()
        while current.kind != .leftBrace || axes.isEmpty {
            guard !atStatementEnd, current.kind != .leftBrace else {
                if axes.isEmpty {
                    throw failExpected("what to vary after 'sweep'", id: .missingArgument, notes: [
                        Note("one or more of: \(SweepDimension.words.joined(separator: ", ")), each with a list"),
                        example(.sweep),
                    ])
                }
                throw failExpected("'{' and the commands to run for each cell", id: .missingArgument, notes: [example(.sweep)])
            }
            guard let (dimension, token) = matchWord(SweepDimension.self) else {
                throw unknownWord(after: command, candidates: SweepDimension.words, noun: "dimension")
            }
            try claim(&slots, dimension.rawValue, token)
            let located = Located(dimension, range: token.range)
            if let opener = match(.leftBracket) {
                axes.append(SweepSpec.Axis(dimension: located, values: try parseSweepValues(opener, after: token), list: nil))
            } else {
                let list = try parseRequiredArgument(for: token, "a list of values in brackets", notes: [example(.sweep)])
                axes.append(SweepSpec.Axis(dimension: located, values: [], list: list))
            }
        }
        let body = try parseBlock()
        return SweepSpec(dimensions: axes, body: body, range: range(from: command))
    }

    /// The values between `[` and `]`: bare words (taken as strings), numbers, strings or `$x`,
    /// separated by spaces or commas.
    private mutating func parseSweepValues(_ opener: Token, after dimension: Token) throws -> [Expr] {
        let nesting = enter(opener)
        var values: [Expr] = []
        while current.kind != .rightBracket {
            if current.kind == .endOfInput { throw failExpected("']' to close the list") }
            if match(.comma) != nil { continue }
            let token = current
            if case .identifier(let name) = token.kind, !knownNames.contains(name) {
                advance()
                values.append(.string(segments: [.text(name, range: token.range)], range: token.range))
            } else {
                values.append(try parseArgument())
            }
        }
        let closer = advance()
        leave(nesting)
        guard !values.isEmpty else {
            throw fail(.missingArgument, "the list of '\(dimension.text)' values is empty", at: opener.range.union(closer.range))
        }
        return values
    }
}

extension CommandDeclaration {
    static let compare = CommandDeclaration(
        .compare,
        keywords: [.literal(["reach"])],
        usage: [[.optional(.value("RUN …")), .optional(.sequence([.literal("reach"), .value("LOSS")]))]],
        summary: """
            Puts kept runs side by side (all of them when none is named): final loss and accuracy, the steps \
            each needed to bring its loss (10-step running mean) to LOSS — by default halfway, on a log scale, \
            from the starting loss to the best final one — layer 1's gradient over the last layer's, and how \
            each run stopped; then their loss curves overlaid.
            """,
        example: "compare tanh relu")
    static let sweep = CommandDeclaration(
        .sweep,
        keywords: [.of(SweepDimension.self)],
        usage: [[.anyOf(SweepDimension.self), .optional(.value("V1 V2 …")), .literal("…"), .literal("{ COMMANDS }")]],
        summary: """
            Runs COMMANDS once for every combination of the values, each from the same data, seed and random \
            state (so cells differ only in what is varied), in parallel up to the number of cores. Prints a \
            table and keeps every cell as a run named by its values (relu_he_d10; quote names with a dot: "lr0.01") for 'compare'.
            """,
        example: "sweep act [sigmoid tanh relu] init [xavier he] depth [5 10 20] { train 20 }")
}
