import Foundation

/// The grading workers running right now, and what to do with them when the grader is interrupted:
/// Ctrl-C, SIGTERM or SIGHUP kill every worker's process group and remove every grading folder before
/// the grader exits. One supervisor serves one `grad check`, whether it grades one submission or a
/// whole class in parallel, so the signal handling is installed once and never raced.
final class GradingSupervisor: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [Int: (child: ChildProcess, workspace: URL)] = [:]
    private var nextTicket = 0
    private var interrupts: InterruptCleanup?

    /// Starts watching for interrupts.
    init() {
        interrupts = InterruptCleanup { [weak self] in self?.stopAll() }
    }

    private func stopAll() {
        lock.withLock {
            for worker in running.values {
                worker.child.terminate()
                try? FileManager.default.removeItem(at: worker.workspace)
            }
        }
    }

    /// True once an interrupt's cleanup has begun and the process is about to exit (see `InterruptCleanup`).
    var isStopping: Bool { interrupts?.isStopping ?? false }

    /// Records a worker that has started; the ticket is handed back to `finished`.
    func started(_ child: ChildProcess, workspace: URL) -> Int {
        lock.withLock {
            nextTicket += 1
            running[nextTicket] = (child, workspace)
            return nextTicket
        }
    }

    /// Forgets a worker that has ended.
    func finished(_ ticket: Int) {
        _ = lock.withLock { running.removeValue(forKey: ticket) }
    }

    deinit { interrupts?.cancel() }
}
