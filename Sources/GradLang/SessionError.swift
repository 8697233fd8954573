/// A command that cannot run as asked. The evaluator turns it into a diagnostic at the command's range;
/// the session is unchanged.
public struct SessionError: Error, Equatable, CustomStringConvertible {
    public var message: String
    /// What to do instead, shown as a `note:` line.
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}
