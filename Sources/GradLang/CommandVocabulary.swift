extension CommandWord {
    /// The words this command accepts after it, in completion order. The parsers pass the same list to
    /// did-you-mean, and it is built from the vocabulary enums the parsers match against.
    public var keywords: [String] {
        switch self {
        case .seed, .split, .standardize, .lr, .batch, .backward, .step, .reset, .eval, .gradcheck,
             .save, .load, .run:
            []
        case .data: DataSetName.words + DataOption.words
        case .net: ["dense"] + ActivationWord.words + LayerOption.words
        case .layer: ActivationWord.words + LayerOption.words
        case .act: ["all"] + ActivationWord.words
        case .`init`: ["all"] + InitWord.words + ["gain"]
        case .loss: LossName.words
        case .optim: OptimizerWord.words + OptimizerOption.words
        case .schedule: ScheduleWord.words + ScheduleOption.words + TrainUnit.words
        case .clip: ClipModeWord.words + ClipOption.words
        case .train: TrainUnit.words
        case .show: ShowTarget.words
        case .export: ExportTarget.words
        case .help: HelpTopic.all.map(\.word)
        case .explain: ExplainTopic.words
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
            if ActivationWord.lookup(word) == .gelu { return GELUForm.words }
            switch InitWord.lookup(word) {
            case .xavier: return Distribution.words
            case .he, .kaiming: return Distribution.words + FanMode.words
            default: return nil
            }
        case .data:
            return DataOption.lookup(word) == .task ? TaskKind.words : nil
        case .clip:
            return ClipOption.lookup(word) == .style ? ClipStyle.words : nil
        case .seed, .split, .standardize, .loss, .optim, .lr, .schedule, .batch, .train, .backward, .step,
             .reset, .eval, .show, .gradcheck, .save, .load, .export, .run, .help, .explain:
            return nil
        }
    }
}
