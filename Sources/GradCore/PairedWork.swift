import Foundation
import Synchronization

/// Work that can be lent to the helper core by address: a value whose `run()` needs nothing but what the
/// value holds. (A closure would do, but lending a closure to another thread copies its captures to the
/// heap, and a training step must not allocate.)
protocol PairedJob {
    func run()
    /// Runs the job stored at `address`; the helper calls this through the job's metatype.
    static func run(at address: UnsafeRawPointer)
}

extension PairedJob {
    static func run(at address: UnsafeRawPointer) { address.assumingMemoryBound(to: Self.self).pointee.run() }
}

/// One matrix product described by value: backward describes both of a layer's products first, then
/// decides whether they run one after the other or on two cores.
struct ProductCall<Scalar: TrainingScalar>: PairedJob {
    var transposeA: Bool, transposeB: Bool
    var m: Int, n: Int, k: Int
    var a: UnsafePointer<Scalar>, lda: Int
    var b: UnsafePointer<Scalar>, ldb: Int
    var c: UnsafeMutablePointer<Scalar>, ldc: Int

    func run() {
        Scalar.product(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
            b: b, ldb: ldb, start: .zero, c: c, ldc: ldc)
    }
}

/// Runs two independent pieces of work at once, one on the calling thread and one on a helper thread.
///
/// Backward needs two products per dense layer — dW = dPreᵀ·x and dx = dPre·W — that do not depend on each
/// other. At the small shapes of gradient experiments (64×64×64) splitting one product costs more than it
/// gains, but giving each product its own core nearly halves the time. The same helper takes half of a large
/// product's output tiles, half of a large optimizer update, and the activation statistics while the main
/// thread summarizes the gradients: this is grad's one scheme for the cores (no BLAS threads compete with
/// it). What runs where never changes a result: work is only ever split into independent outputs. The
/// helper spins briefly after each job (jobs arrive microseconds apart during training) and then sleeps on a
/// condition variable, so an idle REPL costs no CPU.
///
/// A job is lent by address (`PairedJob`): it stays on the caller's stack, so handing work over allocates
/// nothing.
final class PairedWork: @unchecked Sendable {
    static let shared = PairedWork()

    private enum State: Int { case idle = 0, posted = 1, running = 2, done = 3 }
    private let state = Atomic<Int>(State.idle.rawValue)
    private let helperSleeping = Atomic<Bool>(false)
    /// Held by the thread whose job is posted: the helper has one job slot, so when several threads
    /// train at once (a sweep) the others run their two pieces in sequence instead of sharing it.
    private let claimed = Atomic<Bool>(false)
    private let condition = NSCondition()
    /// The posted job's type and address on the poster's stack; written before `posted`, cleared after `done`.
    private var jobType: (any PairedJob.Type)?
    private var jobAddress: UnsafeRawPointer?
    /// Whether a second core exists; with one core the pair simply runs in sequence.
    let isParallel: Bool

    private init() {
        // GRAD_THREADS=1 keeps all work on the calling thread (to benchmark one core, or to show that the
        // digits do not depend on the number of cores).
        let disabled = ProcessInfo.processInfo.environment["GRAD_THREADS"] == "1"
        isParallel = ProcessInfo.processInfo.activeProcessorCount > 1 && !disabled
        guard isParallel else { return }
        let thread = Thread { [unowned self] in self.helperLoop() }
        thread.name = "grad-pair-helper"
        thread.start()
    }

    /// Runs `mine` here and `theirs` on the helper, returning when both are done. The two must not touch
    /// the same memory (a write in one and any access in the other).
    func run<Mine: PairedJob, Theirs: PairedJob>(_ mine: Mine, alongside theirs: Theirs) {
        guard isParallel,
              claimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            mine.run()
            theirs.run()
            return
        }
        defer { claimed.store(false, ordering: .releasing) }
        withUnsafePointer(to: theirs) { address in
            jobType = Theirs.self
            jobAddress = UnsafeRawPointer(address)
            state.store(State.posted.rawValue, ordering: .sequentiallyConsistent)
            if helperSleeping.load(ordering: .sequentiallyConsistent) {
                condition.lock()
                condition.signal()
                condition.unlock()
            }
            mine.run()
            // If the helper has not picked the job up yet (its core is busy with another process), take it
            // back and run it here: pairing is then never slower than running the two in sequence.
            let reclaimed = state.compareExchange(
                expected: State.posted.rawValue, desired: State.idle.rawValue, ordering: .acquiringAndReleasing
            ).exchanged
            if !reclaimed {
                while state.load(ordering: .acquiring) != State.done.rawValue {}
            }
            jobType = nil
            jobAddress = nil
            if reclaimed { theirs.run() } else { state.store(State.idle.rawValue, ordering: .releasing) }
        }
    }

    /// Runs `body` on this thread with every pairing inside it run in sequence here: for work whose pieces
    /// are too small to pay for what crossing to the other core costs (the hand-over, and the other core's
    /// results moving into this core's cache).
    func alone(_ body: () -> Void) {
        guard isParallel, claimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            body()
            return
        }
        defer { claimed.store(false, ordering: .releasing) }
        body()
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
            runPostedJob()
            state.store(State.done.rawValue, ordering: .releasing)
        }
    }

    private func runPostedJob() {
        guard let jobType, let jobAddress else { return }
        jobType.run(at: jobAddress)
    }
}
