#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import GradSyntax
#endif

/// Stops a script's recursion before it overflows the stack of the thread running it.
///
/// The call-depth cap (`Environment.maximumCallDepth`) alone is not enough: how much stack one call
/// takes depends on the build (a debug or sanitizer build has frames many times larger), on how deeply
/// each call nests blocks and expressions, and on the thread (a sweep cell runs on a worker thread).
/// So each call also checks that a reserve of the thread's stack is still free below it. (Under
/// AddressSanitizer with `detect_stack_use_after_return`, locals live on a separate fake stack and
/// cannot be measured; `scripts/sanitize` turns that option off.)
struct StackGuard {
    private var thread: pthread_t?
    /// This thread's stack, lowest address first; nil when unknown (no check is made then).
    private var stack: ClosedRange<UInt>?
    /// Calls may go no deeper than this address (stacks grow down).
    private var floor: UInt = 0

    /// True when the current frame is within the reserve at the end of this thread's stack.
    mutating func isNearlyExhausted() -> Bool {
        let current = pthread_self()
        if thread.map({ pthread_equal($0, current) == 0 }) ?? true {
            thread = current
            (stack, floor) = Self.bounds()
        }
        let here = Self.currentAddress()
        // A sanitizer may keep locals on a heap-allocated fake stack; then nothing can be measured.
        guard stack?.contains(here) == true else { return false }
        return here < floor
    }

    /// The current thread's stack and the floor above its low end: half the stack, at most 1 MB. One
    /// call with the deepest nesting the parser allows takes a few kB optimized and ~40 kB in a debug
    /// AddressSanitizer build, so the reserve leaves room for it and for the command the call runs.
    private static func bounds() -> (ClosedRange<UInt>?, UInt) {
        #if os(Linux)
        // pthread_getattr_np is a GNU extension the Glibc module does not export; glibc has it.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return (nil, 0) }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return (nil, 0) }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base, size > 0 else { return (nil, 0) }
        let low = UInt(bitPattern: base)
        #else
        let size = pthread_get_stacksize_np(pthread_self())
        let low = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self())) - UInt(size)
        #endif
        let reserve = UInt(min(1 << 20, size / 2))
        return (low...(low + UInt(size)), low + reserve)
    }

    /// An address in the caller's frame.
    @inline(never)
    private static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
