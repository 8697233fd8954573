/// A command's usage line (`clip norm MAX [style torch|tf]|value V|…`), built from the vocabulary the parser
/// matches, so a word renamed or added in the vocabulary shows in `help` without a second copy to edit.
public indirect enum Usage: Sendable {
    /// Grammar text written as is: a word the parser matches by its text (`dense`, `over time`) or
    /// punctuation (`{ COMMANDS }`).
    case literal(String)
    /// A placeholder for what the user writes: `N`, `"FILE"`.
    case value(String)
    /// `[…]`: may be left out.
    case optional(Usage)
    /// `a|b|c`: one of them.
    case choice([Usage])
    /// Parts written one after another, separated by spaces.
    case sequence([Usage])

    /// A vocabulary word, by its own spelling.
    static func word<Word: VocabularyWord>(_ word: Word) -> Usage { .literal(word.rawValue) }

    /// Every word of a vocabulary, as a choice (`show net|grads|…`).
    static func anyOf<Word: VocabularyWord>(_ type: Word.Type) -> Usage { .choice(Word.allCases.map(word)) }

    /// `[word VALUE]`: an option that takes a value.
    static func option<Word: VocabularyWord>(_ word: Word, _ value: String) -> Usage {
        .optional(.sequence([.word(word), .value(value)]))
    }

    /// `[word]`: a switch.
    static func flag<Word: VocabularyWord>(_ word: Word) -> Usage { .optional(.word(word)) }

    /// The text `help` prints.
    public var text: String {
        switch self {
        case .literal(let text), .value(let text): text
        case .optional(let inner): "[\(inner.text)]"
        case .choice(let options): options.map(\.text).joined(separator: "|")
        case .sequence(let parts): parts.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    /// The usage line of `command` written in each of `forms`, the forms separated by `separator`
    /// (`save "FILE" | save session "FILE.grad"`).
    static func line(_ command: CommandWord, _ forms: [[Usage]], separator: String = " | ") -> String {
        forms.map { Usage.sequence([.literal(command.rawValue)] + $0).text }.joined(separator: separator)
    }
}
