/// A copy of every parameter value, taken before each update.
///
/// It serves two purposes: when a step turns the weights non-finite, training restores the last finite
/// values from it; and ‖ΔW‖ for the update-to-weight ratio is the distance to it. One contiguous buffer,
/// allocated once per network.
final class ParameterSnapshot<Scalar: TrainingScalar> {
    private let parameters: [Parameter<Scalar>]
    private let storage: UnsafeMutablePointer<Scalar>
    private let offsets: [Int]

    init(parameters: [Parameter<Scalar>]) {
        self.parameters = parameters
        let (offsets, total) = parameters.packedOffsets()
        self.offsets = offsets
        storage = .allocate(capacity: max(total, 1))
        storage.initialize(repeating: 0, count: max(total, 1))
    }

    deinit { storage.deallocate() }

    /// Copies the current values in.
    func capture() {
        for (index, parameter) in parameters.enumerated() {
            (storage + offsets[index]).update(from: parameter.value.pointer, count: parameter.count)
        }
    }

    /// Puts the captured values back.
    func restore() {
        for (index, parameter) in parameters.enumerated() {
            parameter.value.pointer.update(from: storage + offsets[index], count: parameter.count)
        }
    }

    /// ‖current‖₂ and ‖current − captured‖₂ of parameter `index`, in one pass.
    func norms(parameter index: Int) -> (value: Double, change: Double) {
        let parameter = parameters[index]
        let old = UnsafePointer(storage + offsets[index])
        let new = UnsafePointer(parameter.value.pointer)
        if Scalar.self == Float.self {
            return new.withMemoryRebound(to: Float.self, capacity: parameter.count) { newFloats in
                old.withMemoryRebound(to: Float.self, capacity: parameter.count) { oldFloats in
                    Self.floatNorms(newFloats, oldFloats, count: parameter.count)
                }
            }
        }
        var squares = 0.0, changes = 0.0
        for i in 0..<parameter.count {
            let value = Double(new[i]), d = Double(new[i] - old[i])
            squares += value * value
            changes += d * d
        }
        return (squares.squareRoot(), changes.squareRoot())
    }

    /// Eight-lane version of `norms` for Float (the statistics run every step in B4).
    private static func floatNorms(_ new: UnsafePointer<Float>, _ old: UnsafePointer<Float>, count: Int) -> (value: Double, change: Double) {
        var squares = SIMD8<Float>(repeating: 0), changes = SIMD8<Float>(repeating: 0)
        let vectors = count / 8
        let rawNew = UnsafeRawPointer(new), rawOld = UnsafeRawPointer(old)
        for v in 0..<vectors {
            let x = rawNew.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
            let d = x - rawOld.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
            squares += x * x
            changes += d * d
        }
        var totalSquares = 0.0, totalChanges = 0.0
        for lane in 0..<8 {
            totalSquares += Double(squares[lane])
            totalChanges += Double(changes[lane])
        }
        for i in (vectors * 8)..<count {
            let value = Double(new[i]), d = Double(new[i] - old[i])
            totalSquares += value * value
            totalChanges += d * d
        }
        return (totalSquares.squareRoot(), totalChanges.squareRoot())
    }
}
