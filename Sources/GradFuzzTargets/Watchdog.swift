import Foundation
import GradLang
import GradSyntax

/// One long-lived thread that interrupts the interpreter being guarded once its time is up. A timer per
/// input would keep the interpreter alive after the input ends, which libFuzzer's leak check counts
/// against every run (and then scans the heap, slowing the fuzzer twentyfold).
final class Watchdog: @unchecked Sendable {
    static let shared = Watchdog()

    private let lock = NSLock()
    private var guarded: Interpreter?
    private var deadline = Date.distantFuture

    private init() {
        let thread = Thread { [unowned self] in
            while true {
                Thread.sleep(forTimeInterval: 0.01)
                lock.lock()
                if let interpreter = guarded, Date() > deadline { interpreter.requestInterrupt() }
                lock.unlock()
            }
        }
        thread.start()
    }

    /// Runs `body`, interrupting `interpreter` (repeatedly) once `seconds` have passed.
    func guarding(_ interpreter: Interpreter, for seconds: TimeInterval, _ body: () -> Void) {
        lock.lock()
        guarded = interpreter
        deadline = Date().addingTimeInterval(seconds)
        lock.unlock()
        body()
        lock.lock()
        guarded = nil
        lock.unlock()
    }
}
