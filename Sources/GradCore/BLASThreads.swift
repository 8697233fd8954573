import CBLAS
import Foundation

/// OpenBLAS's own thread count, lowered to one around work that already keeps both cores busy.
///
/// Backward's two products per layer are independent. At B2's sizes (256×1024×1024) each is big enough
/// for OpenBLAS to split over both cores, but then the two run one after the other, each paying the
/// threads' hand-over and the single-threaded zeroing of its output. Running them side by side, one per
/// core and each single-threaded, keeps both cores in the kernel instead.
enum BLASThreads {
    static let pairsLargeProducts = ProcessInfo.processInfo.environment["GRAD_PAIR_LARGE"] != "0"

    /// Runs `body` with OpenBLAS limited to the calling thread, then restores the previous count.
    static func one(_ body: () -> Void) {
        let previous = openblas_get_num_threads()
        guard previous > 1 else { return body() }
        openblas_set_num_threads(1)
        body()
        openblas_set_num_threads(previous)
    }
}
