import GradCore
import GradSyntax

/// `features`: from the typed AST to the session's feature map, logged for `save session`.
extension Interpreter {
    func runFeatures(_ items: [Interpolable<FeatureWord>], range: SourceRange) throws {
        guard !items.isEmpty else {
            for line in ShowTables(session).showFeatures() { output.line(line) }
            return
        }
        var features: [InputFeature] = []
        for item in items {
            switch item {
            case .literal(let word, _): features.append(InputFeature(word))
            case .interpolated(let expression): features += try interpolatedFeatures(expression)
            }
        }
        try runSession(at: range) { try session.setFeatures(features) }
        commandLog.append(.features(features.compactMap { FeatureWord(rawValue: $0.rawValue).map(SessionLog.word) }))
        flushNotes()
        if !options.quiet, let data = session.trainData {
            output.line("features: \(features.map(\.rawValue).joined(separator: " ")) (\(data.inputCount) network input\(data.inputCount == 1 ? "" : "s"))")
        }
    }

    /// Features written as a run-time value: a string of space-separated names or a list of names.
    private func interpolatedFeatures(_ expression: Expr) throws -> [InputFeature] {
        let words: [String]
        switch try evaluate(expression) {
        case .string(let text): words = text.split(separator: " ").map(String.init)
        case .list(let items):
            words = try items.map { item in
                guard case .string(let text) = item else {
                    throw RuntimeError(.typeMismatch, "features are names such as \"x^2\", got \(item.typeName)", at: expression.range)
                }
                return text
            }
        case let other:
            throw RuntimeError(.typeMismatch, "expected feature names (\"x^2 y^2\" or [\"x\", \"y\"]), got \(other.typeName)", at: expression.range)
        }
        return try words.map { word in
            guard let feature = FeatureWord.lookup(word) else {
                throw unknownWord(word, kind: "feature", among: FeatureWord.words, at: expression.range)
            }
            return InputFeature(feature)
        }
    }
}

extension InputFeature {
    /// The core's feature a vocabulary word names; the two tables share their spellings.
    init(_ word: FeatureWord) {
        guard let feature = InputFeature(rawValue: word.rawValue) else {
            preconditionFailure("the feature word '\(word.rawValue)' has no InputFeature")
        }
        self = feature
    }
}
