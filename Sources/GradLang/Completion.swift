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
        // Only the statement being typed matters: the tokens after the last separator.
        let statement = Array(tokens.reversed().prefix { token in
            switch token.kind {
            case .newline, .semicolon, .leftBrace, .rightBrace: false
            default: true
            }
        }.reversed())
        return filtered(candidates(statement: statement, variables: variables), prefix: partial)
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
            return command.keywords.isEmpty ? values : command.keywords + variables
        }
        switch StatementKeyword.lookup(word) {
        case .for where statement.count == 2: return ["in"]
        case .expect: return values + ["points"]
        default: return values
        }
    }

    private static func filtered(_ words: [String], prefix: String) -> [String] {
        var seen = Set<String>()
        return words.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }
}
