#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GradCore
import Synchronization

/// What the program is doing when a signal arrives; it decides what Ctrl-C and SIGTERM mean.
public enum SignalPhase: Sendable {
    /// Between commands: signals are only counted.
    case idle
    /// Waiting in the line editor: the editor sees the signal and reports `.interrupted`.
    case editing
    /// A command is running: the signal asks it to stop at the end of its current step.
    case running
    /// Waiting for a line of piped input: nothing to interrupt gently, so the program exits.
    case readingPipe
}

/// Routes signals to the code that acts on them; `SignalMonitor` in the program, a fake in tests.
public protocol InterruptSource: AnyObject {
    /// Announces what the program is about to do.
    func enter(_ phase: SignalPhase)
    /// True once SIGTERM has arrived: finish the current command, then exit.
    var terminationRequested: Bool { get }
}

// The raw handler may only do async-signal-safe work, so it bumps counters and writes the signal number
// to two pipes: one read by a watcher thread, which does the real work (asking the interpreter to stop),
// and one that wakes the line editor's poll() even when the signal was delivered to another thread.
// The words are lock-free atomics (safe in a handler), because the handler runs on whichever thread the
// signal lands on while the main and watcher threads read them: plain memory there is a data race.
// The memory is allocated before any handler is installed and never freed. The slots are computed
// properties, not stored constants: a static stored property is initialised lazily behind a once-lock,
// which a signal handler must never take.
private enum Word {
    static var watcherRead: Int { 0 }
    static var watcherWrite: Int { 1 }
    static var wakeRead: Int { 2 }
    static var wakeWrite: Int { 3 }
    static var signalsSeen: Int { 4 }
    static var terminationsSeen: Int { 5 }
    static var lastSignal: Int { 6 }
    static var count: Int { 7 }
}

private let signalWords: UnsafeMutablePointer<Atomic<Int32>> = {
    let words = UnsafeMutablePointer<Atomic<Int32>>.allocate(capacity: Word.count)
    for slot in 0..<Word.count { (words + slot).initialize(to: Atomic(slot < Word.signalsSeen ? -1 : 0)) }
    return words
}()

private func load(_ slot: Int) -> Int32 { signalWords[slot].load(ordering: .sequentiallyConsistent) }

private func store(_ slot: Int, _ value: Int32) { signalWords[slot].store(value, ordering: .sequentiallyConsistent) }

private func handleSignal(_ signal: Int32) {
    let savedErrno = errno
    signalWords[Word.signalsSeen].wrappingAdd(1, ordering: .sequentiallyConsistent)
    if signal == SIGTERM { signalWords[Word.terminationsSeen].wrappingAdd(1, ordering: .sequentiallyConsistent) }
    store(Word.lastSignal, signal)
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(load(Word.watcherWrite), &byte, 1)
    _ = write(load(Word.wakeWrite), &byte, 1)
    errno = savedErrno
}

/// Turns SIGINT (Ctrl-C) and SIGTERM into polite requests: a running command stops at the end of its
/// current step, the line editor abandons the line being typed, and SIGTERM makes the program exit after
/// the current command. One per process, because signal dispositions are process-wide.
public final class SignalMonitor: InterruptSource {
    /// The process's monitor; `install` must be called before it does anything.
    public static let shared = SignalMonitor()

    private let lock = NSLock()
    private var phase = SignalPhase.idle
    private var interrupt: () -> Void = {}
    private var exitOnRepeat = false
    private var signalsThisCommand = 0
    private var installed = false

    private init() {}

    /// Installs the handlers. `interrupt` runs on the watcher thread when a signal arrives during a
    /// command. With `exitOnRepeat` (script mode), a second signal during the same command exits at once,
    /// for commands that never reach the end of a step.
    public func install(exitOnRepeat: Bool, interrupt: @escaping () -> Void) {
        lock.lock()
        self.interrupt = interrupt
        self.exitOnRepeat = exitOnRepeat
        let first = !installed
        installed = true
        lock.unlock()
        guard first else { return }
        guard let watcherPipe = Self.makePipe(), let wakePipe = Self.makePipe() else { return }
        store(Word.watcherRead, watcherPipe.read)
        store(Word.watcherWrite, watcherPipe.write)
        store(Word.wakeRead, wakePipe.read)
        store(Word.wakeWrite, wakePipe.write)
        let watcher = Thread { [self] in watch() }
        watcher.name = "grad-signals"
        watcher.start()
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = handleSignal
            #else
            action.__sigaction_u.__sa_handler = handleSignal
            #endif
            sigemptyset(&action.sa_mask)
            // Restart interrupted system calls inside the interpreter; the line editor waits in poll(),
            // which a signal always interrupts regardless of this flag.
            action.sa_flags = Int32(SA_RESTART)
            sigaction(signal, &action, nil)
        }
    }

    /// A pipe whose ends never block: the handler must not stall on a full pipe (a lost byte only
    /// loses a repeated Ctrl-C, the counters still see it), and the editor drains the wake end freely.
    private static func makePipe() -> (read: Int32, write: Int32)? {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return nil }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        return (descriptors[0], descriptors[1])
    }

    /// SIGINT and SIGTERM deliveries so far; the line editor compares it before and during a read.
    public var signalCount: Int { Int(load(Word.signalsSeen)) }

    /// True once SIGTERM has arrived.
    public var terminationRequested: Bool { load(Word.terminationsSeen) > 0 }

    /// The most recent signal, if any arrived: the exit code after an interrupted script is 128 + it.
    public var lastSignal: Int32? {
        let signal = load(Word.lastSignal)
        return signal > 0 ? signal : nil
    }

    /// A descriptor that becomes readable whenever a signal arrives (-1 before `install`), for the line
    /// editor to poll beside its terminal. Readers drain it; the counters, not the bytes, are the truth.
    public var wakeDescriptor: Int32 { load(Word.wakeRead) }

    /// Announces what the program is about to do; a new command starts with no signals counted.
    public func enter(_ newPhase: SignalPhase) {
        lock.lock()
        phase = newPhase
        if newPhase == .running { signalsThisCommand = 0 }
        lock.unlock()
    }

    private func watch() {
        // Signals must interrupt the main thread's read, not this one's.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        var byte: UInt8 = 0
        while true {
            var ready = pollfd(fd: load(Word.watcherRead), events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, -1) >= 0 || errno == EINTR else { return }
            while read(load(Word.watcherRead), &byte, 1) == 1 { react(to: Int32(byte)) }
        }
    }

    private func react(to signal: Int32) {
        lock.lock()
        let current = phase
        signalsThisCommand += current == .running ? 1 : 0
        let repeated = exitOnRepeat && signalsThisCommand > 1
        let action = interrupt
        lock.unlock()
        switch current {
        case .running where repeated, .readingPipe:
            // A save or report still writing keeps its target's old contents; only its temporary goes.
            AtomicFile.removeTemporaryFiles()
            FileHandle.standardError.write(Data((ExitStatus.stopMessage(forSignal: signal) + "\n").utf8))
            _exit(ExitStatus.code(forSignal: signal))
        case .running:
            action()
        case .idle, .editing:
            break
        }
    }
}
