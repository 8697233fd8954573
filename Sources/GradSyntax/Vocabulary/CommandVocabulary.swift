
extension CommandWord {
    /// The words this command accepts after it, in completion order. The parsers pass the same list to
    /// did-you-mean, and it is built from the vocabulary enums the parsers match against.
    public var keywords: [String] { CommandWord.tables[self]?.keywords ?? [] }

    /// `keywords` plus their aliases: words that are never a value inside this command (so in
    /// `schedule step 500 steps`, `steps` is the unit, not the session value).
    var spellings: Set<String> { CommandWord.tables[self]?.spellings ?? [] }

    /// The first words of statements: commands then scripting keywords (for did-you-mean).
    static let statementWords = CommandWord.words + StatementKeyword.words

    /// Both lists per command, computed once: the parser consults them on every command.
    private static let tables: [CommandWord: (keywords: [String], spellings: Set<String>)] =
        Dictionary(uniqueKeysWithValues: allCases.map { command in
            let groups = command.vocabulary
            return (command, (groups.flatMap(\.words), Set(groups.flatMap { $0.words + $0.aliases })))
        })

    private var vocabulary: [KeywordGroup] {
        switch self {
        case .seed, .split, .standardize, .lr, .batch, .backward, .step, .reset, .eval, .gradcheck,
             .load, .run, .history, .diagnose, .report:
            []
        case .save: [.literal(["session"])]
        case .record: [.literal(["every", "off"])]
        case .features: [.of(FeatureWord.self)]
        case .data: [.of(DataSetName.self), .of(DataOption.self)]
        case .net: [.literal(["dense"]), .of(ActivationWord.self), .of(LayerOption.self)]
        case .layer: [.of(ActivationWord.self), .of(LayerOption.self)]
        case .act: [.literal(["all"]), .of(ActivationWord.self)]
        case .`init`: [.literal(["all"]), .of(InitWord.self), .literal(["gain"])]
        case .loss: [.of(LossName.self)]
        case .optim: [.of(OptimizerWord.self), .of(OptimizerOption.self), .of(OptimizerSwitch.self)]
        case .schedule: [.of(ScheduleWord.self), .of(ScheduleOption.self), .of(TrainUnit.self)]
        case .clip: [.of(ClipModeWord.self), .of(ClipOption.self)]
        case .train: [.of(TrainUnit.self)]
        case .show: [.of(ShowTarget.self)]
        case .export: [.of(ExportTarget.self)]
        case .help: [.literal(HelpTopic.all.map(\.word))]
        case .explain: [.of(ExplainTopic.self)]
        case .plot: [.of(PlotTarget.self)]
        case .compare: [.literal(["reach"])]
        case .sweep: [.of(SweepDimension.self)]
        }
    }

    /// The words that may follow `word` and the value it takes (`plot boundary layer 2 ` → `unit`), when
    /// they are not the command's keywords; nil when the keywords apply again.
    public func values(afterArgumentOf word: String) -> [String]? {
        guard self == .plot else { return nil }
        switch word {
        case "layer": return ["unit"]
        case "unit": return []
        default: return nil
        }
    }

    /// The words that may follow `word` inside this command (`init` → schemes, `bias` → on/off,
    /// `he` → distributions and fan modes); nil when `word` is not followed by a word of its own.
    public func values(after word: String) -> [String]? {
        switch self {
        case .net, .layer, .act, .`init`:
            if self == .net || self == .layer {
                if LayerOption.lookup(word) == .`init` { return InitWord.words }
                if LayerOption.lookup(word) == .bias { return Toggle.words }
            }
            if ActivationWord.lookup(word) == .gelu { return GELUFormWord.words }
            switch InitWord.lookup(word) {
            case .xavier: return Distribution.words
            case .he, .kaiming: return Distribution.words + FanModeWord.words
            default: return nil
            }
        case .data:
            return DataOption.lookup(word) == .task ? TaskKind.words : nil
        case .clip:
            return ClipOption.lookup(word) == .style ? ClipStyleWord.words : nil
        case .plot:
            // `plot grads over time`, `plot boundary layer L unit U`, `plot boundary over time`
            if PlotTarget.lookup(word) == .grads { return ["over"] }
            if PlotTarget.lookup(word) == .boundary { return ["layer", "unit", "over"] }
            return word == "over" ? ["time"] : nil
        case .show:
            // `show clip last N`, `show clip all`
            return ShowTarget.lookup(word) == .clip ? ["last", "all"] : nil
        case .seed, .split, .standardize, .features, .loss, .optim, .lr, .schedule, .batch, .record, .train, .backward, .step,
             .reset, .eval, .gradcheck, .save, .load, .export, .run, .history, .help, .explain, .diagnose,
             .compare, .sweep, .report:
            return nil
        }
    }
}

/// A run of keywords: a vocabulary enum's words, or literal words the parser matches by text.
private struct KeywordGroup {
    let words: [String]
    let aliases: [String]

    static func of<Word: VocabularyWord>(_ type: Word.Type) -> KeywordGroup {
        KeywordGroup(words: Word.words, aliases: Array(Word.aliases.keys))
    }

    static func literal(_ words: [String]) -> KeywordGroup {
        KeywordGroup(words: words, aliases: [])
    }
}
