import Foundation
import Synchronization

/// One matrix product described by value, so it can be handed to another thread without a closure
/// (a capturing closure would allocate on every step).
struct GemmCall<Scalar: TrainingScalar> {
    var transposeA: Bool, transposeB: Bool
    var m: Int, n: Int, k: Int
    var a: UnsafePointer<Scalar>, lda: Int
    var b: UnsafePointer<Scalar>, ldb: Int
    var c: UnsafeMutablePointer<Scalar>, ldc: Int

    func run() {
        Scalar.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
            b: b, ldb: ldb, beta: 0, c: c, ldc: ldc)
    }
}

/// Runs two independent matrix products at once, one on the calling thread and one on a helper thread.
///
/// Backward needs two products per dense layer — dW = dPreᵀ·x and dx = dPre·W — that do not depend on each
/// other. At the small shapes of gradient experiments (64×64×64) OpenBLAS's own threading costs more than it
/// gains, but giving each product its own core nearly halves the time. The helper spins briefly after each
/// job (jobs arrive microseconds apart during training) and then sleeps on a condition variable, so an idle
/// REPL costs no CPU.
final class PairedWork: @unchecked Sendable {
    static let shared = PairedWork()

    private enum State: Int { case idle = 0, posted = 1, running = 2, done = 3 }
    private let state = Atomic<Int>(State.idle.rawValue)
    private let helperSleeping = Atomic<Bool>(false)
    /// Held by the thread whose pair is posted: the helper has one job slot, so when several threads
    /// train at once (a sweep) the others run their two products in sequence instead of sharing it.
    private let claimed = Atomic<Bool>(false)
    private let condition = NSCondition()
    private var floatJob: GemmCall<Float>?
    private var doubleJob: GemmCall<Double>?
    /// Whether a second core exists; with one core the pair simply runs in sequence.
    let isParallel: Bool

    private init() {
        // GRAD_PAIRED_GEMM=0 turns pairing off, for benchmarking one core against two.
        let disabled = ProcessInfo.processInfo.environment["GRAD_PAIRED_GEMM"] == "0"
        isParallel = ProcessInfo.processInfo.activeProcessorCount > 1 && !disabled
        guard isParallel else { return }
        let thread = Thread { [unowned self] in self.helperLoop() }
        thread.name = "grad-gemm-helper"
        thread.start()
    }

    /// Runs `mine` here and `theirs` on the helper, returning when both are done.
    func run<Scalar: TrainingScalar>(_ mine: GemmCall<Scalar>, alongside theirs: GemmCall<Scalar>) {
        guard isParallel,
              claimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            mine.run()
            theirs.run()
            return
        }
        defer { claimed.store(false, ordering: .releasing) }
        if let job = theirs as? GemmCall<Float> { floatJob = job } else if let job = theirs as? GemmCall<Double> { doubleJob = job }
        state.store(State.posted.rawValue, ordering: .sequentiallyConsistent)
        if helperSleeping.load(ordering: .sequentiallyConsistent) {
            condition.lock()
            condition.signal()
            condition.unlock()
        }
        mine.run()
        // If the helper has not picked the job up yet (its core is busy with another process), take it back
        // and run it here: pairing is then never slower than running the two products in sequence.
        let reclaimed = state.compareExchange(
            expected: State.posted.rawValue, desired: State.idle.rawValue, ordering: .acquiringAndReleasing
        ).exchanged
        if reclaimed {
            floatJob = nil
            doubleJob = nil
            theirs.run()
            return
        }
        while state.load(ordering: .acquiring) != State.done.rawValue {}
        state.store(State.idle.rawValue, ordering: .releasing)
    }

    private func helperLoop() {
        while true {
            var spins = 0
            var idleSince: UInt64 = 0
            while state.load(ordering: .acquiring) != State.posted.rawValue {
                spins += 1
                // Keep spinning for about a millisecond: jobs arrive microseconds apart within a step and a
                // few hundred microseconds apart between steps, and waking a sleeping thread costs ~50 µs.
                guard spins & 1023 == 0 else { continue }
                let now = DispatchTime.now().uptimeNanoseconds
                if idleSince == 0 { idleSince = now }
                guard now - idleSince > 1_000_000 else { continue }
                condition.lock()
                helperSleeping.store(true, ordering: .sequentiallyConsistent)
                while state.load(ordering: .sequentiallyConsistent) != State.posted.rawValue { condition.wait() }
                helperSleeping.store(false, ordering: .sequentiallyConsistent)
                condition.unlock()
            }
            // Claim the job; the poster may have taken it back in the meantime.
            guard state.compareExchange(
                expected: State.posted.rawValue, desired: State.running.rawValue, ordering: .acquiringAndReleasing
            ).exchanged else { continue }
            if let job = floatJob { job.run(); floatJob = nil }
            if let job = doubleJob { job.run(); doubleJob = nil }
            state.store(State.done.rawValue, ordering: .releasing)
        }
    }
}
