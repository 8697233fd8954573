
/// `features`, `plot boundary …` and `show clip last N|all`, with their help.
extension Parser {
    /// `features [FEATURE…]`: each feature is written without spaces (`x^2`, `x*y`, `sin(x)`), so the
    /// tokens of one word are those that touch; `$f`, a string or a list gives features at run time.
    mutating func parseFeatures(_ command: Token) throws -> [Interpolable<FeatureWord>] {
        var features: [Interpolable<FeatureWord>] = []
        var seen: [FeatureWord: SourceRange] = [:]
        while !atStatementEnd {
            if startsInterpolation || current.isString || current.kind == .leftBracket {
                features.append(.interpolated(try parseArgument()))
                continue
            }
            let first = advance()
            var last = first
            while last.isAdjacent(to: current), !atStatementEnd { last = advance() }
            let range = first.range.union(last.range)
            let text = source.text(in: range)
            guard let feature = FeatureWord.lookup(text) else {
                // `sin (x)` is a feature cut in two by a space: say so rather than guess a typo.
                let whole = FeatureWord.words.first { $0.hasPrefix(text) }
                let hint = whole.map { [Note("write each feature without spaces, e.g. '\($0)'")] }
                    ?? Suggestion.note(for: text, in: FeatureWord.words)
                throw fail(.unknownKeyword, "unknown feature '\(text)' for '\(command.text)'", at: range,
                           notes: hint + [Note("features: \(FeatureWord.words.joined(separator: " "))")])
            }
            if let earlier = seen[feature] {
                throw fail(.duplicateOption, "'\(feature.rawValue)' is given twice", at: range,
                           notes: [Note("first given here", range: earlier)])
            }
            seen[feature] = range
            features.append(.literal(feature, range: range))
        }
        return features
    }

    /// The options after `plot boundary`: `layer L unit U` (a one-unit picture) or `over time`.
    mutating func parseBoundary(_ command: Token) throws -> BoundarySpec {
        var slots = OptionSlots()
        var layer: (token: Token, value: Expr)?
        var unit: (token: Token, value: Expr)?
        var over: Token?
        while !atStatementEnd {
            if let token = matchWord("layer") {
                try claim(&slots, "layer", token)
                layer = (token, try parseRequiredArgument(for: token, "a layer number"))
            } else if let token = matchWord("unit") {
                try claim(&slots, "unit", token)
                unit = (token, try parseRequiredArgument(for: token, "a unit number"))
            } else if let token = matchWord("over") {
                try claim(&slots, "over", token)
                guard matchWord("time") != nil else {
                    throw failExpected("'time' after 'over'", id: .missingArgument, notes: [Note("write 'plot boundary over time'")])
                }
                over = token
            } else {
                throw unknownWord(after: command, candidates: ["layer", "unit", "over"])
            }
        }
        if let over, let first = layer?.token ?? unit?.token {
            throw fail(.conflictingOption, "'over time' draws the whole network's regions; it cannot show one unit",
                       at: over.range, notes: [Note("'\(first.text)' given here", range: first.range)])
        }
        if let layer, unit == nil {
            throw fail(.missingArgument, "'layer' needs a unit too", at: layer.token.range,
                       notes: [Note("write 'plot boundary layer \(source.text(in: layer.value.range)) unit 1'")])
        }
        if let unit, layer == nil {
            throw fail(.missingArgument, "'unit' needs a layer too", at: unit.token.range,
                       notes: [Note("write 'plot boundary layer 1 unit \(source.text(in: unit.value.range))'")])
        }
        return BoundarySpec(layer: layer?.value, unit: unit?.value, overTime: over != nil, range: range(from: command))
    }

    /// `last N` or `all` after `show clip`.
    mutating func parseClipRows(_ command: Token) throws -> ClipRows {
        if matchWord("all") != nil { return .all }
        if let token = matchWord("last") { return .last(try parseRequiredArgument(for: token, "a number of steps")) }
        throw unknownWord(after: command, candidates: ["last", "all"])
    }
}

extension Token {
    /// True for a string literal (a run-time value where a word could stand).
    var isString: Bool {
        if case .string = kind { return true }
        return false
    }
}

extension CommandDeclaration {
    static let features = CommandDeclaration(
        .features,
        keywords: [.of(FeatureWord.self)],
        usage: [[.optional(.sequence(FeatureWord.allCases.map(Usage.word)))]],
        summary: """
            Chooses the network's inputs for 2-D data, as TensorFlow Playground does: each is computed from a \
            point's raw x and y (before 'standardize', which then rescales the chosen columns). With x^2 and y^2 \
            a network without hidden layers separates 'circles'. Changing the features rebuilds an existing \
            network with fresh weights, because its inputs now mean something else; new 2-D data keeps them, \
            other data resets them. 'features' alone (or 'show features') lists the current ones; \
            'features x y' goes back to the raw coordinates.
            """,
        example: "features x y x^2 y^2")
}
