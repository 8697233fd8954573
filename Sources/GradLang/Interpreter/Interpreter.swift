import Foundation
import GradCore
import Synchronization
import GradSyntax

/// Where the interpreter's output goes; the program decides how each kind is shown.
public protocol OutputSink: AnyObject {
    /// A line of normal output (`print`, tables, training summaries), without the newline.
    func line(_ text: String)
    /// A rendered diagnostic (error, warning or note block), possibly several lines.
    func diagnostic(_ text: String)
    /// Live training progress. On a terminal the REPL redraws it in place; elsewhere it may be dropped
    /// or printed as a plain periodic line. `final` is true for the last update of a `train` command.
    func progress(_ text: String, final: Bool)
    /// A chart; sinks that cannot show pictures print `figure.text` (the default implementation).
    func figure(_ figure: Figure)
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
    /// Whether lines may include wall-clock numbers (steps/s); golden tests turn this off.
    public var timings: Bool
    /// Whether a bare expression's value is printed (the REPL's `acc` → `0.953`).
    public var echoExpressions: Bool
    /// Columns charts may use, asked each time a chart is drawn (a terminal can be resized); 80 when
    /// output is not a terminal.
    public var width: @Sendable () -> Int
    /// Rows of the terminal, asked each time a chart is drawn; nil when output is not a terminal.
    public var height: @Sendable () -> Int?
    /// Whether charts may use Unicode block and box characters (false: plain ASCII, for non-UTF-8 locales).
    public var unicode: Bool

    public init(color: Bool = false, quiet: Bool = false, seed: UInt64? = nil, arguments: [String] = [],
                interactiveProgress: Bool = false, timings: Bool = true, echoExpressions: Bool = false,
                width: @escaping @Sendable () -> Int = { 80 }, height: @escaping @Sendable () -> Int? = { nil },
                unicode: Bool = false) {
        self.color = color
        self.quiet = quiet
        self.seed = seed
        self.arguments = arguments
        self.interactiveProgress = interactiveProgress
        self.timings = timings
        self.echoExpressions = echoExpressions
        self.width = width
        self.height = height
        self.unicode = unicode
    }
}

/// Runs grad programs against one session: parse, stop on syntax errors, evaluate statement by statement.
///
/// The same `run(source:name:)` serves script files, `-e`, standard input and every REPL entry; state
/// (data, network, variables, expectations) persists between calls.
public final class Interpreter {
    private(set) var options: InterpreterOptions
    let output: OutputSink
    let session: Session
    let environment = Environment()
    let renderer: DiagnosticRenderer
    /// Sources seen so far by name, so a diagnostic in an included file can show its line.
    var sources: [String: Source] = [:]
    /// Files being included right now, innermost last (to refuse include cycles).
    var includeStack: [URL] = []
    var expectations: [ExpectationResult] = []
    /// The `leaderboard` entries recorded so far, in the order their names first appeared. The grader
    /// empties it before the tests run, so only the teacher's tests post to the leaderboard.
    public var leaderboard: [LeaderboardResult] = []
    /// Diagnostics reported during the current run (see `maximumDiagnosticsShown`).
    private var diagnosticsShown = 0
    /// The ids of the errors the last `run` reported, in order (at most `maximumDiagnosticsShown`), so
    /// tests and tools can tell problems apart without reading their wording.
    public private(set) var lastDiagnosticIDs: [MessageID] = []
    /// The state-changing commands so far, for `history` and `save session`.
    var commandLog: SessionLog
    /// Where scripts may read and write files; the grader confines submissions (see `FileAccess`).
    public var fileAccess = FileAccess.unrestricted
    /// Whether an `expect` whose condition raises an error records a failure and the script carries on
    /// (the grader's choice, so one test that cannot run does not hide the others) instead of stopping.
    public var expectErrorsAreFailures = false
    private let interruptFlag = Atomic<Bool>(false)

    public init(options: InterpreterOptions, output: OutputSink) {
        self.options = options
        self.output = output
        session = Session(seed: options.seed ?? 0)
        commandLog = SessionLog(seed: options.seed ?? 0)
        renderer = DiagnosticRenderer(color: options.color)
        session.shouldStop = { [unowned self] in self.interruptFlag.load(ordering: .relaxed) }
    }

    /// Parses and runs `source`; `name` appears in diagnostics (`file.grad`, `<repl>`, `<-e>`, `<stdin>`).
    public func run(source text: String, name: String) -> RunStatus {
        interruptFlag.store(false, ordering: .relaxed)
        diagnosticsShown = 0
        lastDiagnosticIDs = []
        let source = Source(name: name, text: text)
        sources[name] = source
        let (program, diagnostics) = Parser.parse(source, knownNames: Set(environment.names))
        if !diagnostics.isEmpty {
            report(diagnostics)
            return .failed
        }
        let baseDirectory = name.hasPrefix("<") ? nil : URL(fileURLWithPath: name).deletingLastPathComponent()
        do {
            try execute(program.statements, directory: baseDirectory)
        } catch let error as RuntimeError {
            report([error.diagnostic])
            return .failed
        } catch let stop as ScriptStop {
            report([stop.diagnostic])
            return .failed
        } catch is ScriptInterrupted {
            return .failed
        } catch {
            output.diagnostic("\(name): error: \(error)")
            return .failed
        }
        return .success
    }

    /// True when `text` is an unfinished REPL entry (open block, bracket or string).
    public func isIncomplete(_ text: String) -> Bool {
        Parser.isIncomplete(text, knownNames: Set(environment.names))
    }

    /// Completion candidates for the word at `cursor` (commands, keywords, variables, functions).
    public func completions(for line: String, cursor: Int) -> [String] {
        Completion.candidates(for: line, cursor: cursor, variables: environment.names)
    }

    /// Stops a running `train` at the end of its current step. Safe from any thread.
    public func requestInterrupt() { interruptFlag.store(true, ordering: .relaxed) }

    /// Prints the `expect` summary; `.expectationsFailed` when any failed.
    public func finish() -> RunStatus {
        guard !expectations.isEmpty else { return .success }
        for line in ExpectationResult.summary(expectations) { output.line(line) }
        return expectations.allSatisfy(\.passed) ? .success : .expectationsFailed
    }

    /// Whether bare expressions print their value; the REPL turns this on for its entries.
    public var echoExpressions: Bool {
        get { options.echoExpressions }
        set { options.echoExpressions = newValue }
    }

    /// Names of the variables and functions defined so far.
    public var variableNames: [String] { environment.names }

    /// The results of every `expect` so far, in order (the autograder reads these).
    public var expectationResults: [ExpectationResult] { expectations }

    /// The most diagnostics one run shows (as clang's `-ferror-limit`): a binary file or a runaway
    /// nesting would otherwise write thousands of errors, each echoing its line.
    static let maximumDiagnosticsShown = 20

    func report(_ diagnostics: [Diagnostic]) {
        let room = max(0, Self.maximumDiagnosticsShown - diagnosticsShown)
        for diagnostic in diagnostics.prefix(room) {
            lastDiagnosticIDs.append(diagnostic.id)
            output.diagnostic(renderer.render(diagnostic) { [sources] name in sources[name] })
        }
        diagnosticsShown += diagnostics.count
        guard diagnostics.count > room, let first = diagnostics.first else { return }
        let hidden = diagnostics.count - room
        let label = renderer.colors.label(.note, "note:")
        output.diagnostic("\(first.range.file): \(label) \(hidden) more error\(hidden == 1 ? "" : "s") not shown"
                          + " (a run shows the first \(Self.maximumDiagnosticsShown))")
    }

    var interrupted: Bool { interruptFlag.load(ordering: .relaxed) }
}

/// Ctrl-C or SIGTERM: ends the current entry or script after the statement that was running.
struct ScriptInterrupted: Error {}

/// A failed `assert`: ends the script.
struct ScriptStop: Error {
    var diagnostic: Diagnostic
}
