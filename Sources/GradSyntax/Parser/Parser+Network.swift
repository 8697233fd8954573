extension Parser {
    /// `net [dense] SHAPE [ACTIVATION] [init SCHEME] [gain G] [batchnorm] [residual] [bias on|off]`, or
    /// `net rnn|lstm|gru LAYERSxHIDDEN [tanh|relu] [init SCHEME] [input SCHEME] [radius R] …` (see
    /// `Parser+Recurrent`).
    mutating func parseNet(_ command: Token) throws -> NetSpec {
        let kind = matchWord(NetKind.self)?.value ?? .dense
        guard startsShape else {
            throw failExpected("the hidden layers after '\(previous.text)'", id: .missingArgument,
                               notes: [example(.net)])
        }
        let shape = try parseShape()
        var options = LayerOptions()
        var recurrent = RecurrentOptions()
        var slots = OptionSlots()
        while !atStatementEnd {
            if kind != .dense, try parseRecurrentOption(kind, &recurrent, &slots) { continue }
            guard try parseLayerOption(&options, &slots) else {
                throw unknownWord(after: command, candidates: CommandWord.net.keywords)
            }
        }
        return NetSpec(kind: kind, shape: shape, options: options, recurrent: recurrent, range: range(from: command))
    }

    /// `layer WIDTH [ACTIVATION] [init SCHEME] [gain G] [batchnorm] [residual] [bias on|off]`
    mutating func parseLayer(_ command: Token) throws -> LayerSpec {
        var width: Expr?
        var options = LayerOptions()
        var slots = OptionSlots()
        while !atStatementEnd {
            if width == nil, !startsInterpolation, startsValue {
                width = try parseArgument()
            } else if try !parseLayerOption(&options, &slots) {
                throw unknownWord(after: command, candidates: CommandWord.layer.keywords)
            }
        }
        guard let width else {
            throw failExpected("the layer's width after 'layer'", id: .missingArgument, notes: [example(.layer)])
        }
        return LayerSpec(width: width, options: options, range: range(from: command))
    }

    /// `act [LAYERS|all] ACTIVATION` — layers as a number, range or list; all layers when left out.
    mutating func parseAct(_ command: Token) throws -> Command {
        var selection: LayerSelection?
        var activation: Interpolable<ActivationName>?
        var slots = OptionSlots()
        while !atStatementEnd {
            if let (word, token) = matchWord(ActivationWord.self) {
                try claim(&slots, "activations", token)
                activation = .literal(try parseActivation(word), range: range(from: token))
            } else if let token = matchWord("all") {
                try claim(&slots, "layer selections", token)
                selection = .all(range: token.range)
            } else if startsValue {
                let (expr, isWord) = try parseSelectionOrWord(&slots, wordTaken: activation != nil,
                                                              hasSelection: selection != nil, command)
                if isWord { activation = .interpolated(expr) } else { selection = .layers(expr) }
            } else {
                throw unknownWord(after: command, candidates: CommandWord.act.keywords)
            }
        }
        guard let activation else {
            throw failExpected("an activation after 'act'", id: .missingArgument, notes: [example(.act)])
        }
        return .activation(layers: selection ?? .all(range: command.range), activation: activation)
    }

    /// `init [LAYERS|all] SCHEME [gain G]` — all layers when left out.
    mutating func parseInit(_ command: Token) throws -> Command {
        var selection: LayerSelection?
        var initializer: Interpolable<InitName>?
        var gain: Expr?
        var slots = OptionSlots()
        while !atStatementEnd {
            if let (word, token) = matchWord(InitWord.self) {
                try claim(&slots, "initialisers", token)
                initializer = .literal(try parseInitArguments(word, token), range: range(from: token))
            } else if let token = matchWord("gain") {
                try claim(&slots, "gain", token)
                gain = try parseRequiredArgument(for: token, "a gain")
            } else if let token = matchWord("all") {
                try claim(&slots, "layer selections", token)
                selection = .all(range: token.range)
            } else if startsValue {
                let (expr, isWord) = try parseSelectionOrWord(&slots, wordTaken: initializer != nil,
                                                              hasSelection: selection != nil, command)
                if isWord { initializer = .interpolated(expr) } else { selection = .layers(expr) }
            } else {
                throw unknownWord(after: command, candidates: CommandWord.`init`.keywords)
            }
        }
        guard let initializer else {
            throw failExpected("an initialiser after 'init'", id: .missingArgument, notes: [example(.`init`)])
        }
        return .initialize(layers: selection ?? .all(range: command.range), initializer: initializer, gain: gain)
    }

    /// A value after `act`/`init`: the layer selection, or — when it is a `$` interpolation ending the
    /// statement with no word given yet (`act $a`), or when the selection is already given — the
    /// interpolated activation or scheme. `act $i relu` therefore selects layer `$i`.
    private mutating func parseSelectionOrWord(_ slots: inout OptionSlots, wordTaken: Bool, hasSelection: Bool,
                                               _ command: Token) throws -> (Expr, isWord: Bool) {
        let start = current
        let interpolated = startsInterpolation
        let expr = try parseArgument()
        let isWord = interpolated && !wordTaken && (hasSelection || atStatementEnd)
        if !isWord {
            guard !hasSelection else {
                throw fail(.unexpectedToken, "unexpected \(describe(start)) in '\(command.text)'", at: expr.range,
                           notes: [Note("give the layers once, as a number, a range 1..5 or a list [1, 3]")])
            }
            try claim(&slots, "layer selections", start)
        }
        return (expr, isWord)
    }

    /// One option of a hidden-layer description; false when the current word is not one.
    /// A bare `$name` here is an interpolated activation.
    mutating func parseLayerOption(_ options: inout LayerOptions, _ slots: inout OptionSlots) throws -> Bool {
        if let (word, token) = matchWord(ActivationWord.self) {
            try claim(&slots, "activations", token)
            options.activation = .literal(try parseActivation(word), range: range(from: token))
        } else if startsInterpolation {
            try claim(&slots, "activations", current)
            options.activation = .interpolated(try parseInterpolation())
        } else if let (option, token) = matchWord(LayerOption.self) {
            try claim(&slots, option.rawValue, token)
            switch option {
            case .`init`: options.initializer = try parseInitializer(after: token)
            case .gain: options.gain = try parseRequiredArgument(for: token, "a gain")
            case .batchnorm: options.batchNorm = true
            case .residual: options.residual = true
            case .bias: options.bias = try parseRequiredWord(Toggle.self, after: token, "on or off").value == .on
            }
        } else {
            return false
        }
        return true
    }

    /// The arguments of an activation word: `leaky [SLOPE]`, `elu [ALPHA]`, `gelu [erf|tanh]`.
    mutating func parseActivation(_ word: ActivationWord) throws -> ActivationName {
        switch word {
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .relu: .relu
        case .leaky: .leaky(slope: try parseOptionalArgument())
        case .elu: .elu(alpha: try parseOptionalArgument())
        case .gelu: .gelu(form: matchWord(GELUFormWord.self)?.value ?? .erf)
        case .softsign: .softsign
        case .linear: .linear
        }
    }

    /// The scheme after an `init` option: a word with its arguments, or an interpolation.
    mutating func parseInitializer(after option: Token) throws -> Interpolable<InitName> {
        if startsInterpolation { return .interpolated(try parseInterpolation()) }
        guard let (word, token) = matchWord(InitWord.self) else {
            if atStatementEnd {
                throw failExpected("an initialiser after 'init'", id: .missingArgument,
                                   notes: [Note("one of: \(InitWord.words.joined(separator: ", "))")])
            }
            throw unknownWord(after: option, candidates: InitWord.words)
        }
        return .literal(try parseInitArguments(word, token), range: range(from: token))
    }

    /// The arguments of an initialiser word, as `torch.nn.init` names them.
    mutating func parseInitArguments(_ word: InitWord, _ token: Token) throws -> InitName {
        switch word {
        case .xavier:
            return .xavier(distribution: matchWord(Distribution.self)?.value)
        case .he, .kaiming:
            var distribution: Distribution?
            var mode: FanModeWord?
            var slots = OptionSlots()
            while true {
                if let (value, token) = matchWord(Distribution.self) {
                    try claim(&slots, "distributions", token)
                    distribution = value
                } else if let (value, token) = matchWord(FanModeWord.self) {
                    try claim(&slots, "fan modes", token)
                    mode = value
                } else {
                    return .he(distribution: distribution, mode: mode)
                }
            }
        case .lecun: return .lecun
        case .orthogonal: return .orthogonal
        case .normal:
            let first = try parseRequiredArgument(for: token, "a standard deviation")
            if let second = try parseOptionalArgument() { return .normal(mean: first, std: second) }
            return .normal(mean: nil, std: first)
        case .uniform:
            let low = try parseRequiredArgument(for: token, "the lower bound")
            return .uniform(low: low, high: try parseRequiredArgument(for: token, "the upper bound"))
        case .zeros: return .zeros
        case .constant: return .constant(value: try parseRequiredArgument(for: token, "a value"))
        case .default: return .pytorchDefault
        }
    }
}

extension CommandDeclaration {
    /// The options `net` and `layer` share.
    static let layerOptionsUsage: [Usage] = [
        .optional(.value("ACTIVATION")), .option(LayerOption.`init`, "SCHEME"), .option(LayerOption.gain, "G"),
        .flag(LayerOption.batchnorm), .flag(LayerOption.residual),
        .optional(.sequence([.word(LayerOption.bias), .word(Toggle.off)])),
    ]

    static let net = CommandDeclaration(
        .net,
        keywords: [.of(NetKind.self), .of(ActivationWord.self), .of(LayerOption.self), .of(RecurrentOption.self)],
        followers: recurrentFollowers, keywordsInContext: netKeywords,
        usage: [[.literal("dense"), .value("DEPTHxWIDTH|W1-W2-...")] + layerOptionsUsage,
                [.choice([.word(NetKind.rnn), .word(NetKind.lstm), .word(NetKind.gru)]), .value("LAYERSxHIDDEN")]
                    + recurrentOptionsUsage],
        summary: "Builds a fresh network; input and output sizes come from the data. Activations: "
            + "\(ActivationWord.words.joined(separator: " ")); schemes: \(InitWord.words.joined(separator: " ")). "
            + "'residual' adds a skip, out = x + act(BN(Wx)) with no activation after the sum, only where a layer keeps "
            + "its width (not layer 1 unless the data is as wide). 'bias off' drops every bias, the output layer's too. "
            + "'he' keeps gain √2 with any activation; 'gain G' sets another. "
            + "rnn, lstm and gru build a recurrent stack (PyTorch's nn.RNN/LSTM/GRU, batch_first) read as sequences, "
            + "then a linear head on the last step ('every': the same head on each step's state, for per-step targets such as "
            + "memorization). Recurrent schemes: "
            + "\(RecurrentInitWord.words.joined(separator: " ")) (Pascanu et al. 2013's three: sigmoid, basic and smart "
            + "tanh); 'input' sets the input weights' scheme; 'radius R' rescales W_hh to spectral radius R; 'forgetbias [B]' "
            + "starts an LSTM's forget-gate bias at B (default \(Format.number(OptionDefaults.forgetBias))); 'steps T' splits rows into T steps when the data is not a sequence task.",
        example: "net dense 20x64 relu init he")
    static let layer = CommandDeclaration(
        .layer,
        keywords: [.of(ActivationWord.self), .of(LayerOption.self)],
        followers: layerFollowers(includingOptions: true),
        usage: [[.value("WIDTH")] + layerOptionsUsage],
        summary: "Appends one hidden layer, to build a mixed network one layer at a time.",
        example: "layer 64 tanh init xavier")
    static let act = CommandDeclaration(
        .act,
        keywords: [.literal(["all"]), .of(ActivationWord.self)], followers: layerFollowers(includingOptions: false),
        usage: [[.optional(.choice([.value("LAYERS"), .literal("all")])), .value("ACTIVATION")]],
        summary: "Changes the activation of some hidden layers (a number, a range such as 1..5, or a list).",
        example: "act 3 sigmoid")
    static let initCommand = CommandDeclaration(
        .`init`,
        keywords: [.literal(["all"]), .of(InitWord.self), .literal(["gain"])],
        followers: layerFollowers(includingOptions: false),
        usage: [[.optional(.choice([.value("LAYERS"), .literal("all")])), .value("SCHEME"), .optional(.sequence([.literal("gain"), .value("G")]))]],
        summary: "Re-initialises the weights of some layers: xavier [uniform|normal], he [uniform|normal] "
            + "[fan_in|fan_out], lecun, orthogonal, normal [MEAN] STD, uniform A B, zeros, constant V, default.",
        example: "init 1..5 xavier")
}
