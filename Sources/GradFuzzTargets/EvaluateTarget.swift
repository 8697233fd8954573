import Foundation
import GradLang
import GradSyntax

/// Whole programs through the real interpreter, under the caps the grader uses for untrusted
/// submissions (small memory estimate, few training steps, files confined to a scratch folder), with
/// a watchdog that interrupts any program still running after a quarter of a second so a `while true`
/// ends as it would at Ctrl-C. Errors are fine; traps, hangs and leaks past the caps are findings.
public enum EvaluateTarget: FuzzTarget {
    /// Throws away what the program printed.
    final class Discard: OutputSink {
        func line(_ text: String) {}
        func diagnostic(_ text: String) {}
        func progress(_ text: String, final: Bool) {}
    }

    /// The folder programs may write to, one per process, removed when the process exits normally.
    static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: EvaluateTarget.scratch) }
        return folder
    }()

    /// Seconds a program may run before the watchdog asks it to stop.
    static let timeBudget = 0.25

    public static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let interpreter = Interpreter(
            options: InterpreterOptions(seed: 1, interactiveProgress: false, timings: false), output: Discard())
        interpreter.limits = SessionLimits(memoryBytes: 64e6, stepsPerCommand: 2_000, totalSteps: 2_000)
        interpreter.fileAccess = .confined(reading: [scratch], scratch: scratch)
        Watchdog.shared.guarding(interpreter, for: timeBudget) {
            _ = interpreter.run(source: bytes.text, name: scratch.appendingPathComponent("fuzz.grad").path)
            _ = interpreter.finish()
        }
        // Whatever failed, the session must still answer.
        precondition(interpreter.run(source: "print 1", name: "after.grad") == .success,
                     "the session stopped answering after an error")
    }
}
