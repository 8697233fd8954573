import GradCore
import GradSyntax

/// A command that cannot run as asked. The evaluator turns it into a diagnostic at the command's range;
/// the session is unchanged.
public struct SessionError: Error, Equatable, CustomStringConvertible {
    /// What kind of problem it is, stable however the message is worded (a `MessageID` of the `session` domain).
    public var id: MessageID
    public var message: String
    /// What to do instead, shown as a `note:` line.
    public var hint: String?

    public init(_ id: MessageID, _ message: String, hint: String? = nil) {
        self.id = id
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}

extension SessionError {
    /// A training-core error in the language's words: the core says what is wrong, with its numbers, and
    /// the language adds the command that fixes it.
    init(_ error: TrainingError) {
        self.init(.dataMismatch, Self.fix(for: error).map { "\(error.description); \($0)" } ?? error.description)
    }

    private static func fix(for error: TrainingError) -> String? {
        switch error {
        case .inputWidthMismatch, .outputWidthMismatch: "rebuild it with 'net'"
        case .crossEntropyOnRegression: "use 'loss mse', or load a CSV of class labels with 'task classification'"
        case .batchNormNeedsTwoRows: "use 'batch 2' or more"
        case .nonFiniteRow, .batchSizeBelowOne, .negativeStatisticsInterval: nil
        }
    }
}
