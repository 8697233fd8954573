/// What the command line asked for, already parsed: plain data, so the launcher is testable without
/// swift-argument-parser (which only the `grad` executable links).
public struct Invocation: Equatable, Sendable {
    /// The script to run (`grad FILE.grad`), if any.
    public var scriptPath: String?
    /// Values visible to the script as `args`.
    public var arguments: [String]
    /// One-liners from `-e`, run in order before anything else.
    public var commands: [String]
    /// `-i`: stay in the REPL after running the script or one-liners.
    public var interactive: Bool
    /// `--quiet`: no banner, no progress.
    public var quiet: Bool
    /// `--no-color`.
    public var noColor: Bool
    /// `--seed N`.
    public var seed: UInt64?

    /// Creates an invocation; every field defaults to "not given".
    public init(scriptPath: String? = nil, arguments: [String] = [], commands: [String] = [],
                interactive: Bool = false, quiet: Bool = false, noColor: Bool = false, seed: UInt64? = nil) {
        self.scriptPath = scriptPath
        self.arguments = arguments
        self.commands = commands
        self.interactive = interactive
        self.quiet = quiet
        self.noColor = noColor
        self.seed = seed
    }
}

/// One thing the program does, in order.
public enum LaunchStep: Equatable, Sendable {
    /// Run `-e` one-liners (joined by newlines; `;` already separates commands within one).
    case commands(String)
    /// Run a script file.
    case script(path: String)
    /// Read the whole program from piped stdin and run it, without prompts.
    case standardInput
    /// Enter the REPL; with `editor`, stdin is a terminal and libedit reads it, otherwise plain lines.
    case repl(editor: Bool)
}

extension Invocation {
    /// The steps for this invocation given whether stdin is a terminal: `-e` or the script first, then
    /// the REPL if `-i` was given; with neither, the REPL on a terminal and a piped program otherwise.
    public func steps(stdinIsTerminal: Bool) -> [LaunchStep] {
        var steps: [LaunchStep] = []
        if !commands.isEmpty {
            steps.append(.commands(commands.joined(separator: "\n")))
        } else if let scriptPath {
            steps.append(.script(path: scriptPath))
        }
        if interactive || (steps.isEmpty && stdinIsTerminal) {
            steps.append(.repl(editor: stdinIsTerminal))
        } else if steps.isEmpty {
            steps.append(.standardInput)
        }
        return steps
    }
}
