#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Operating-system limits the grading worker puts on itself before it runs a submission: backstops
/// behind the grader's wall-clock timeout and the session's own checks, for anything they miss.
enum WorkerGuard {
    /// The most bytes one file write may reach; a model or history export is far smaller.
    static let fileSizeLimit: rlim_t = 256 << 20

    /// Address space beyond the session's memory estimate limit: the runtime, stacks and BLAS buffers
    /// reserve about half a gigabyte of it before anything is allocated.
    static let addressSpaceHeadroom = 2e9

    /// The address space a worker with this memory estimate limit may use.
    static func addressSpace(memoryBytes: Double) -> Double { memoryBytes + addressSpaceHeadroom }

    /// CPU time a little beyond the wall-clock limit (the kernel stops a busy loop even if the grader
    /// died), an address-space cap (so what the session's estimates miss, such as a string doubled in
    /// a loop, fails here rather than taking the machine's memory), a file-size cap, no core files, and
    /// an exit as soon as the grader is gone.
    static func install(cpuSeconds: Double, memoryBytes: Double) {
        let cpu = rlim_t(cpuSeconds.rounded(.up)) + 5
        set(resource(RLIMIT_CPU), soft: cpu, hard: cpu + 5)
        if !runsUnderSanitizer {
            let space = rlim_t(addressSpace(memoryBytes: memoryBytes))
            set(resource(RLIMIT_AS), soft: space, hard: space)
        }
        set(resource(RLIMIT_FSIZE), soft: fileSizeLimit, hard: fileSizeLimit)
        set(resource(RLIMIT_CORE), soft: 0, hard: 0)
        // Past the size limit a write should fail with an error the session reports, not kill the worker.
        signal(SIGXFSZ, SIG_IGN)
        watchParent()
    }

    /// True in a build with AddressSanitizer or ThreadSanitizer (`scripts/sanitize`): they reserve
    /// terabytes of address space for shadow memory at start-up, so an address-space cap would make the
    /// worker's next allocation fail. The session's own memory estimates still apply there.
    static var runsUnderSanitizer: Bool {
        let everything = UnsafeMutableRawPointer(bitPattern: 0)
        return dlsym(everything, "__asan_init") != nil || dlsym(everything, "__tsan_init") != nil
    }

    private static func set(_ which: Int32, soft: rlim_t, hard: rlim_t) {
        var limit = rlimit()
        guard getrlimit(limitResource(which), &limit) == 0 else { return }
        // An unprivileged process may only lower its hard limit.
        let newHard = limit.rlim_max == rlim_t.max ? hard : min(hard, limit.rlim_max)
        limit.rlim_cur = min(soft, newHard)
        limit.rlim_max = newHard
        _ = setrlimit(limitResource(which), &limit)
    }

    /// Polls the parent's pid: when the grader is killed, the worker is re-parented and exits at once,
    /// so no submission keeps running unseen (the worker lives in its own process group, out of reach
    /// of the terminal's Ctrl-C).
    private static func watchParent() {
        let parent = getppid()
        let thread = Thread {
            while true {
                usleep(200_000)
                if getppid() != parent { _exit(ExitStatus.code(forSignal: SIGHUP)) }
            }
        }
        thread.start()
    }

    #if canImport(Glibc)
    private static func resource(_ value: __rlimit_resource) -> Int32 { Int32(value.rawValue) }
    private static func limitResource(_ which: Int32) -> __rlimit_resource_t { __rlimit_resource_t(which) }
    #else
    private static func resource(_ value: Int32) -> Int32 { value }
    private static func limitResource(_ which: Int32) -> Int32 { which }
    #endif
}
