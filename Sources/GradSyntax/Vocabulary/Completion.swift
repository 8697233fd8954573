/// Tab-completion candidates for a partly typed line, from the same vocabulary the parser uses.
public enum Completion {
    /// Candidates for the word ending at `cursor` (a character offset into `line`): command words and
    /// statement keywords at the start of a statement, then the keywords valid after the command word
    /// (or after an option such as `init`) followed by the caller's `variables`, and in value positions
    /// the `variables` plus session values and built-in functions. Inside a string nothing is offered — file names are the
    /// caller's job. Candidates start with the typed prefix, in table order, without duplicates.
    public static func candidates(for line: String, cursor: Int, variables: [String] = []) -> [String] {
        let prefixText = String(line.prefix(max(0, cursor)))
        let source = Source(name: "<completion>", text: prefixText)
        var tokens = Lexer.tokenize(source).tokens
        tokens.removeLast()  // end of input
        let end = source.scalars.count

        var partial = ""
        var dollar = false
        if let last = tokens.last, last.range.end.offset == end {
            switch last.kind {
            case .identifier(let text):
                partial = text
                tokens.removeLast()
            case .dollarIdentifier(let text):
                partial = text
                dollar = true
                tokens.removeLast()
            case .string(_, terminated: false):
                return []
            default:
                break
            }
        }
        if dollar {
            return filtered(variables + SessionValue.words, prefix: partial).map { "$" + $0 }
        }
        let start = statementStart(tokens)
        if start > 0, tokens[start - 1].kind == .dollarBrace {
            // Inside `${…}`: an expression.
            return filtered(variables + SessionValue.words + BuiltinFunction.words, prefix: partial)
        }
        return filtered(candidates(statement: Array(tokens[start...]), variables: variables), prefix: partial)
    }

    /// Only the statement being typed matters: the tokens after the last separator, block brace or open
    /// `${`. A `}` that closes a `${…}` interpolation belongs to the statement (`net dense ${depth}x64 re|`).
    private static func statementStart(_ tokens: [Token]) -> Int {
        var index = tokens.count
        while index > 0 {
            switch tokens[index - 1].kind {
            case .newline, .semicolon, .leftBrace, .dollarBrace:
                return index
            case .rightBrace:
                guard let opener = matchingOpener(tokens, closingAt: index - 1), tokens[opener].kind == .dollarBrace else { return index }
                index = opener
            default:
                index -= 1
            }
        }
        return 0
    }

    /// The index of the `{` or `${` that the `}` at `closing` closes.
    private static func matchingOpener(_ tokens: [Token], closingAt closing: Int) -> Int? {
        var depth = 0
        for index in stride(from: closing, through: 0, by: -1) {
            switch tokens[index].kind {
            case .rightBrace: depth += 1
            case .leftBrace, .dollarBrace:
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// Everything that may come next after the complete tokens `statement`.
    private static func candidates(statement: [Token], variables: [String]) -> [String] {
        let values = variables + SessionValue.words + BuiltinFunction.words
        guard let first = statement.first, case .identifier(let word) = first.kind else {
            return statement.isEmpty ? CommandWord.words + StatementKeyword.words + variables : values
        }
        if let command = CommandWord.lookup(word) {
            if statement.count > 1, case .identifier(let previous) = statement[statement.count - 1].kind,
               let words = command.values(after: previous) {
                return words
            }
            // After an option's value (`layer 2`), what follows that option, not the command's first words.
            if statement.count > 2, case .identifier(let option) = statement[statement.count - 2].kind,
               let words = command.values(afterArgumentOf: option) {
                return words
            }
            // Session values and built-ins would drown the keywords; the caller's own names stay.
            let words = statement.compactMap { token -> String? in
                if case .identifier(let text) = token.kind { return text } else { return nil }
            }
            let keywords = command.keywords(after: words)
            return keywords.isEmpty ? values : keywords + variables
        }
        switch StatementKeyword.lookup(word) {
        case .for where statement.count == 2: return ["in"]
        case .expect: return values + ["points"] + TestVisibility.words
        case .leaderboard where statement.count > 2: return LeaderboardOrder.words + values
        default: return values
        }
    }

    private static func filtered(_ words: [String], prefix: String) -> [String] {
        var seen = Set<String>()
        return words.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }
}
