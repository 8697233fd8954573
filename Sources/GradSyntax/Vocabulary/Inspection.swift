/// What a notebook or an editor asks about a position in source text: the word there, and its help.
/// Offsets count Unicode scalars, as `SourceLocation` does (and as Jupyter's `cursor_pos` does).
public enum Inspection {
    /// The identifier or `$identifier` that contains or ends at `offset`, with its scalar range.
    public static func word(in text: String, at offset: Int) -> (word: String, range: Range<Int>)? {
        let source = Source(name: "<inspection>", text: text)
        for token in Lexer.tokenize(source).tokens {
            let range = token.range.start.offset..<token.range.end.offset
            guard range.lowerBound <= offset, offset <= range.upperBound else { continue }
            switch token.kind {
            case .identifier(let word): return (word, range)
            case .dollarIdentifier(let word): return ("$" + word, range)
            default: continue
            }
        }
        return nil
    }

    /// The help text (`help <topic>`) of the command, statement or built-in at `offset`, if it has one.
    public static func help(in text: String, at offset: Int) -> (topic: String, text: String)? {
        guard let (word, _) = word(in: text, at: offset), let topic = HelpTopic.lookup(word) else { return nil }
        return (topic.word, CommandHelp.entry(for: topic).text)
    }

    /// Where the completions for the word ending at `offset` start: the replaced span is `start..<offset`.
    public static func completionStart(in text: String, at offset: Int) -> Int {
        let prefix = String(String.UnicodeScalarView(text.unicodeScalars.prefix(offset)))
        guard let (_, range) = word(in: prefix, at: offset), range.upperBound == offset else { return offset }
        return range.lowerBound
    }

    /// Completion candidates at scalar `offset` in `text` (see `Completion.candidates`, which counts characters).
    public static func completions(in text: String, at offset: Int, variables: [String]) -> [String] {
        let prefix = String(String.UnicodeScalarView(text.unicodeScalars.prefix(offset)))
        return Completion.candidates(for: prefix, cursor: prefix.count, variables: variables)
    }
}
