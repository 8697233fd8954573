/// Which option slots a command has filled, so a repeated option or two options that exclude each other
/// (two activations, two clip modes) are reported against the first one.
struct OptionSlots {
    var filled: [String: Token] = [:]
}

extension Parser {
    /// Fills `slot` with the option written as `word`; a second fill is a duplicate (same word) or a
    /// conflict (another word for the same slot, e.g. `relu` after `tanh`).
    mutating func claim(_ slots: inout OptionSlots, _ slot: String, _ word: Token) throws {
        guard let first = slots.filled[slot] else {
            slots.filled[slot] = word
            return
        }
        if first.text == word.text {
            throw fail(.duplicateOption, "'\(word.text)' is given twice", at: word.range,
                       notes: [Note("first given here", range: first.range)])
        }
        throw fail(.conflictingOption, "conflicting \(slot) '\(first.text)' and '\(word.text)'", at: word.range,
                   notes: [Note("'\(first.text)' given here", range: first.range)])
    }

    /// The error for a word a command does not accept, with a did-you-mean over what it does accept;
    /// `noun` names what was expected (`option`, `topic`, `loss`).
    mutating func unknownWord(after command: Token, candidates: [String], noun: String = "option") -> ParseAbort {
        let token = current
        let notes = [Note("see 'help \(command.text)'")]
        guard case .identifier(let word) = token.kind else {
            var habit: [Note] = []
            if case .number = token.kind, let note = numberHabit(after: command, number: token) { habit = [note] }
            return fail(.unexpectedToken, "unexpected \(describe(token)) in '\(command.text)'", notes: habit + notes)
        }
        return fail(.unknownKeyword, "unknown \(noun) '\(word)' for '\(command.text)'",
                    notes: Suggestion.note(for: word, in: candidates) + notes)
    }

    /// True when the current token can start a value argument rather than being an option word: a number,
    /// string, bracket, `$` interpolation, a sign, or a name. A name is a value unless it is one of the
    /// command's words or, being unknown, looks like a misspelt one (`nosie`): names bound by an
    /// `include` or an earlier REPL entry are not known here, so unknown names must still work.
    var startsValue: Bool {
        mutating get {
            let token = current
            switch token.kind {
            case .number, .string, .leftParen, .leftBracket, .dollarIdentifier, .dollarBrace, .minus:
                return true
            case .identifier(let name):
                if commandWords.contains(name) { return false }
                if name == "true" || name == "false" || name == "not" { return true }
                if ReservedWords.operators.contains(name) || StatementKeyword.lookup(name) != nil { return false }
                if knownNames.contains(name) || SessionValue.lookup(name) != nil { return true }
                if peek(1).kind == .leftParen && token.isAdjacent(to: peek(1)) { return true }
                return Suggestion.closest(to: name, in: commandKeywords) == nil
            default:
                return false
            }
        }
    }

    /// True at a `$name` or `${`: an interpolated word.
    var startsInterpolation: Bool {
        mutating get {
            switch current.kind {
            case .dollarIdentifier, .dollarBrace: true
            default: false
            }
        }
    }

    /// One command argument: an expression where whitespace separates arguments (`uniform -1 1`).
    mutating func parseArgument() throws -> Expr {
        let saved = argumentMode
        argumentMode = true
        defer { argumentMode = saved }
        return try parseExpression()
    }

    /// The argument that must follow `word` (an option or command), described by `what` when missing.
    mutating func parseRequiredArgument(for word: Token, _ what: String, notes: [Note] = []) throws -> Expr {
        guard !atStatementEnd else {
            throw failExpected("\(what) after '\(word.text)'", id: .missingArgument, notes: notes)
        }
        return try parseArgument()
    }

    /// An argument that may be left out: parsed only when a value follows.
    mutating func parseOptionalArgument() throws -> Expr? {
        startsValue ? try parseArgument() : nil
    }

    /// A vocabulary word as the single argument of a command (`show grads`, `explain relu`).
    mutating func parseRequiredWord<Word: VocabularyWord>(_ type: Word.Type, after command: Token,
                                                          _ what: String, noun: String = "option")
        throws -> Located<Word> {
        guard !atStatementEnd else {
            throw failExpected("\(what) after '\(command.text)'", id: .missingArgument,
                               notes: [Note("one of: \(Word.words.joined(separator: ", "))")])
        }
        guard let word = matchWord(Word.self) else {
            throw unknownWord(after: command, candidates: Word.words, noun: noun)
        }
        return Located(word.value, range: word.token.range)
    }

    /// Consumes the current identifier when it is a word of `Word`'s vocabulary.
    mutating func matchWord<Word: VocabularyWord>(_ type: Word.Type) -> (value: Word, token: Token)? {
        let token = current
        guard case .identifier(let text) = token.kind, let word = Word.lookup(text) else { return nil }
        advance()
        return (word, token)
    }

    /// An interpolated vocabulary slot: `$name` or `${expr}`, whose string value is resolved at run time.
    mutating func parseInterpolation() throws -> Expr {
        try parseArgument()
    }

    /// An argument where a bare word means itself (`target species`, `run baseline`): an unknown name is
    /// taken as a string, a known variable as its value.
    mutating func parseWordArgument(after word: Token, _ what: String, notes: [Note] = []) throws -> Expr {
        let token = current
        if case .identifier(let name) = token.kind, !knownNames.contains(name), SessionValue.lookup(name) == nil,
           ReservedWords.reason(for: name) == nil {
            advance()
            return .string(segments: [.text(name, range: token.range)], range: token.range)
        }
        return try parseRequiredArgument(for: word, what, notes: notes)
    }

    /// A note quoting the help example of `command`: the fastest fix for a missing argument.
    func example(_ command: CommandWord) -> Note {
        Note("for example: \(CommandHelp.entry(for: .command(command)).example)")
    }

    /// A file path: a string or an expression giving one. A bare file name (`m.json`: a name with more
    /// written against it) gets a hint to quote it; a lone name is a variable holding the path.
    mutating func parsePath(after word: Token) throws -> Expr {
        let token = current
        if case .identifier = token.kind {
            var end = index
            while end + 1 < tokens.count, tokens[end].isAdjacent(to: tokens[end + 1]),
                  tokens[end + 1].kind != .newline, tokens[end + 1].kind != .endOfInput {
                end += 1
            }
            if end == index { return try parseRequiredArgument(for: word, "a file name in quotes") }
            let written = source.text(in: token.range.union(tokens[end].range))
            // `m.json` also trips the lexer at '.'; this error explains it, so that one is dropped.
            absorbedRanges.append(token.range.union(tokens[end].range))
            throw fail(.expectedToken, "expected a file name in quotes after '\(word.text)'",
                       at: token.range.union(tokens[end].range),
                       notes: [Note("write \(word.text) \"\(written)\"")])
        }
        return try parseRequiredArgument(for: word, "a file name in quotes")
    }
}
