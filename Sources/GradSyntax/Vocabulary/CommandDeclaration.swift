/// One command as the language declares it: its help (a usage line built from the vocabulary, summary,
/// example) and the words it takes, each stated once. Help, completion, did-you-mean and the parser's keyword checks all read it from here.
///
/// Each declaration sits beside its command's parser (`Parser+Training.swift` holds `clip`'s), so the words
/// cannot drift from the grammar; `CommandWord.declaration` gathers them with one exhaustive switch, so a
/// new command cannot be added without one.
public struct CommandDeclaration: Sendable {
    /// `help COMMAND`.
    public let help: CommandHelp
    /// The words that may follow the command word, in completion order.
    let keywords: [KeywordGroup]
    /// The words that follow one of those words inside this command (`init` → schemes); nil when none do.
    let followers: @Sendable (String) -> [String]?
    /// The words that follow the value of one of them (`plot boundary layer 2 ` → `unit`); nil when the
    /// command's keywords apply again.
    let followersAfterArgument: @Sendable (String) -> [String]?
    /// The keywords that apply given the statement's words so far (the command word first), when they
    /// depend on an earlier word (`net lstm …` takes other options than `net dense …`); nil: `keywords`.
    let keywordsInContext: @Sendable ([String]) -> [String]?

    init(_ command: CommandWord, keywords: [KeywordGroup] = [], followers: @escaping @Sendable (String) -> [String]? = { _ in nil },
         followersAfterArgument: @escaping @Sendable (String) -> [String]? = { _ in nil },
         keywordsInContext: @escaping @Sendable ([String]) -> [String]? = { _ in nil },
         usage: [[Usage]], separator: String = " | ", summary: String, example: String) {
        help = CommandHelp(.command(command), syntax: Usage.line(command, usage, separator: separator),
                           summary: summary, example: example)
        self.keywords = keywords
        self.followers = followers
        self.followersAfterArgument = followersAfterArgument
        self.keywordsInContext = keywordsInContext
    }
}

extension CommandWord {
    /// This command's declaration.
    public var declaration: CommandDeclaration {
        switch self {
        case .seed: .seed
        case .data: .data
        case .split: .split
        case .standardize: .standardize
        case .features: .features
        case .net: .net
        case .bptt: .bptt
        case .layer: .layer
        case .act: .act
        case .`init`: .initCommand
        case .loss: .loss
        case .optim: .optim
        case .lr: .lr
        case .schedule: .schedule
        case .clip: .clip
        case .batch: .batch
        case .record: .record
        case .train: .train
        case .backward: .backward
        case .step: .step
        case .reset: .reset
        case .eval: .eval
        case .show: .show
        case .gradcheck: .gradcheck
        case .save: .save
        case .load: .load
        case .export: .export
        case .run: .run
        case .history: .history
        case .help: .help
        case .explain: .explain
        case .diagnose: .diagnose
        case .plot: .plot
        case .compare: .compare
        case .sweep: .sweep
        case .report: .report
        }
    }

    /// The words this command accepts after it, in completion order. The parsers pass the same list to
    /// did-you-mean.
    public var keywords: [String] { CommandWord.tables[self]?.keywords ?? [] }

    /// `keywords` plus their aliases: words that are never a value inside this command (so in
    /// `schedule step 500 steps`, `steps` is the unit, not the session value).
    var spellings: Set<String> { CommandWord.tables[self]?.spellings ?? [] }

    /// The first words of statements: commands then scripting keywords (for did-you-mean).
    static let statementWords = CommandWord.words + StatementKeyword.words

    /// Both lists per command, computed once: the parser consults them on every command.
    private static let tables: [CommandWord: (keywords: [String], spellings: Set<String>)] =
        Dictionary(uniqueKeysWithValues: allCases.map { command in
            let groups = command.declaration.keywords
            return (command, (groups.flatMap(\.words), Set(groups.flatMap { $0.words + $0.aliases })))
        })

    /// The words that may follow `word` inside this command (`init` → schemes, `bias` → on/off,
    /// `he` → distributions and fan modes); nil when `word` is not followed by a word of its own.
    public func values(after word: String) -> [String]? { declaration.followers(word) }

    /// The words that may follow `word` and the value it takes (`plot boundary layer 2 ` → `unit`), when
    /// they are not the command's keywords; nil when the keywords apply again.
    public func values(afterArgumentOf word: String) -> [String]? { declaration.followersAfterArgument(word) }

    /// The keywords that apply after the statement's `words` so far (the command word first).
    public func keywords(after words: [String]) -> [String] { declaration.keywordsInContext(words) ?? keywords }
}

/// A run of keywords: a vocabulary enum's words, or literal words the parser matches by text.
struct KeywordGroup: Sendable {
    let words: [String]
    let aliases: [String]

    static func of<Word: VocabularyWord>(_ type: Word.Type) -> KeywordGroup {
        KeywordGroup(words: Word.words, aliases: Array(Word.aliases.keys))
    }

    static func literal(_ words: [String]) -> KeywordGroup {
        KeywordGroup(words: words, aliases: [])
    }
}

extension CommandDeclaration {
    /// After a layer option or word in `net`, `layer`, `act` and `init`: `init` → schemes, `bias` → on/off,
    /// `gelu` → its forms, `he` → distributions and fan modes.
    static func layerFollowers(includingOptions: Bool) -> @Sendable (String) -> [String]? {
        { word in
            if includingOptions {
                if LayerOption.lookup(word) == .`init` { return InitWord.words }
                if LayerOption.lookup(word) == .bias { return Toggle.words }
            }
            if ActivationWord.lookup(word) == .gelu { return GELUFormWord.words }
            switch InitWord.lookup(word) {
            case .xavier: return Distribution.words
            case .he, .kaiming: return Distribution.words + FanModeWord.words
            default: return nil
            }
        }
    }

    /// `plot grads over time`, `plot boundary layer L unit U`, `plot boundary over time`.
    static let plotFollowers: @Sendable (String) -> [String]? = { word in
        if PlotTarget.lookup(word) == .grads || PlotTarget.lookup(word) == .time { return ["over"] }
        if PlotTarget.lookup(word) == .boundary { return ["layer", "unit", "over"] }
        return word == "over" ? ["time"] : nil
    }

    /// `plot boundary layer 2 ` → `unit`; after the unit's number, nothing.
    static let plotArgumentFollowers: @Sendable (String) -> [String]? = { word in
        switch word {
        case "layer": ["unit"]
        case "unit": []
        default: nil
        }
    }
}
