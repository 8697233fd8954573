#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import GradCore
import GradREPL

/// The `grad` command line. Only parsing lives here; `CommandLineProgram` in GradREPL does the work.
struct Grad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Experiments on vanishing and exploding gradients in MLPs: a REPL and a scripting language.",
        usage: """
            grad                          start the REPL (reads a program from stdin when it is piped)
            grad FILE.grad [ARGS...]      run a script; ARGS are visible to it as args[0], args[1], ...
            grad -e 'COMMANDS' [ARGS...]  run one-liners; ';' separates commands
            grad -i FILE.grad             run a script, then stay in the REPL with its state
            grad --serve                  answer JSON-line requests on stdin (the notebook kernel's protocol)
            grad lsp                      run the language server on stdin and stdout (for editors)
            grad jupyter install [--user|--prefix P]
                                          install the Jupyter kernel (see 'grad jupyter install --help')
            grad check SUBMISSION.grad [--against TESTS.grad] [--json FILE] [--gradescope] [--timeout 60s]
                                          grade a submission (see 'grad check --help')
            grad check --class DIR --against TESTS.grad [--jobs N] [--out DIR]
                                          grade a whole class in parallel
            grad assign MASTER.grad [--out DIR] [--gradescope autograder.zip]
                                          generate an assignment from a master file (see 'grad assign --help')
            """,
        discussion: """
            EXAMPLES:
              grad
              grad scripts/examples/vanishing.grad
              grad -e 'data spiral 900; net dense 5x32 relu; train 10'
              grad -i scripts/examples/tour.grad
              grad --seed 7 --quiet experiment.grad 20 64 > results.txt
              echo 'print 1+1' | grad

            EXIT STATUS:
              0 success; 1 a script error or a failed assert/expect; 2 a usage error;
              128+N when stopped by signal N (130 for Ctrl-C, 143 for SIGTERM).

            A script named 'check', 'assign', 'jupyter' or 'lsp' runs as 'grad ./check' (or 'grad -- check'): as \
            the first word, 'check' is the grader, 'assign' the assignment generator, 'jupyter' the kernel \
            installer, and 'lsp' alone the language server.
            Colour is used only on a terminal, and never with --no-color or NO_COLOR set.
            REPL history is kept in $XDG_STATE_HOME/grad/history (or ~/.grad_history).
            """,
        version: "grad \(GradCoreVersion.string)\nnumerics: \(GradCoreVersion.numerics)")

    @Option(name: [.customShort("e"), .customLong("execute")],
            help: ArgumentHelp("Run COMMANDS instead of a script (may be repeated).", valueName: "COMMANDS"))
    var commands: [String] = []

    @Flag(name: [.customShort("i"), .customLong("interactive")],
          help: "Stay in the REPL after running the script or -e commands.")
    var interactive = false

    @Flag(name: [.short, .long], help: "Print results only: no banner, no training progress.")
    var quiet = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (same as setting NO_COLOR).")
    var noColor = false

    @Flag(help: "Serve one session to another program: JSON lines on stdin and stdout (protocol 1, see README).")
    var serve = false

    @Option(help: ArgumentHelp("Seed every random choice, for reproducible runs.", valueName: "N"))
    var seed: UInt64?

    @Argument(help: ArgumentHelp("The script to run (with -e, the first argument for the commands).",
                                 valueName: "FILE.grad"))
    var script: String?

    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("Arguments for the script, visible to it as args.", valueName: "ARGS"))
    var arguments: [String] = []

    /// With `-e` there is no script file, so every positional word is an argument for the commands.
    var invocation: Invocation {
        let usesCommands = !commands.isEmpty
        return Invocation(
            scriptPath: usesCommands ? nil : script,
            arguments: usesCommands ? (script.map { [$0] } ?? []) + arguments : arguments,
            commands: commands, interactive: interactive, quiet: quiet, noColor: noColor, seed: seed)
    }
}

/// Parses `arguments` as `Command` and runs it; `--help`, `--version` and usage errors print and exit
/// with grad's codes.
func launch<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String], run: (Command) -> Int32) -> Int32 {
    do {
        return run(try Command.parse(arguments))
    } catch {
        // --help and --version arrive here too, as "errors" whose exit code is 0.
        let parserCode = Command.exitCode(for: error).rawValue
        let message = Command.fullMessage(for: error)
        if parserCode == 0 {
            print(message)
        } else {
            StandardStream.error.write(message + "\n")
        }
        return ExitStatus.code(forArgumentParserCode: parserCode)
    }
}

// `check` as the very first word is the grader, `assign` the assignment generator, `jupyter` the kernel
// installer, `lsp` alone the language server; anything else (including `./check` or `-- check`) is a script.
let commandLine = Array(CommandLine.arguments.dropFirst())
switch commandLine.first {
case "check": exit(launch(Check.self, Array(commandLine.dropFirst())) { $0.execute() })
case "assign": exit(launch(Assign.self, Array(commandLine.dropFirst())) { $0.execute() })
case "jupyter": exit(launch(Jupyter.self, Array(commandLine.dropFirst())) { $0.execute() })
case "lsp" where commandLine.count == 1: exit(CommandLineProgram.languageServer())
default: break
}
exit(launch(Grad.self, commandLine) { grad in
    grad.serve ? CommandLineProgram.serve(seed: grad.seed, arguments: grad.arguments) : CommandLineProgram.run(grad.invocation)
})
