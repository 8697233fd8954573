#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GradLang
import GradSyntax

/// The program's exit codes, kept in one place so script mode, `-e`, the REPL and argument parsing agree:
/// 0 success, 1 a script error or a failed `assert`/`expect`, 2 a usage error.
public enum ExitStatus {
    /// Everything ran and every expectation held.
    public static let success: Int32 = 0
    /// A syntax or runtime error, a failed `assert`, or a failed `expect`.
    public static let scriptFailure: Int32 = 1
    /// The command line itself was wrong (unknown option, bad value, unreadable script file).
    public static let usage: Int32 = 2

    /// The exit code for a run that ended with `status`.
    public static func code(for status: RunStatus) -> Int32 {
        switch status {
        case .success: success
        case .failed, .expectationsFailed: scriptFailure
        }
    }

    /// The exit code after a fatal signal, following the shell convention 128 + signal number, so a
    /// caller can tell "stopped by Ctrl-C or SIGTERM" from "the script failed".
    public static func code(forSignal signal: Int32) -> Int32 {
        128 + signal
    }

    /// What grad prints on standard error when a signal ends a run, so a log shows why it stopped short.
    public static func stopMessage(forSignal signal: Int32) -> String {
        let name = signal == SIGINT ? "Ctrl-C (SIGINT)" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
        return "grad: stopped by \(name)"
    }

    /// Maps the code swift-argument-parser chose for a parse outcome onto ours: it reports `--help` and
    /// `--version` as 0 and every validation error as EX_USAGE (64); grad promises 2 for the latter.
    public static func code(forArgumentParserCode code: Int32) -> Int32 {
        code == 0 ? success : usage
    }

    /// The worse of two statuses, for sessions made of several runs (`-e`, then a file, then `finish`).
    public static func combine(_ first: RunStatus, _ second: RunStatus) -> RunStatus {
        switch (first, second) {
        case (.failed, _), (_, .failed): .failed
        case (.expectationsFailed, _), (_, .expectationsFailed): .expectationsFailed
        default: .success
        }
    }
}
