#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells the grader that the worker crashed by overflowing a thread's stack, which is a different
/// failure from running out of memory (the grader would otherwise have only the signal to go on).
///
/// A handler for SIGSEGV and SIGBUS, on its own small stack, compares the faulting address with the
/// thread's stack pointer: an overflow faults within a few pages below it. It writes one line to
/// standard error and then hands the crash on to the handler it replaced (Swift's backtracer, which
/// the grader points at a file of its own), so the process still ends by the same signal.
enum StackOverflowReport {
    /// The line the worker writes; the grader looks for it in the worker's output.
    static let marker = "grad: the grading process overflowed its stack"

    /// Installs the handler on the calling (main) thread's alternate signal stack.
    static func install() {
        let size = 64 << 10
        var alternate = stack_t()
        alternate.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        alternate.ss_size = size
        alternate.ss_flags = 0
        // The runtime may already have given this thread a larger one; keep whichever is there.
        var existing = stack_t()
        if sigaltstack(nil, &existing) == 0, existing.ss_flags & Int32(SS_DISABLE) == 0, existing.ss_size >= size {
            alternate.ss_sp.deallocate()
        } else {
            _ = sigaltstack(&alternate, nil)
        }
        for signal in [SIGSEGV, SIGBUS] {
            var action = sigaction()
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            action.__sigaction_handler.sa_sigaction = handleFault
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            previousActions[Int(signal)] = previous
        }
    }
}

/// The actions `install` replaced, by signal number (written once, before any fault can happen).
nonisolated(unsafe) private var previousActions: [sigaction] = Array(repeating: sigaction(), count: 64)

/// Async-signal-safe: reads the registers, calls write(2) and sigaction(2), nothing else.
private func handleFault(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if let info, let context, let stackPointer = stackPointer(context) {
        let address = UInt(bitPattern: info.pointee._sifields._sigfault.si_addr)
        // An overflow touches the guard page just below the stack pointer (a large frame may reach
        // further, hence the margin); any other bad pointer is far from it.
        let below = Int(bitPattern: stackPointer &- address)
        if below > -4096, below < 1 << 20 {
            let line = StackOverflowReport.marker + "\n"
            line.utf8CString.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
        }
    }
    // Returning re-runs the faulting instruction, which now reaches the previous handler.
    var previous = previousActions[Int(signal)]
    sigaction(signal, &previous, nil)
}

/// The interrupted thread's stack pointer from the signal context.
private func stackPointer(_ context: UnsafeMutableRawPointer) -> UInt? {
    let state = context.assumingMemoryBound(to: ucontext_t.self)
    #if os(Linux) && arch(x86_64)
    // REG_RSP is 15 in <sys/ucontext.h>; Swift does not import the enum.
    return withUnsafeBytes(of: &state.pointee.uc_mcontext.gregs) { UInt(bitPattern: Int($0.load(fromByteOffset: 15 * 8, as: Int64.self))) }
    #elseif os(Linux) && arch(arm64)
    return UInt(state.pointee.uc_mcontext.sp)
    #else
    return nil
    #endif
}
