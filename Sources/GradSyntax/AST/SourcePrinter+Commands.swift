/// Commands as canonical text: the command word, then every option given, in the order of the command's
/// help syntax, each spelt with its vocabulary word (never an alias). Defaults the AST cannot tell from
/// an explicit word (`train … epochs`, `leaderboard … desc`, an `act` on all layers) are left out.
extension SourcePrinter {
    mutating func command(_ command: Command) {
        switch command {
        case .sweep(let spec): block(line(command), spec.body)
        default: emit(line(command))
        }
    }

    /// The command's line (for `sweep`, the line that opens its block).
    private func line(_ command: Command) -> String {
        switch command {
        case .seed(let value): words([CommandWord.seed.rawValue, argumentText(value)])
        case .data(let spec): dataText(spec)
        case .split(let fraction): words([CommandWord.split.rawValue, argumentText(fraction)])
        case .standardize: CommandWord.standardize.rawValue
        case .features(let items): words([CommandWord.features.rawValue] + items.map(featureText))
        case .net(let spec):
            words([CommandWord.net.rawValue, spec.kind.rawValue, shapeText(spec.shape)] + optionTexts(spec.options)
                  + recurrentTexts(spec.recurrent))
        case .bptt(let steps): words([CommandWord.bptt.rawValue, steps.map(argumentText) ?? "full"])
        case .layer(let spec): words([CommandWord.layer.rawValue, widthText(spec.width)] + optionTexts(spec.options))
        case .activation(let layers, let activation):
            words([CommandWord.act.rawValue, selectionText(layers, activation), slotText(activation, activationText)])
        case .initialize(let layers, let initializer, let gain):
            words([CommandWord.`init`.rawValue, selectionText(layers, initializer), slotText(initializer, initText),
                   option(LayerOption.gain.rawValue, gain)])
        case .loss(let loss): words([CommandWord.loss.rawValue, slotText(loss, \.rawValue)])
        case .optimizer(let spec): optimizerText(spec)
        case .learningRate(let value): words([CommandWord.lr.rawValue, argumentText(value)])
        case .schedule(let spec): scheduleText(spec)
        case .clip(let spec): words([CommandWord.clip.rawValue, clipText(spec)])
        case .batch(let size): words([CommandWord.batch.rawValue, argumentText(size)])
        case .record(let every): words([CommandWord.record.rawValue, every.map { "every " + argumentText($0) } ?? Toggle.off.rawValue])
        case .train(let amount, let unit): words([CommandWord.train.rawValue, argumentText(amount), unit == .steps ? unit.rawValue : nil])
        case .backward: CommandWord.backward.rawValue
        case .step: CommandWord.step.rawValue
        case .reset: CommandWord.reset.rawValue
        case .eval: CommandWord.eval.rawValue
        case .show(let target): words([CommandWord.show.rawValue, target.value.rawValue])
        case .showClip(let rows): words([CommandWord.show.rawValue, ShowTarget.clip.rawValue, clipRowsText(rows)])
        case .gradcheck: CommandWord.gradcheck.rawValue
        case .save(let path): words([CommandWord.save.rawValue, pathText(path)])
        case .saveSession(let path): words([CommandWord.save.rawValue, "session", pathText(path)])
        case .history: CommandWord.history.rawValue
        case .load(let path): words([CommandWord.load.rawValue, pathText(path)])
        case .export(let what, let path): words([CommandWord.export.rawValue, what.value.rawValue, pathText(path)])
        case .run(let name): words([CommandWord.run.rawValue, wordArgumentText(name)])
        case .help(let topic): words([CommandWord.help.rawValue, topic?.value.word])
        case .explain(let topic): words([CommandWord.explain.rawValue, topic.value.rawValue])
        case .diagnose: CommandWord.diagnose.rawValue
        case .plot(let target, let overTime): words([CommandWord.plot.rawValue, target.value.rawValue, overTime ? "over time" : nil])
        case .plotBoundary(let spec): boundaryText(spec)
        case .compare(let runs, let reach):
            words([CommandWord.compare.rawValue] + runs.map { wordArgumentText($0, except: ["reach"]) } + [option("reach", reach)])
        case .sweep(let spec): sweepHeader(spec)
        case .report(let path): words([CommandWord.report.rawValue, pathText(path)])
        }
    }

    private func clipRowsText(_ rows: ClipRows) -> String {
        switch rows {
        case .last(let count): "last " + argumentText(count)
        case .all: "all"
        }
    }

    /// `plot boundary [layer L unit U] [over time]`.
    private func boundaryText(_ spec: BoundarySpec) -> String {
        words([CommandWord.plot.rawValue, PlotTarget.boundary.rawValue, option("layer", spec.layer),
               option("unit", spec.unit), spec.overTime ? "over time" : nil])
    }

    /// `word VALUE`, or nothing when the option was not given.
    private func option(_ word: String, _ value: Expr?) -> String? {
        value.map { "\(word) \(argumentText($0))" }
    }

    /// A slot where a bare unknown name is a string (`run baseline`, `target species`).
    private func wordArgumentText(_ expr: Expr, except reserved: Set<String> = []) -> String {
        bareWord(expr, except: reserved) ?? argumentText(expr)
    }

    private func slotText<Value>(_ slot: Interpolable<Value>, _ word: (Value) -> String) -> String {
        switch slot {
        case .literal(let value, _): word(value)
        case .interpolated(let expr): interpolationText(expr)
        }
    }

    private func dataText(_ spec: DataSpec) -> String {
        words([CommandWord.data.rawValue, slotText(spec.name, \.rawValue), (spec.count ?? spec.path).map(argumentText),
               option(DataOption.classes.rawValue, spec.classes), option(DataOption.noise.rawValue, spec.noise),
               option(DataOption.factor.rawValue, spec.factor), option(DataOption.cells.rawValue, spec.cells),
               option(DataOption.features.rawValue, spec.features),
               spec.target.map { "\(DataOption.target.rawValue) \(wordArgumentText($0))" },
               spec.task.map { "\(DataOption.task.rawValue) \($0.value.rawValue)" },
               option(DataOption.length.rawValue, spec.length), spec.variant?.value.rawValue])
    }

    /// A feature word as written (`x^2`), or a run-time value: a string or list as it is, anything else
    /// as an interpolation (only those start a run-time feature).
    private func featureText(_ item: Interpolable<FeatureWord>) -> String {
        switch item {
        case .literal(let feature, _): feature.rawValue
        case .interpolated(let expr):
            switch expr {
            case .string, .list: expr.sourceText
            default: interpolationText(expr)
            }
        }
    }

    /// `DEPTHxWIDTH` or `W1-W2-…`, written without spaces; `x64` lexes as one word the parser splits.
    private func shapeText(_ shape: NetShape) -> String {
        switch shape {
        case .repeated(let depth, let width, _): dimensionText(depth, beforeX: true) + "x" + dimensionText(width)
        case .widths(let widths, _): widths.map { dimensionText($0) }.joined(separator: "-")
        }
    }

    /// A shape dimension: an integer, `$name` (`${name}` before the `x`, which would join the name), or
    /// a parenthesised expression.
    private func dimensionText(_ expr: Expr, beforeX: Bool = false) -> String {
        switch expr {
        case .number(let value, _):
            let text = Expr.sourceNumber(value)
            return text.unicodeScalars.allSatisfy(Lexer.isDigit) ? text : "(\(text))"
        case .variable(let name, _): return beforeX ? "${\(name)}" : "$" + name
        default: return "(\(expr.sourceText))"
        }
    }

    /// A `layer` width: the parser takes a leading `$` there for an interpolated activation, so a width
    /// that would start with one is parenthesised.
    private func widthText(_ width: Expr) -> String {
        let text = argumentText(width)
        return text.hasPrefix("$") ? "(\(width.sourceText))" : text
    }

    /// `[init SCHEME] [input SCHEME] [radius R] [forgetbias [B]] [every] [bptt N] [steps T]`.
    private func recurrentTexts(_ options: RecurrentOptions) -> [String?] {
        let scheme = options.initializer.map { located -> String in
            if case .normal(let std) = located.value { return "normal " + argumentText(std) }
            return located.value.word.rawValue
        }
        return [scheme.map { "\(LayerOption.`init`.rawValue) \($0)" },
                options.inputInitializer.map { "\(RecurrentOption.input.rawValue) \(slotText($0, initText))" },
                option(RecurrentOption.radius.rawValue, options.radius),
                options.forgetBias ? ([RecurrentOption.forgetbias.rawValue] + [options.forgetBiasValue.map(argumentText)].compactMap { $0 })
                    .joined(separator: " ") : nil,
                options.everyStep ? RecurrentOption.every.rawValue : nil,
                option(RecurrentOption.bptt.rawValue, options.bptt), option(RecurrentOption.steps.rawValue, options.steps)]
    }

    /// `[ACTIVATION] [init SCHEME] [gain G] [batchnorm] [residual] [bias off]`.
    private func optionTexts(_ options: LayerOptions) -> [String?] {
        [options.activation.map { slotText($0, activationText) },
         options.initializer.map { "\(LayerOption.`init`.rawValue) " + slotText($0, initText) },
         option(LayerOption.gain.rawValue, options.gain),
         options.batchNorm ? LayerOption.batchnorm.rawValue : nil,
         options.residual ? LayerOption.residual.rawValue : nil,
         options.bias ? nil : "\(LayerOption.bias.rawValue) \(Toggle.off.rawValue)"]
    }

    /// The layers of `act`/`init`. All layers go unwritten, except before an interpolated word: the parser
    /// reads `init $s gain 2` as layers `$s`, so `all` is written there (for `act` too, to keep one rule).
    private func selectionText<Value>(_ selection: LayerSelection, _ word: Interpolable<Value>) -> String? {
        switch (selection, word) {
        case (.layers(let expr), _): argumentText(expr)
        case (.all, .interpolated): "all"
        case (.all, .literal): nil
        }
    }
}

/// The choices with arguments of their own: activations, initialisers, optimisers, schedules, clipping
/// and sweep grids.
extension SourcePrinter {
    /// `relu`, `leaky [SLOPE]`, `elu [ALPHA]`, `gelu erf|tanh`.
    func activationText(_ activation: ActivationName) -> String {
        switch activation {
        case .sigmoid: ActivationWord.sigmoid.rawValue
        case .tanh: ActivationWord.tanh.rawValue
        case .relu: ActivationWord.relu.rawValue
        case .leaky(let slope): words([ActivationWord.leaky.rawValue, slope.map(argumentText)])
        case .elu(let alpha): words([ActivationWord.elu.rawValue, alpha.map(argumentText)])
        case .gelu(let form): words([ActivationWord.gelu.rawValue, form.rawValue])
        case .softsign: ActivationWord.softsign.rawValue
        case .linear: ActivationWord.linear.rawValue
        }
    }

    /// A scheme and its arguments, as `torch.nn.init` names them (`he`, never the alias `kaiming`).
    func initText(_ initializer: InitName) -> String {
        switch initializer {
        case .xavier(let distribution): words([InitWord.xavier.rawValue, distribution?.rawValue])
        case .he(let distribution, let mode): words([InitWord.he.rawValue, distribution?.rawValue, mode?.rawValue])
        case .lecun: InitWord.lecun.rawValue
        case .orthogonal: InitWord.orthogonal.rawValue
        case .normal(let mean, let std): words([InitWord.normal.rawValue, mean.map(argumentText), argumentText(std)])
        case .uniform(let low, let high): words([InitWord.uniform.rawValue, argumentText(low), argumentText(high)])
        case .zeros: InitWord.zeros.rawValue
        case .constant(let value): words([InitWord.constant.rawValue, argumentText(value)])
        case .pytorchDefault: InitWord.default.rawValue
        }
    }

    /// `optim NAME [COEFF] [betas B1 B2] [alpha A] [momentum M] [eps E] [dampening D] [amsgrad] [centered]
    /// [lr X] [decay X]`: the name comes first, which also makes `momentum` after `rmsprop` its option; the
    /// rule's own coefficients follow it and the rates shared by every rule come last, as `show settings`
    /// and saved sessions write them.
    func optimizerText(_ spec: OptimizerSpec) -> String {
        let betas = spec.beta1.map { beta1 in
            words([OptimizerOption.betas.rawValue, argumentText(beta1), spec.beta2.map(argumentText)])
        }
        return words([CommandWord.optim.rawValue, slotText(spec.name, optimizerNameText), betas,
                      option(OptimizerOption.alpha.rawValue, spec.alpha),
                      option(OptimizerOption.momentum.rawValue, spec.momentum),
                      option(OptimizerOption.eps.rawValue, spec.epsilon),
                      option(OptimizerOption.dampening.rawValue, spec.dampening)]
                     + OptimizerSwitch.allCases.filter(spec.switches.contains).map(\.rawValue)
                     + [option(OptimizerOption.lr.rawValue, spec.learningRate), option(OptimizerOption.decay.rawValue, spec.decay)])
    }

    private func optimizerNameText(_ name: OptimizerName) -> String {
        switch name {
        case .sgd: OptimizerWord.sgd.rawValue
        case .momentum(let mu): words([OptimizerWord.momentum.rawValue, mu.map(argumentText)])
        case .nesterov(let mu): words([OptimizerWord.nesterov.rawValue, mu.map(argumentText)])
        case .adam: OptimizerWord.adam.rawValue
        case .adamw: OptimizerWord.adamw.rawValue
        case .rmsprop: OptimizerWord.rmsprop.rawValue
        }
    }

    /// `schedule [KIND ARGS] [steps|epochs] [warmup N]`: the unit follows the kind it applies to; an explicit
    /// `epochs` is kept (the AST tells it from the default).
    func scheduleText(_ spec: ScheduleSpec) -> String {
        words([CommandWord.schedule.rawValue, spec.kind.map(scheduleKindText), spec.unit?.rawValue,
               option(ScheduleOption.warmup.rawValue, spec.warmup)])
    }

    private func scheduleKindText(_ kind: ScheduleKind) -> String {
        switch kind {
        case .constant: ScheduleWord.none.rawValue
        case .step(let every, let gamma): words([ScheduleWord.step.rawValue, argumentText(every), gamma.map(argumentText)])
        case .exponential(let gamma): words([ScheduleWord.exp.rawValue, argumentText(gamma)])
        case .cosine(let minimum, let length):
            words([ScheduleWord.cosine.rawValue, option(ScheduleOption.min.rawValue, minimum),
                   option(ScheduleOption.length.rawValue, length)])
        }
    }

    /// `norm MAX [style torch|tf]`, `value V`, `layer MAX`, `tensor MAX`, `min MIN` or `off`.
    func clipText(_ spec: ClipSpec) -> String {
        switch spec {
        case .off: ClipModeWord.off.rawValue
        case .norm(let max, let style):
            words([ClipModeWord.norm.rawValue, argumentText(max), style.map { "\(ClipOption.style.rawValue) \($0.rawValue)" }])
        case .value(let limit): words([ClipModeWord.value.rawValue, argumentText(limit)])
        case .layer(let max): words([ClipModeWord.layer.rawValue, argumentText(max)])
        case .tensor(let max): words([ClipModeWord.tensor.rawValue, argumentText(max)])
        case .minimum(let min): words([ClipModeWord.min.rawValue, argumentText(min)])
        }
    }

    /// `sweep DIM [V1 V2 …] DIM $list …`: list values as bare words where that reads back as the same
    /// string, and anything starting with a name as `${…}` (a bare name in the list is a string).
    func sweepHeader(_ spec: SweepSpec) -> String {
        words([CommandWord.sweep.rawValue] + spec.dimensions.map { axis in
            let values = axis.list.map(argumentText) ?? "[" + axis.values.map(sweepValueText).joined(separator: " ") + "]"
            return "\(axis.dimension.value.rawValue) \(values)"
        })
    }

    private func sweepValueText(_ value: Expr) -> String {
        if let word = bareWord(value) { return word }
        return leadingWord(value.sourceText) == nil ? value.sourceText : interpolationText(value)
    }
}
