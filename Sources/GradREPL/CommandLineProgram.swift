import Foundation
import GradCore
import GradLang
import GradSyntax

/// The whole program behind the command line: builds the interpreter and its output for this process's
/// streams, runs the launch steps, and returns the exit code. `main.swift` only parses arguments.
public enum CommandLineProgram {
    /// Runs `invocation` and returns the process exit code (see `ExitStatus`).
    public static func run(_ invocation: Invocation,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        let stdinIsTerminal = Terminal.isTerminal(0)
        let (interpreter, output) = makeInterpreter(for: invocation, environment: environment)
        let steps = invocation.steps(stdinIsTerminal: stdinIsTerminal)
        let monitor = SignalMonitor.shared
        // Without a REPL, Ctrl-C means "stop this run": a second one exits even mid-step.
        let hasREPL = steps.contains { if case .repl = $0 { true } else { false } }
        monitor.install(exitOnRepeat: !hasREPL) { [weak interpreter] in interpreter?.requestInterrupt() }

        var status = RunStatus.success
        for step in steps {
            // A SIGTERM that arrived during start-up, or while a step was finishing, still ends the program.
            if monitor.terminationRequested {
                _ = interpreter.finish()
                output.diagnostic(ExitStatus.stopMessage(forSignal: SIGTERM))
                return ExitStatus.code(forSignal: SIGTERM)
            }
            let signalsBefore = monitor.signalCount
            switch step {
            case .commands(let source):
                status = ExitStatus.combine(status, runBatch(interpreter, output, source: source, name: "<-e>"))
            case .script(let path):
                switch readScript(at: path) {
                case .success(let source):
                    status = ExitStatus.combine(status, runBatch(interpreter, output, source: source, name: path))
                case .failure(let problem):
                    output.diagnostic("grad: cannot run '\(path)': \(problem.message)")
                    return ExitStatus.usage
                }
            case .standardInput:
                monitor.enter(.readingPipe)
                switch SourceText.decode(FileHandle.standardInput.readDataToEndOfFile()) {
                case .success(let source):
                    status = ExitStatus.combine(status, runBatch(interpreter, output, source: source, name: "<stdin>"))
                case .failure(let problem):
                    output.diagnostic("grad: cannot run <stdin>: \(problem.reason)")
                    status = .failed
                }
            case .repl(let editor):
                if runREPL(interpreter, output, editor: editor, quiet: invocation.quiet, environment: environment) {
                    _ = interpreter.finish()
                    output.diagnostic(ExitStatus.stopMessage(forSignal: SIGTERM))
                    return ExitStatus.code(forSignal: SIGTERM)
                }
                continue
            }
            // A script stopped by Ctrl-C or SIGTERM exits after the command that was running; with `-i`,
            // Ctrl-C only stops the script and the REPL still opens on its state.
            if monitor.signalCount != signalsBefore, let signal = monitor.lastSignal,
               !hasREPL || monitor.terminationRequested {
                _ = interpreter.finish()
                output.diagnostic(ExitStatus.stopMessage(forSignal: signal))
                return ExitStatus.code(forSignal: signal)
            }
        }
        return ExitStatus.code(for: ExitStatus.combine(status, interpreter.finish()))
    }

    /// The interpreter and its output for this process's streams: live progress and colour only on a terminal.
    private static func makeInterpreter(for invocation: Invocation,
                                        environment: [String: String]) -> (Interpreter, TerminalOutput) {
        let stdoutIsTerminal = Terminal.isTerminal(1)
        let output = TerminalOutput(
            standardOutput: StandardStream.output, standardError: StandardStream.error,
            style: invocation.quiet ? .hidden : stdoutIsTerminal ? .live : .plain,
            width: { Terminal.width(of: 1) })
        let options = InterpreterOptions(
            color: ColorPolicy.useColor(stdoutIsTerminal: stdoutIsTerminal, stderrIsTerminal: Terminal.isTerminal(2),
                                        noColorFlag: invocation.noColor, environment: environment),
            quiet: invocation.quiet, seed: invocation.seed, arguments: invocation.arguments,
            interactiveProgress: stdoutIsTerminal,
            width: { stdoutIsTerminal ? Terminal.width(of: 1) ?? 80 : 80 },
            height: { stdoutIsTerminal ? Terminal.height(of: 1) : nil },
            unicode: CharsetPolicy.useUnicode(environment: environment))
        let interpreter = Interpreter(options: options, output: output)
        return (interpreter, output)
    }

    /// Runs `grad --serve` on stdin and stdout (see `ServeProtocol`) and returns the exit code.
    public static func serve(seed: UInt64?, arguments: [String]) -> Int32 {
        let monitor = SignalMonitor.shared
        // A client that closes its end must not kill grad with SIGPIPE; the failed write is simply lost.
        signal(SIGPIPE, SIG_IGN)
        // Installed before the server exists, so its reader can wait on the signal pipe, then pointed at it.
        monitor.install(exitOnRepeat: false) {}
        let server = Server(input: 0, replies: StandardStream.output, seed: seed, arguments: arguments, signals: monitor)
        // SIGINT stops a run, never the server.
        monitor.install(exitOnRepeat: false) { server.requestInterrupt() }
        return server.run()
    }

    /// Runs `grad lsp`, the language server, on stdin and stdout and returns the exit code.
    public static func languageServer() -> Int32 {
        // An editor that goes away must not kill grad with SIGPIPE; the server ends at end of input.
        signal(SIGPIPE, SIG_IGN)
        return LanguageServer(input: 0, output: StandardStream.output).run()
    }

    private static func runBatch(_ interpreter: Interpreter, _ output: TerminalOutput, source: String,
                                 name: String) -> RunStatus {
        SignalMonitor.shared.enter(.running)
        let status = interpreter.run(source: source, name: name)
        SignalMonitor.shared.enter(.idle)
        output.finishCommand()
        return status
    }

    /// Runs the REPL; returns true when SIGTERM ended it.
    private static func runREPL(_ interpreter: Interpreter, _ output: TerminalOutput, editor: Bool, quiet: Bool,
                                environment: [String: String]) -> Bool {
        let monitor = SignalMonitor.shared
        interpreter.echoExpressions = true  // at the prompt, `acc` alone shows the value
        let repl: REPL
        if editor {
            let historyFile = HistoryFile.location(environment: environment)
            let history = historyFile?.load() ?? History()
            let lineEditor = LineEditor(history: history.entries, historyLimit: history.limit,
                                        completion: LineCompletion(session: interpreter),
                                        signalCount: { monitor.signalCount }, wakeDescriptor: monitor.wakeDescriptor)
            if !quiet {
                output.line("grad \(GradCoreVersion.string): type `help` for commands, Ctrl-D to leave.")
            }
            repl = REPL(session: interpreter, reader: lineEditor, signals: monitor, history: history,
                        historyFile: historyFile, afterCommand: output.finishCommand,
                        reportHistoryError: output.diagnostic)
        } else {
            repl = REPL(session: interpreter, reader: StreamLineReader(), signals: monitor,
                        afterCommand: output.finishCommand)
        }
        return repl.run()
    }

    private struct ScriptProblem: Error {
        var message: String
    }

    private static func readScript(at path: String) -> Result<String, ScriptProblem> {
        SourceText.read(URL(fileURLWithPath: path)).mapError { ScriptProblem(message: $0.reason) }
    }
}
