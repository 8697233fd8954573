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
        var offsets: [Int] = []
        var total = 0
        for parameter in parameters {
            offsets.append(total)
            total += parameter.count
        }
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

    /// ‖current − captured‖₂ of parameter `index`.
    func distance(parameter index: Int) -> Double {
        let parameter = parameters[index]
        let old = storage + offsets[index]
        let new = parameter.value.pointer
        var total = 0.0
        for i in 0..<parameter.count {
            let d = Double(new[i] - old[i])
            total += d * d
        }
        return total.squareRoot()
    }
}
