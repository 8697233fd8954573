#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// While a grading worker runs, Ctrl-C, SIGTERM or SIGHUP to the grader run `cleanup` (kill the worker's
/// process group, remove the grading folder) and then exit with 128 + the signal, so an interrupted
/// grader leaves no process and no temporary files behind. (The worker also exits by itself when its
/// grader disappears, which covers SIGKILL.)
final class InterruptCleanup {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var sources: [DispatchSourceSignal] = []
    private var previous: [Int32: sighandler_t?] = [:]
    private let stopping = Atomic<Bool>(false)

    /// True once a signal's cleanup has begun: the worker is being killed by us, and the process is about
    /// to exit with 128 + the signal. The grader must then not report the worker's death as a crash.
    var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Starts watching the signals; `cleanup` runs once, on a background queue, for the first one.
    init(_ cleanup: @escaping () -> Void) {
        for number in Self.signals {
            // Dispatch sees the signal only when its default action (ending the process) is off.
            previous[number] = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.stopping.store(true, ordering: .sequentiallyConsistent)
                cleanup()
                exit(ExitStatus.code(forSignal: number))
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and restores the signals' previous handling.
    func cancel() {
        sources.forEach { $0.cancel() }
        sources = []
        for (number, handler) in previous { signal(number, handler ?? SIG_DFL) }
        previous = [:]
    }

    deinit { cancel() }
}
