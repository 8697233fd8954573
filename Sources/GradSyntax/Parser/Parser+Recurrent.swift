/// The recurrent forms of `net` (`net rnn|lstm|gru LAYERSxHIDDEN …`) and `bptt`.
extension Parser {
    /// One recurrent option; false when the current word is not one. Comes before the shared layer options,
    /// so `init` here takes a recurrent scheme, and the dense-only options are refused at their word.
    mutating func parseRecurrentOption(_ kind: NetKind, _ options: inout RecurrentOptions, _ slots: inout OptionSlots) throws -> Bool {
        if let token = matchWord(LayerOption.`init`.rawValue) {
            try claim(&slots, "init", token)
            options.initializer = try parseRecurrentScheme(after: token)
        } else if let (option, token) = matchWord(RecurrentOption.self) {
            try claim(&slots, option.rawValue, token)
            switch option {
            case .input: options.inputInitializer = try parseInitializer(after: token)
            case .radius: options.radius = try parseRequiredArgument(for: token, "a spectral radius")
            case .forgetbias:
                guard kind == .lstm else { throw notApplicable(token, kind, "only an LSTM has a forget gate") }
                options.forgetBias = true
                options.forgetBiasValue = try parseOptionalArgument()
            case .every: options.everyStep = true
            case .bptt: options.bptt = try parseRequiredArgument(for: token, "the steps to back-propagate through")
            case .steps: options.steps = try parseRequiredArgument(for: token, "the time steps per row")
            }
        } else if case .identifier(let text) = current.kind, let option = LayerOption.lookup(text), option != .`init` {
            throw notApplicable(current, kind, "'\(text)' is for dense layers; add them after the recurrent net with 'layer'")
        } else if case .identifier(let text) = current.kind, let word = ActivationWord.lookup(text),
                  kind != .rnn || (word != .tanh && word != .relu) {
            let reason = kind == .rnn ? "a plain RNN takes tanh or relu, as torch.nn.RNN does"
                : "an \(kind.rawValue.uppercased()) fixes its own activations (sigmoid gates, tanh state)"
            throw notApplicable(current, kind, reason)
        } else {
            return false  // tanh or relu for a plain RNN: the shared layer options take it
        }
        return true
    }

    private mutating func notApplicable(_ token: Token, _ kind: NetKind, _ reason: String) -> ParseAbort {
        fail(.optionNotApplicable, "'\(token.text)' does not apply to 'net \(kind.rawValue)'", at: token.range,
             notes: [Note(reason)])
    }

    /// `default`, `orthogonal`, `identity`, `normal STD`, `sigmoid`, `basic` or `smart`.
    private mutating func parseRecurrentScheme(after option: Token) throws -> Located<RecurrentInitName> {
        guard let (word, token) = matchWord(RecurrentInitWord.self) else {
            if atStatementEnd {
                throw failExpected("a recurrent scheme after 'init'", id: .missingArgument,
                                   notes: [Note("one of: \(RecurrentInitWord.words.joined(separator: ", "))")])
            }
            throw unknownWord(after: option, candidates: RecurrentInitWord.words, noun: "scheme")
        }
        let scheme: RecurrentInitName = switch word {
        case .default: .pytorchDefault
        case .orthogonal: .orthogonal
        case .identity: .identity
        case .normal: .normal(std: try parseRequiredArgument(for: token, "a standard deviation"))
        case .sigmoid: .sigmoid
        case .basic: .basic
        case .smart: .smart
        }
        return Located(scheme, range: range(from: token))
    }

    /// `bptt N` (truncated) or `bptt full`.
    mutating func parseBPTT(_ command: Token) throws -> Command {
        if matchWord("full") != nil {
            guard atStatementEnd else { throw unknownWord(after: command, candidates: []) }
            return .bptt(steps: nil)
        }
        let steps = try parseRequiredArgument(for: command, "the steps to back-propagate through, or 'full'",
                                              notes: [example(.bptt)])
        guard atStatementEnd else { throw unknownWord(after: command, candidates: ["full"]) }
        return .bptt(steps: steps)
    }
}

extension CommandDeclaration {
    /// The options after `net rnn|lstm|gru SHAPE`.
    static let recurrentOptionsUsage: [Usage] = [
        .optional(.choice([.literal("tanh"), .literal("relu")])), .option(LayerOption.`init`, "SCHEME"),
        .option(RecurrentOption.input, "SCHEME"), .option(RecurrentOption.radius, "R"),
        .optional(.sequence([.word(RecurrentOption.forgetbias), .optional(.value("B"))])),
        .flag(RecurrentOption.every), .option(RecurrentOption.bptt, "N"), .option(RecurrentOption.steps, "T"),
    ]

    /// `net`'s words given the kind written (or not) after it: the kinds first, then a recurrent kind's
    /// own options or the dense layer options.
    static let netKeywords: @Sendable ([String]) -> [String]? = { words in
        guard words.count > 1 else { return NetKind.words + ActivationWord.words + LayerOption.words }
        guard let kind = NetKind.lookup(words[1]), kind != .dense else { return ActivationWord.words + LayerOption.words }
        return (kind == .rnn ? [ActivationWord.tanh.rawValue, ActivationWord.relu.rawValue] : []) + [LayerOption.`init`.rawValue]
            + RecurrentOption.words.filter { kind == .lstm || $0 != RecurrentOption.forgetbias.rawValue }
    }

    /// After a word of `net`: the dense layer words, and the recurrent schemes after `init` once the net is
    /// recurrent (completion cannot see which, so both kinds' schemes are offered).
    static let recurrentFollowers: @Sendable (String) -> [String]? = { word in
        if LayerOption.lookup(word) == .`init` { return InitWord.words + RecurrentInitWord.words.filter { InitWord.lookup($0) == nil } }
        if RecurrentOption.lookup(word) == .input { return InitWord.words }
        return layerFollowers(includingOptions: true)(word)
    }

    static let bptt = CommandDeclaration(
        .bptt,
        keywords: [.literal(["full"])],
        usage: [[.choice([.value("N"), .literal("full")])]],
        summary: "Back-propagates a recurrent net's gradient through at most N time steps (truncated BPTT: the "
            + "state's gradient is cut every N steps, as a PyTorch loop that detaches the state between chunks of "
            + "N), or through the whole sequence. Keeps the weights.",
        example: "bptt 20")
}
