extension Parser {
    /// `data NAME [COUNT] [classes N] [noise X] [factor F] [cells N] [features D]`,
    /// `data csv "FILE" target COLUMN [task classification|regression]` — words in any order.
    mutating func parseData(_ command: Token) throws -> DataSpec {
        var name: Interpolable<DataSetName>?
        var positional: Expr?
        var options: [DataOption: (token: Token, value: Expr?)] = [:]
        var task: Located<TaskKind>?
        var variant: Located<AddingVariantWord>?
        var slots = OptionSlots()
        while !atStatementEnd {
            if name == nil, startsInterpolation {
                // Claimed like a word, so `data $s spiral` is a conflict rather than `$s` dropped.
                try claim(&slots, "data sets", current)
                name = .interpolated(try parseInterpolation())
            } else if let (set, token) = matchWord(DataSetName.self) {
                try claim(&slots, "data sets", token)
                name = .literal(set, range: token.range)
            } else if let (word, token) = matchWord(AddingVariantWord.self) {
                try claim(&slots, "adding variants", token)
                variant = Located(word, range: token.range)
            } else if let (option, token) = matchWord(DataOption.self) {
                try claim(&slots, option.rawValue, token)
                switch option {
                case .target:
                    options[option] = (token, try parseWordArgument(after: token, "the target column's name"))
                case .task:
                    task = try parseRequiredWord(TaskKind.self, after: token, "classification or regression")
                    options[option] = (token, nil)
                case .classes, .noise, .factor, .cells, .features, .length:
                    options[option] = (token, try parseRequiredArgument(for: token, "a value"))
                }
            } else if positional == nil, startsValue {
                positional = try parseArgument()
            } else {
                throw unknownWord(after: command, candidates: DataSetName.words + DataOption.words + AddingVariantWord.words)
            }
        }
        guard let name else {
            throw failExpected("a data set after 'data'", id: .missingArgument,
                               notes: [Note("one of: \(DataSetName.words.joined(separator: ", "))")])
        }
        if case .literal(let set, _) = name {
            try checkDataOptions(set, options: options.mapValues(\.token), positional: positional)
            if let variant, set != .adding {
                throw fail(.optionNotApplicable, "'\(variant.value.rawValue)' does not apply to '\(set.rawValue)'",
                           at: variant.range, notes: [Note("it names one of the adding problems: data adding \(variant.value.rawValue)")])
            }
        }
        var spec = DataSpec(name: name, range: range(from: command))
        let isCSV: Bool = if case .literal(.csv, _) = name { true } else { false }
        if isCSV { spec.path = positional } else { spec.count = positional }
        spec.classes = options[.classes]?.value
        spec.noise = options[.noise]?.value
        spec.factor = options[.factor]?.value
        spec.cells = options[.cells]?.value
        spec.features = options[.features]?.value
        spec.target = options[.target]?.value
        spec.task = task
        spec.length = options[.length]?.value
        spec.variant = variant
        return spec
    }

    /// Rejects options the chosen set does not use, so a typo'd experiment fails before it runs.
    private mutating func checkDataOptions(_ set: DataSetName, options: [DataOption: Token], positional: Expr?) throws {
        for option in DataOption.allCases {
            guard let token = options[option] else { continue }
            let appliesTo: [DataSetName] = switch option {
            case .classes: [.spiral, .blobs]
            case .noise: DataSetName.allCases.filter { $0 != .csv && !DataSetName.sequences.contains($0) }
            case .length: DataSetName.sequences
            case .factor: [.circles]
            case .cells: [.checker]
            case .features: [.chain]
            case .target, .task: [.csv]
            }
            if !appliesTo.contains(set) {
                let sets = appliesTo.map(\.rawValue).joined(separator: ", ")
                throw fail(.optionNotApplicable, "'\(option.rawValue)' does not apply to '\(set.rawValue)'",
                           at: token.range, notes: [Note("'\(option.rawValue)' is for: \(sets)")])
            }
        }
        if set == .csv, positional == nil {
            throw failExpected("a file name after 'data csv'", id: .missingArgument,
                               notes: [Note("write data csv \"iris.csv\" target species")])
        }
    }
}

extension CommandDeclaration {
    static let seed = CommandDeclaration(
        .seed, usage: [[.value("N")]],
        summary: "Seeds the random generator: the same seed gives the same data, weights and batches.",
        example: "seed 42")
    static let data = CommandDeclaration(
        .data,
        keywords: [.of(DataSetName.self), .of(DataOption.self), .of(AddingVariantWord.self)],
        followers: { DataOption.lookup($0) == .task ? TaskKind.words : nil },
        usage: [
            [.value("NAME"), .optional(.value("COUNT")), .option(DataOption.classes, "N"), .option(DataOption.noise, "X"),
             .option(DataOption.factor, "F"), .option(DataOption.cells, "N"), .option(DataOption.features, "D")],
            [.choice(DataSetName.sequences.map { .word($0) }), .optional(.value("COUNT")), .option(DataOption.length, "T"),
             .optional(.anyOf(AddingVariantWord.self))],
            [.word(DataSetName.csv), .value("\"FILE\""), .word(DataOption.target), .value("COLUMN"),
             .optional(.sequence([.word(DataOption.task), .anyOf(TaskKind.self)]))],
        ],
        summary: "Makes a data set (\(DataSetName.allCases.filter { $0 != .csv && !DataSetName.sequences.contains($0) }.map(\.rawValue).joined(separator: " "))) "
            + "or a sequence task of length T (default \(OptionDefaults.sequenceLength)) from Pascanu et al. 2013: adding (pascanu: the mean of the two "
            + "marked values; hochreiter: 0.5 + (x1+x2)/4 on [-1,1); le: their sum), multiplication, temporal order, its "
            + "3-bit form, random permutation, noiseless memorization; "
            + "or loads a CSV file. Options may come in any order. A CSV target of text, or of whole numbers from 0 to 19, "
            + "loads as classes, other numbers as regression; 'task' overrides.",
        example: "data spiral 1536 classes 3 noise 0.2")
    static let split = CommandDeclaration(
        .split, usage: [[.value("FRACTION")]],
        summary: "Keeps FRACTION of the rows for training and the rest for testing.",
        example: "split 0.8")
    static let standardize = CommandDeclaration(
        .standardize, usage: [[]],
        summary: "Rescales every feature to mean 0 and standard deviation 1, with statistics from the training rows.",
        example: "standardize")
}
