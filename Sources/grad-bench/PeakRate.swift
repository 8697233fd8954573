import CPeakRate
import Foundation

/// The cores' FP32 peak, measured rather than computed from a listed clock: every core runs chains of
/// vector fused multiply-adds that never wait on memory (`CPeakRate`), the loop a matrix kernel's inner
/// product approaches at best.
enum PeakRate {
    static let iterations = 20_000_000

    /// GFLOP/s of `threads` threads at once (best of three runs), per thread, and the instructions
    /// measured; nil where the CPU has no vector fused multiply-add.
    static func measure(threads: Int) -> (total: Double, perCore: Double, instructionMix: String)? {
        let lanes = Int(grad_peak_lanes())
        guard lanes > 0 else { return nil }
        var best = 0.0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { _ in sink(grad_peak_chains(iterations)) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let flops = Double(threads * Int(GRAD_PEAK_CHAINS) * iterations * lanes * 2)
            best = max(best, flops / seconds / 1e9)
        }
        let mix = "\(GRAD_PEAK_CHAINS) independent chains of \(lanes)-lane FP32 fused multiply-adds per core"
        return (best, best / Double(max(threads, 1)), mix)
    }

    @inline(never)
    private static func sink(_ value: Float) {
        if value.isNaN { print("") }
    }
}
