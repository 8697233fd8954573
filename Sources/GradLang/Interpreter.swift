import GradCore

/// Where the interpreter's output goes; the program decides how each kind is shown.
public protocol OutputSink: AnyObject {
    /// A line of normal output (`print`, tables, training summaries), without the newline.
    func line(_ text: String)
    /// A rendered diagnostic (error, warning or note block), possibly several lines.
    func diagnostic(_ text: String)
    /// Live training progress. On a terminal the REPL redraws it in place; elsewhere it may be dropped
    /// or printed as a plain periodic line. `final` is true for the last update of a `train` command.
    func progress(_ text: String, final: Bool)
}

/// How a run of source text ended.
public enum RunStatus: Equatable, Sendable {
    case success
    /// A syntax or runtime error, or a failed `assert`: script mode exits 1.
    case failed
    /// Every statement ran but at least one `expect` failed: script mode exits 1.
    case expectationsFailed
}

/// Settings fixed for the lifetime of an interpreter.
public struct InterpreterOptions: Sendable {
    public var color: Bool
    public var quiet: Bool
    public var seed: UInt64?
    public var arguments: [String]
    /// Whether training progress goes to a terminal (live line) or to a pipe (plain periodic lines).
    public var interactiveProgress: Bool

    public init(color: Bool = false, quiet: Bool = false, seed: UInt64? = nil, arguments: [String] = [],
                interactiveProgress: Bool = false) {
        self.color = color
        self.quiet = quiet
        self.seed = seed
        self.arguments = arguments
        self.interactiveProgress = interactiveProgress
    }
}
