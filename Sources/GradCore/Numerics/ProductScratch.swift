#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The packing buffers of one thread (a pair of B panels, a block of B panels, a tile of A and an edge tile), made
/// on its first product and kept until the thread ends.
///
/// Products run on the calling thread, on the helper core, and on several threads at once during a sweep,
/// so each thread needs its own buffers; keeping them per thread means a training step allocates nothing.
final class ProductScratch {
    let packedB: UnsafeMutablePointer<Float>
    let packedBBlock: UnsafeMutablePointer<Float>
    let packedA: UnsafeMutablePointer<Float>
    let edgeTile: UnsafeMutablePointer<Float>

    private init() {
        let kernel = FloatProductKernel.self
        packedB = .allocate(capacity: 2 * kernel.columnsPerTile * kernel.kBlock)  // a pair of panels
        packedBBlock = .allocate(capacity: kernel.blockColumns * kernel.kBlock)
        packedA = .allocate(capacity: kernel.rowsPerTile * kernel.kBlock)
        edgeTile = .allocate(capacity: kernel.rowsPerTile * kernel.columnsPerTile)
    }

    deinit {
        packedB.deallocate()
        packedBBlock.deallocate()
        packedA.deallocate()
        edgeTile.deallocate()
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<ProductScratch>.fromOpaque(pointer).release()
        }
        return key
    }()

    /// This thread's buffers.
    static func forCurrentThread() -> ProductScratch {
        if let existing = pthread_getspecific(key) {
            return Unmanaged<ProductScratch>.fromOpaque(existing).takeUnretainedValue()
        }
        let scratch = ProductScratch()
        pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        return scratch
    }
}
