/// A copy of every parameter value, taken before an update that could overflow the weights.
///
/// When a step turns the weights non-finite, training restores the last finite values from it. One
/// contiguous buffer, allocated once per network.
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
}
