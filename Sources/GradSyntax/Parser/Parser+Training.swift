extension Parser {
    /// `loss xent|mse|bce` (or `$name`).
    mutating func parseLoss(_ command: Token) throws -> Interpolable<LossName> {
        if startsInterpolation { return .interpolated(try parseInterpolation()) }
        let word = try parseRequiredWord(LossName.self, after: command, "a loss function", noun: "loss")
        guard atStatementEnd else { throw unknownWord(after: command, candidates: []) }
        return .literal(word.value, range: word.range)
    }

    /// `optim NAME [COEFF] [betas B1 B2] [alpha A] [momentum M] [eps E] [dampening D] [amsgrad] [centered]
    /// [lr X] [decay X]` — words in any order.
    mutating func parseOptimizer(_ command: Token) throws -> OptimizerSpec {
        var name: Interpolable<OptimizerName>?
        var nameToken: Token?
        var values: [OptimizerOption: (token: Token, value: Expr, second: Expr?)] = [:]
        var switches: [OptimizerSwitch: Token] = [:]
        var slots = OptionSlots()
        while !atStatementEnd {
            if name == nil, startsInterpolation {
                // Claimed like a word, so `optim $o momentum 0.5` is a conflict rather than `$o` dropped.
                try claim(&slots, "optimisers", current)
                name = .interpolated(try parseInterpolation())
            } else if case .literal(.rmsprop, _)? = name, case .identifier("momentum") = current.kind {
                // torch's RMSprop(momentum=…): here the word is an option, not the momentum optimiser.
                let token = advance()
                try claim(&slots, "momentum", token)
                values[.momentum] = (token, try parseRequiredArgument(for: token, "a value"), nil)
            } else if let (word, token) = matchWord(OptimizerWord.self) {
                try claim(&slots, "optimisers", token)
                nameToken = token
                name = .literal(try parseOptimizerName(word), range: range(from: token))
            } else if let (word, token) = matchWord(OptimizerSwitch.self) {
                try claim(&slots, word.rawValue, token)
                switches[word] = token
            } else if let (option, token) = matchWord(OptimizerOption.self) {
                try claim(&slots, option.rawValue, token)
                let what = option == .betas ? "β1 and β2" : "a value"
                let first = try parseRequiredArgument(for: token, what)
                let second = option == .betas ? try parseRequiredArgument(for: token, "β2") : nil
                values[option] = (token, first, second)
            } else {
                throw unknownWord(after: command, candidates: CommandWord.optim.keywords)
            }
        }
        guard let name else {
            throw failExpected("an optimiser after 'optim'", id: .missingArgument,
                               notes: [Note("one of: \(OptimizerWord.words.joined(separator: ", "))")])
        }
        if case .literal(let chosen, _) = name, let nameToken {
            try checkOptimizerOptions(chosen, nameToken, options: values.mapValues(\.token))
            try checkOptimizerSwitches(chosen, nameToken, switches: switches, dampening: values[.dampening]?.token)
        }
        var spec = OptimizerSpec(name: name, range: range(from: command))
        spec.learningRate = values[.lr]?.value
        spec.decay = values[.decay]?.value
        spec.beta1 = values[.betas]?.value
        spec.beta2 = values[.betas]?.second
        spec.epsilon = values[.eps]?.value
        spec.alpha = values[.alpha]?.value
        spec.momentum = values[.momentum]?.value
        spec.dampening = values[.dampening]?.value
        spec.switches = Set(switches.keys)
        return spec
    }

    /// The optimiser `word` names, with the momentum coefficient that may follow `momentum` or `nesterov`.
    private mutating func parseOptimizerName(_ word: OptimizerWord) throws -> OptimizerName {
        switch word {
        case .sgd: .sgd
        case .momentum: .momentum(try parseOptionalArgument())
        case .nesterov: .nesterov(try parseOptionalArgument())
        case .adam: .adam
        case .adamw: .adamw
        case .rmsprop: .rmsprop
        }
    }

    /// `dampening` belongs to SGD momentum (PyTorch's Nesterov requires none), `amsgrad` to Adam and AdamW,
    /// `centered` to RMSprop.
    private mutating func checkOptimizerSwitches(_ name: OptimizerName, _ nameToken: Token,
                                                 switches: [OptimizerSwitch: Token], dampening: Token?) throws {
        let owners: [(word: String, token: Token?, applies: Bool, owner: String)] = [
            ("dampening", dampening, { if case .momentum = name { true } else { false } }(), "momentum (sgd with momentum)"),
            ("amsgrad", switches[.amsgrad], name == .adam || name == .adamw, "adam and adamw"),
            ("centered", switches[.centered], name == .rmsprop, "rmsprop"),
        ]
        for (word, token, applies, owner) in owners {
            guard let token, !applies else { continue }
            throw fail(.optionNotApplicable, "'\(word)' does not apply to '\(nameToken.text)'", at: token.range,
                       notes: [Note("'\(word)' is for \(owner)")])
        }
    }

    /// `betas` belongs to Adam and AdamW, `eps` to those and RMSprop, as in torch.optim.
    private mutating func checkOptimizerOptions(_ name: OptimizerName, _ nameToken: Token,
                                                options: [OptimizerOption: Token]) throws {
        let adaptive: Bool = switch name {
        case .adam, .adamw: true
        default: false
        }
        if let betas = options[.betas], !adaptive {
            throw fail(.optionNotApplicable, "'betas' does not apply to '\(nameToken.text)'", at: betas.range,
                       notes: [Note("'betas' is for adam and adamw")])
        }
        let hasEpsilon: Bool = switch name {
        case .adam, .adamw, .rmsprop: true
        default: false
        }
        for option in [OptimizerOption.alpha, .momentum] {
            guard let token = options[option] else { continue }
            guard case .rmsprop = name else {
                throw fail(.optionNotApplicable, "'\(option.rawValue)' does not apply to '\(nameToken.text)'", at: token.range,
                           notes: [Note("'\(option.rawValue)' is for rmsprop")])
            }
        }
        if let eps = options[.eps], !hasEpsilon {
            throw fail(.optionNotApplicable, "'eps' does not apply to '\(nameToken.text)'", at: eps.range,
                       notes: [Note("'eps' is for adam, adamw and rmsprop")])
        }
    }

    /// `schedule none|step EVERY [GAMMA]|exp GAMMA|cosine [min X] [length N] [warmup N] [steps|epochs]`.
    mutating func parseSchedule(_ command: Token) throws -> ScheduleSpec {
        var kind: ScheduleKind?
        var kindToken: Token?
        var warmup: Expr?
        var minimum: (token: Token, value: Expr)?
        var length: (token: Token, value: Expr)?
        var unit: (token: Token, value: TrainUnit)?
        var slots = OptionSlots()
        while !atStatementEnd {
            if let (word, token) = matchWord(ScheduleWord.self) {
                try claim(&slots, "schedules", token)
                kindToken = token
                switch word {
                case .none: kind = ScheduleKind.constant
                case .step:
                    let every = try parseRequiredArgument(for: token, "how often to decay", notes: [example(.schedule)])
                    kind = .step(every: every, gamma: try parseOptionalArgument())
                case .exp: kind = .exponential(gamma: try parseRequiredArgument(for: token, "the decay factor"))
                case .cosine: kind = .cosine(minimum: nil, length: nil)
                }
            } else if let (option, token) = matchWord(ScheduleOption.self) {
                try claim(&slots, option.rawValue, token)
                let value = try parseRequiredArgument(for: token, option == .warmup ? "a number of steps" : "a value")
                switch option {
                case .warmup: warmup = value
                case .min: minimum = (token, value)
                case .length: length = (token, value)
                }
            } else if let (value, token) = matchWord(TrainUnit.self) {
                try claim(&slots, "units", token)
                unit = (token, value)
            } else {
                throw unknownWord(after: command, candidates: CommandWord.schedule.keywords)
            }
        }
        guard kind != nil || warmup != nil else {
            throw failExpected("a schedule after 'schedule'", id: .missingArgument,
                               notes: [Note("one of: \(ScheduleWord.words.joined(separator: ", ")), warmup N")])
        }
        for option in [minimum, length].compactMap({ $0 }) {
            guard case .cosine = kind else { throw notApplicable(option.token, to: kindToken, "cosine") }
        }
        if minimum != nil || length != nil { kind = .cosine(minimum: minimum?.value, length: length?.value) }
        if let unit {
            switch kind {
            case .step?, .exponential?, .cosine?: break
            case .constant?, nil: throw notApplicable(unit.token, to: kindToken, "step, exp and cosine")
            }
        }
        return ScheduleSpec(kind: kind, warmup: warmup, unit: unit?.value, range: range(from: command))
    }

    /// `clip norm MAX [style torch|tf]|value V|layer MAX|tensor MAX|min MIN|off` — one mode per command.
    /// `record every N` → N; `record off` → nil.
    mutating func parseRecord(_ command: Token) throws -> Expr? {
        let token = current
        switch token.kind {
        case .identifier("off"):
            advance()
            return nil
        case .identifier("every"):
            advance()
            return try parseRequiredArgument(for: token, "a number of steps", notes: [example(.record)])
        default:
            throw failExpected("'every N' or 'off' after 'record'", id: .missingArgument, notes: [example(.record)])
        }
    }

    mutating func parseClip(_ command: Token) throws -> ClipSpec {
        var mode: ClipSpec?
        var modeToken: Token?
        var style: (token: Token, value: ClipStyleWord)?
        var slots = OptionSlots()
        while !atStatementEnd {
            if let (word, token) = matchWord(ClipModeWord.self) {
                try claim(&slots, "clip modes", token)
                modeToken = token
                let threshold = "a threshold"
                mode = switch word {
                case .off: .off
                case .norm: .norm(max: try parseRequiredArgument(for: token, threshold), style: nil)
                case .value: .value(limit: try parseRequiredArgument(for: token, threshold))
                case .layer: .layer(max: try parseRequiredArgument(for: token, threshold))
                case .tensor: .tensor(max: try parseRequiredArgument(for: token, threshold))
                case .min: .minimum(min: try parseRequiredArgument(for: token, "the minimum norm"))
                }
            } else if let (_, token) = matchWord(ClipOption.self) {
                try claim(&slots, "style", token)
                let value = try parseRequiredWord(ClipStyleWord.self, after: token, "torch or tf")
                style = (token, value.value)
            } else {
                throw unknownWord(after: command, candidates: CommandWord.clip.keywords)
            }
        }
        guard let mode else {
            throw failExpected("a clip mode after 'clip'", id: .missingArgument,
                               notes: [Note("one of: \(ClipModeWord.words.joined(separator: ", "))")])
        }
        if let style {
            guard case .norm(let max, _) = mode else { throw notApplicable(style.token, to: modeToken, "norm") }
            return .norm(max: max, style: style.value)
        }
        return mode
    }

    /// `train N [epochs|steps]`.
    mutating func parseTrain(_ command: Token) throws -> Command {
        var amount: Expr?
        var unit: TrainUnit?
        var slots = OptionSlots()
        while !atStatementEnd {
            if let (value, token) = matchWord(TrainUnit.self) {
                try claim(&slots, "units", token)
                unit = value
            } else if amount == nil, startsValue {
                amount = try parseArgument()
            } else {
                throw unknownWord(after: command, candidates: CommandWord.train.keywords)
            }
        }
        guard let amount else {
            throw failExpected("the number of epochs after 'train'", id: .missingArgument,
                               notes: [Note("write 'train 100' for epochs or 'train 500 steps' for steps")])
        }
        return .train(amount: amount, unit: unit ?? .epochs)
    }

    private mutating func notApplicable(_ option: Token, to chosen: Token?, _ owner: String) -> ParseAbort {
        let target = chosen.map { " to '\($0.text)'" } ?? ""
        return fail(.optionNotApplicable, "'\(option.text)' does not apply\(target)", at: option.range,
                    notes: [Note("'\(option.text)' is for '\(owner)'")])
    }
}

extension CommandDeclaration {
    static let loss = CommandDeclaration(
        .loss,
        keywords: [.of(LossName.self)],
        usage: [[.anyOf(LossName.self)]],
        summary: "Chooses the loss: cross-entropy on softmax, mean squared error, or binary cross-entropy.",
        example: "loss xent")
    static let optim = CommandDeclaration(
        .optim,
        keywords: [.of(OptimizerWord.self), .of(OptimizerOption.self), .of(OptimizerSwitch.self)],
        usage: [[
            .choice([
                .word(OptimizerWord.sgd), .sequence([.word(OptimizerWord.momentum), .optional(.value("MU"))]),
                .sequence([.word(OptimizerWord.nesterov), .optional(.value("MU"))]), .word(OptimizerWord.adam),
                .word(OptimizerWord.adamw), .word(OptimizerWord.rmsprop),
            ]),
            .optional(.sequence([.word(OptimizerOption.betas), .value("B1"), .value("B2")])), .option(OptimizerOption.alpha, "A"),
            .option(OptimizerOption.momentum, "M"), .option(OptimizerOption.eps, "E"), .option(OptimizerOption.dampening, "D"),
            .flag(OptimizerSwitch.amsgrad), .flag(OptimizerSwitch.centered),
            .option(OptimizerOption.lr, "X"), .option(OptimizerOption.decay, "X"),
        ]],
        summary: "Chooses the optimiser and its settings, with PyTorch's update rules and defaults; 'alpha' and "
            + "'momentum' after rmsprop are RMSprop's. 'dampening D' (momentum) scales the gradient added to the "
            + "buffer by 1 − D after the first step; 'amsgrad' (adam, adamw) divides by the largest second moment so "
            + "far; 'centered' (rmsprop) divides by the gradient's estimated standard deviation. Each is off (0) "
            + "unless written, as in torch.optim.",
        example: "optim adam lr 0.001")
    static let lr = CommandDeclaration(
        .lr, usage: [[.value("RATE")]], summary: "Sets the base learning rate.", example: "lr 0.01")
    static let schedule = CommandDeclaration(
        .schedule,
        keywords: [.of(ScheduleWord.self), .of(ScheduleOption.self), .of(TrainUnit.self)],
        usage: [[
            .choice([
                .word(ScheduleWord.none), .sequence([.word(ScheduleWord.step), .value("EVERY"), .optional(.value("GAMMA"))]),
                .sequence([.word(ScheduleWord.exp), .value("GAMMA")]),
                .sequence([.word(ScheduleWord.cosine), .option(ScheduleOption.min, "X"), .option(ScheduleOption.length, "N")]),
            ]),
            .optional(.choice([.word(TrainUnit.steps), .word(TrainUnit.epochs)])), .option(ScheduleOption.warmup, "N"),
        ]],
        summary: "Varies the learning rate during training, counted in epochs unless 'steps' is given, as PyTorch's "
            + "schedulers stepped once per epoch: 'exp 0.9' multiplies the rate by 0.9 at each epoch's end (a staircase; "
            + "'exp 0.999 steps' decays smoothly every step), 'cosine' anneals to min over 'length' (\(OptionDefaults.cosineEpochs) epochs "
            + "when not given) from the command on, then holds min. warmup ramps the rate up linearly over N steps first.",
        example: "schedule step 30 0.1")
    static let clip = CommandDeclaration(
        .clip,
        keywords: [.of(ClipModeWord.self), .of(ClipOption.self)],
        followers: { ClipOption.lookup($0) == .style ? ClipStyleWord.words : nil },
        usage: [[
            .choice([
                .sequence([.word(ClipModeWord.norm), .value("MAX"), .optional(.sequence([.word(ClipOption.style), .anyOf(ClipStyleWord.self)]))]),
                .sequence([.word(ClipModeWord.value), .value("V")]), .sequence([.word(ClipModeWord.layer), .value("MAX")]),
                .sequence([.word(ClipModeWord.tensor), .value("MAX")]), .sequence([.word(ClipModeWord.min), .value("MIN")]),
                .word(ClipModeWord.off),
            ]),
        ]],
        summary: "Clips gradients before each update: by global norm, by value, per layer, per tensor, "
            + "or rescales them up when their norm falls below MIN. 'norm' is torch's clip_grad_norm_ (scale "
            + "MAX/(norm + 1e-6)), or TensorFlow's clip_by_global_norm with 'style tf' ('style' applies to 'norm' only); "
            + "'layer' is the torch rule per layer; 'tensor' is Keras' clipnorm per tensor (MAX/norm, no epsilon).",
        example: "clip norm 1.0")
    static let batch = CommandDeclaration(
        .batch, usage: [[.value("SIZE")]], summary: "Sets the mini-batch size.", example: "batch 64")
    static let record = CommandDeclaration(
        .record,
        keywords: [.literal(["every", "off"])],
        usage: [[.choice([.sequence([.literal("every"), .value("N")]), .literal("off")])]],
        summary: "How often training records per-layer statistics (every step by default): every Nth step keeps "
            + "long runs light; off records nothing, so show grads, plots and diagnose have only what came before.",
        example: "record every 10")
    static let train = CommandDeclaration(
        .train,
        keywords: [.of(TrainUnit.self)],
        usage: [[.value("N"), .optional(.anyOf(TrainUnit.self))]],
        summary: "Trains for N epochs (or N optimiser steps), recording the history. 'loss' then reads the last "
            + "step's loss on its batch, from the forward pass before that step's update (as loss.item() in a PyTorch loop).",
        example: "train 500 steps")
    static let backward = CommandDeclaration(
        .backward, usage: [[]],
        summary: "Computes gradients on one batch without updating, to inspect them with 'show grads'.",
        example: "backward")
    static let step = CommandDeclaration(
        .step, usage: [[]], summary: "Takes one optimiser step on one batch.", example: "step")
    static let reset = CommandDeclaration(
        .reset, usage: [[]],
        summary: "Re-initialises the weights with the current settings and clears the history.", example: "reset")
    static let eval = CommandDeclaration(
        .eval, usage: [[]], summary: "Evaluates loss and accuracy on the test set after a 'split', otherwise on the training data; the line "
            + "names the set. 'print str(test_loss)' shows the loss with every digit.",
        example: "eval")
}
