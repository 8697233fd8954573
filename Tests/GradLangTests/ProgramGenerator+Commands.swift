import GradCore
import GradLang
import GradSyntax

/// Every command with its options, in the forms the `Parser+*.swift` files accept.
extension ProgramGenerator {
    mutating func command() -> String {
        let word = pick(CommandWord.allCases)
        switch word {
        case .seed: return "seed \(size(["0", "1", "42", "12345"]))"
        case .data: return dataCommand()
        case .split:
            hasSplit = true
            return "split \(size(["0.5", "0.75", "0.8", "0.9"]))"
        case .standardize: return "standardize"
        case .features:
            let chosen = (0..<int(1...4)).map { _ in pick(InputFeature.allCases.map(\.rawValue)) }
            return "features " + chosen.joined(separator: " ")
        case .record: return chance(0.8) ? "record every \(size(["1", "2", "5", "0"]))" : "record off"
        case .net: return chance(0.2) ? recurrentNetCommand() : netCommand()
        case .bptt: return "bptt \(chance(0.3) ? "full" : size(["1", "3", "5", "0"]))"
        case .layer: return "layer \(size(["1", "4", "8", "16"]))\(layerOptions())"
        case .act: return "act \(layerSelection())\(activation())"
        case .`init`: return "init \(layerSelection())\(initializer())" + (chance(0.2) ? " gain \(size(["0.5", "1", "2"]))" : "")
        case .loss: return "loss \(awkward() ? "$" + (strings.first ?? "nothing") : pick(LossName.words))"
        case .optim: return optimizer()
        case .lr: return "lr \(size(["0.1", "0.01", "1e-3", "0.5"]))"
        case .schedule: return schedule()
        case .clip: return clip()
        case .batch: return "batch \(size(["1", "2", "16", "32", "64", "1000"]))"
        case .train:
            let unit = pick(["", " epochs", " steps", " epoch"])
            let amount = unit == " steps" ? size(["1", "5", "10", "20"]) : size(["1", "2", "3"])
            return "train \(amount)\(unit)"
        case .backward, .step, .reset, .eval, .gradcheck, .history, .diagnose:
            return word.rawValue
        case .show: return "show \(pick(ShowTarget.words))"
        case .save:
            if chance(0.3) { return "save session \"\(pick(["session.grad", "other.grad"]))\"" }
            let file = awkward() ? pick(["no/such/folder/m.json", "table.csv/m.json"]) : pick(["model.json", "model2.json"])
            savedModels.append(file)
            return "save \"\(file)\""
        case .load:
            if awkward() { return "load \"\(pick(["missing.json"] + Self.brokenModels))\"" }
            guard !savedModels.isEmpty else {
                savedModels.append("model.json")
                return "save \"model.json\""
            }
            return "load \"\(pick(savedModels))\""
        case .export:
            let file = awkward() ? pick(["h.txt", "no/such/folder/h.csv", "table.csv/h.csv"]) : pick(["h.csv", "h.json"])
            return "export \(pick(ExportTarget.words)) \"\(file)\""
        case .run:
            let name = chance(0.8) ? pick(["base", "fix", "r1"]) : "\"\(freshName("run"))\""
            runNames.append(name)
            return "run \(name)"
        case .help: return "help" + (chance(0.8) ? " " + pick(HelpTopic.all.map(\.word)) : "")
        case .explain: return "explain \(pick(ExplainTopic.words))"
        case .plot: return plotCommand()
        case .compare: return compareCommand()
        case .sweep: return sweep()
        case .report:
            let file = awkward() ? pick(["r.txt", "no/such/folder/r.html", "table.csv/r.html"]) : pick(["r.html", "r.htm"])
            return "report \"\(file)\""
        }
    }

    /// `compare [RUNS]`, or first a `run base` so that there is something to compare.
    private mutating func compareCommand() -> String {
        if runNames.isEmpty && !awkward() {
            runNames.append("base")
            return "run base"
        }
        let names = runNames.isEmpty ? [] : (0..<int(0...2)).map { _ in pick(runNames) }
        return (["compare"] + names).joined(separator: " ") + (chance(0.2) ? " reach \(size(["0.5", "1", "0"]))" : "")
    }

    /// `plot TARGET`, with `over time` where the target has it and a layer and unit for the boundary.
    private mutating func plotCommand() -> String {
        let target = pick(PlotTarget.words)
        if target == "boundary" && chance(0.5) {
            return "plot boundary " + (chance(0.5) ? "over time" : "layer \(size(["1", "2", "9"])) unit \(size(["1", "3", "99"]))")
        }
        return "plot \(target)" + ((target == "grads" || target == "time") && chance(0.5) ? " over time" : "")
    }

    /// `data NAME [COUNT] [options]`: usually a small generated set, sometimes the CSV fixture.
    mutating func dataCommand() -> String {
        if chance(0.08) {
            let target = awkward() ? "nothing" : "label"
            return "data csv \"\(chance(0.9) ? Self.csvFile : "missing.csv")\" target \(target)"
                + (chance(0.3) ? " task \(pick(TaskKind.words))" : "")
        }
        let set = pick(DataSetName.allCases.filter { $0 != .csv })
        var parts = ["data", set.rawValue]
        if chance(0.85) { parts.append(size(["1", "2", "3", "10", "60", "100", "150", "200"])) }
        switch set {
        case .spiral, .blobs: if chance(0.4) { parts += ["classes", size(["2", "3", "4"])] }
        case .circles: if chance(0.3) { parts += ["factor", size(["0.3", "0.5", "0.8"])] }
        case .checker: if chance(0.3) { parts += ["cells", size(["2", "3", "4"])] }
        case .chain: if chance(0.5) { parts += ["features", size(["1", "2", "4", "8"])] }
        case .adding: if chance(0.3) { parts.append(pick(AddingVariantWord.words)) }
        default: break
        }
        if DataSetName.sequences.contains(set) {
            // Short sequences keep a generated program's training fast.
            if chance(0.9) { parts += ["length", size(["10", "12", "20"])] }
        } else if chance(0.3) {
            parts += ["noise", size(["0", "0.1", "0.3"])]
        }
        if awkward() { parts += [pick(DataOption.words), "3"] }
        // Regression sets need a regression loss before anything trains on them.
        if set == .sine || set == .chain, !awkward() { parts += ["; loss mse"] }
        return parts.joined(separator: " ")
    }

    /// `net dense SHAPE [options]`: depth 0–4 of width 1–16, or an extreme that must be refused.
    mutating func netCommand() -> String {
        let shape: String
        if awkward() {
            shape = pick(["0x0", "1x0", "10001x2", "3x1e9", "1x100000000", "2x999999999999", "5-0-5", "1e300x2",
                          "${0/0}x4", "(1/0)", "2x${-3}", "${\"a\"}x4", "300x2"])
        } else if chance(0.7) {
            shape = "\(int(0...4))x\(pick([1, 2, 4, 8, 16]))"
        } else if chance(0.5) {
            shape = (0..<int(1...3)).map { _ in "\(pick([2, 3, 5, 8]))" }.joined(separator: "-")
        } else {
            shape = "${\(int(1...3))}x\(numbers.isEmpty ? "8" : "${min(max(abs(\(pick(numbers))), 1), 8)}")"
        }
        return "net \(chance(0.8) ? "dense " : "")\(shape)\(layerOptions())"
    }

    /// `net rnn|lstm|gru LAYERSxHIDDEN [options]`, small, with each recurrent option at most once.
    mutating func recurrentNetCommand() -> String {
        let kind = pick(["rnn", "lstm", "gru"])
        var text = "net \(kind) \(awkward() ? pick(["0x4", "65x2", "1x0"]) : "\(int(1...2))x\(pick([2, 4, 8]))")"
        if kind == "rnn", chance(0.5) { text += " " + pick(["tanh", "relu"]) }
        if chance(0.5) {
            text += " init " + pick(RecurrentInitWord.words)
            if text.hasSuffix("normal") { text += " \(size(["0.1", "0.5"]))" }
        }
        if chance(0.2) { text += " input" + initializer() }
        if chance(0.2) { text += " radius \(size(["0.9", "1.1", "2"]))" }
        if kind == "lstm", chance(0.3) { text += " forgetbias" + (chance(0.5) ? " \(size(["3", "-1"]))" : "") }
        if chance(0.2) { text += " every" }
        if chance(0.2) { text += " bptt \(size(["1", "4"]))" }
        if chance(0.2) { text += " steps \(size(["1", "2", "3"]))" }
        return text
    }

    /// Options of a hidden-layer description, each at most once.
    mutating func layerOptions() -> String {
        var text = ""
        if chance(0.7) { text += activation() }
        if chance(0.5) { text += " init" + initializer() }
        if chance(0.1) { text += " gain \(size(["0.5", "1", "2"]))" }
        if chance(0.15) { text += " batchnorm" }
        if chance(0.1) { text += " residual" }
        if chance(0.1) { text += " bias \(pick(Toggle.words))" }
        return text
    }

    mutating func activation() -> String {
        if !strings.isEmpty, chance(0.05) { return " $" + pick(strings) }
        let word = pick(ActivationWord.allCases)
        switch word {
        case .leaky: return " leaky" + (chance(0.5) ? " \(size(["0.01", "0.2"]))" : "")
        case .elu: return " elu" + (chance(0.5) ? " \(size(["1", "0.5"]))" : "")
        case .gelu: return " gelu" + (chance(0.5) ? " \(pick(GELUFormWord.words))" : "")
        default: return " " + word.rawValue
        }
    }

    mutating func initializer() -> String {
        switch pick(InitWord.allCases) {
        case .xavier: return " xavier" + (chance(0.5) ? " \(pick(Distribution.words))" : "")
        case .he, .kaiming:
            return " he" + (chance(0.5) ? " \(pick(Distribution.words))" : "") + (chance(0.5) ? " \(pick(FanModeWord.words))" : "")
        case .normal: return " normal " + (chance(0.5) ? "0 " : "") + size(["0.1", "1", "0.01"])
        case .uniform: return " uniform -\(size(["0.1", "1"])) \(size(["0.1", "1"]))"
        case .constant: return " constant \(size(["0", "0.5", "1"]))"
        case let other: return " " + other.rawValue
        }
    }

    /// `all`, nothing, a layer number, a range or a list — occasionally out of range or absurd.
    mutating func layerSelection() -> String {
        if awkward() { return pick(["[1e300] ", "(1/0) ", "-1e300 ", "[0.5] ", "99 ", "0 ", "1..1e9 ", "[\"a\"] "]) }
        return pick(["", "all ", "1 ", "-1 ", "1..2 ", "[1, 2] ", "2 "])
    }

    mutating func optimizer() -> String {
        let word = pick(OptimizerWord.allCases)
        var text = "optim \(word.rawValue)"
        if word == .momentum || word == .nesterov, chance(0.5) { text += " \(size(["0.9", "0.5", "0.99"]))" }
        if chance(0.5) { text += " lr \(size(["0.1", "0.01", "1e-3"]))" }
        if chance(0.2) { text += " decay \(size(["0", "1e-4", "0.01"]))" }
        if word == .adam || word == .adamw || awkward(), chance(0.3) { text += " betas \(size(["0.9"])) \(size(["0.999"]))" }
        if word == .adam || word == .adamw || word == .rmsprop, chance(0.2) { text += " eps \(size(["1e-8", "1e-6"]))" }
        return text
    }

    mutating func schedule() -> String {
        var text = "schedule"
        switch pick(ScheduleWord.allCases) {
        case .none: text += " none"
        case .step:
            text += " step \(size(["1", "2", "5", "10"]))" + (chance(0.5) ? " \(size(["0.1", "0.5"]))" : "")
            if chance(0.5) { text += " \(pick(TrainUnit.words))" }
        case .exp:
            text += " exp \(size(["0.9", "0.99", "1"]))"
            if chance(0.5) { text += " \(pick(TrainUnit.words))" }
        case .cosine:
            text += " cosine" + (chance(0.4) ? " min \(size(["0", "1e-4"]))" : "")
            if chance(0.4) { text += " length \(size(["1", "5", "100"]))" + (chance(0.5) ? " \(pick(TrainUnit.words))" : "") }
        }
        if chance(0.2) { text += " warmup \(size(["1", "10", "100"]))" }
        return text
    }

    mutating func clip() -> String {
        let mode = pick(ClipModeWord.allCases)
        switch mode {
        case .off: return "clip off"
        case .norm: return "clip norm \(size(["0.5", "1", "5"]))" + (chance(0.4) ? " style \(pick(ClipStyleWord.words))" : "")
        case .min: return "clip min \(size(["1e-3", "0.1"]))"
        default: return "clip \(mode.rawValue) \(size(["0.5", "1", "5"]))"
        }
    }

    /// `sweep` over one or two dimensions of one or two values each, with a tiny body.
    mutating func sweep() -> String {
        var text = "sweep"
        for dimension in (0..<int(1...2)).map({ _ in pick(SweepDimension.allCases) }) where !text.contains(" \(dimension.rawValue) ") {
            let values: [String] = switch dimension {
            case .act: (0..<int(1...2)).map { _ in pick(ActivationWord.words) }
            case .`init`: (0..<int(1...2)).map { _ in pick(["xavier", "he", "lecun", "orthogonal", "zeros"]) }
            case .depth: (0..<int(1...2)).map { _ in size(["1", "2", "3"]) }
            case .width: (0..<int(1...2)).map { _ in size(["2", "4", "8"]) }
            case .lr: (0..<int(1...2)).map { _ in size(["0.1", "0.01"]) }
            }
            text += " \(dimension.rawValue) [\(values.joined(separator: " "))] "
        }
        let body = pick(["train 1", "train 3 steps", "step", "backward", "print steps", "train 1; print loss"])
        return text + "{ \(body) }"
    }
}
