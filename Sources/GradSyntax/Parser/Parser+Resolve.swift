extension Parser {
    /// The value of an interpolated activation slot (`net dense 5x32 $act` with `act = "leaky 0.2"`),
    /// parsed with the same grammar as a literal one. Errors are reported at `range`, the interpolation.
    public static func resolveActivation(_ text: String, at range: SourceRange) throws -> ActivationName {
        try resolve(text, at: range, kind: "activation", words: ActivationWord.words) { parser, word in
            try ActivationWord.lookup(word).map { try parser.parseActivation($0) }
        }
    }

    /// The value of an interpolated initialiser slot (`init $scheme`, `"he normal fan_out"`).
    public static func resolveInitializer(_ text: String, at range: SourceRange) throws -> InitName {
        try resolve(text, at: range, kind: "initialiser", words: InitWord.words) { parser, word in
            guard let scheme = InitWord.lookup(word) else { return nil }
            return try parser.parseInitArguments(scheme, parser.previous)
        }
    }

    /// The value of an interpolated optimiser slot (`optim $o`, `"momentum 0.9"`).
    public static func resolveOptimizer(_ text: String, at range: SourceRange) throws -> OptimizerName {
        try resolve(text, at: range, kind: "optimiser", words: OptimizerWord.words) { parser, word in
            switch OptimizerWord.lookup(word) {
            case .sgd: .sgd
            case .momentum: .momentum(try parser.parseOptionalArgument())
            case .nesterov: .nesterov(try parser.parseOptionalArgument())
            case .adam: .adam
            case .adamw: .adamw
            case .rmsprop: .rmsprop
            case nil: nil
            }
        }
    }

    /// The value of an interpolated loss slot (`loss $l`).
    public static func resolveLoss(_ text: String, at range: SourceRange) throws -> LossName {
        try resolve(text, at: range, kind: "loss", words: LossName.words) { _, word in LossName.lookup(word) }
    }

    /// The value of an interpolated data-set slot (`data $set 1000`).
    public static func resolveDataSet(_ text: String, at range: SourceRange) throws -> DataSetName {
        try resolve(text, at: range, kind: "data set", words: DataSetName.words) { _, word in DataSetName.lookup(word) }
    }

    /// Parses `text` as one vocabulary word and its arguments. The text is laid out so that its line and
    /// column are those of `range`: any node inside (an argument's `Expr`) points at the interpolation.
    private static func resolve<Value>(_ text: String, at range: SourceRange, kind: String, words: [String],
                                       _ body: (inout Parser, String) throws -> Value?) throws -> Value {
        let padding = String(repeating: "\n", count: max(0, range.start.line - 1))
            + String(repeating: " ", count: max(0, range.start.column - 1))
        let source = Source(name: range.file, text: padding + text)
        let (tokens, lexerDiagnostics) = Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: tokens, knownNames: [])
        parser.argumentMode = true
        parser.bracketDepth = 1  // skip the padding's newlines
        let word = text.trimmingSpaces
        var notes = [Note("one of: \(words.joined(separator: ", "))")]
        if case .identifier(let first) = parser.current.kind, lexerDiagnostics.isEmpty {
            parser.advance()
            if let value = try? body(&parser, first), parser.check(.endOfInput), parser.diagnostics.isEmpty {
                return value
            }
            if !words.contains(first), let suggestion = Suggestion.closest(to: first, in: words) {
                notes = [Note("did you mean '\(suggestion)'?")]
            }
        }
        throw Diagnostic(id: .unknownKeyword, message: "'\(word)' is not a valid \(kind)", range: range, notes: notes)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines (no Foundation needed).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
