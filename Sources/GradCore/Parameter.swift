/// One trainable tensor with its gradient, named as in a PyTorch `state_dict` (`"0.weight"`).
///
/// Optimizers, clipping and statistics see the network only through its parameters, never through
/// layer internals, so a new layer type needs no changes there.
public final class Parameter<Scalar: TrainingScalar> {
    /// What role the tensor plays; clipping and statistics report weights and biases separately.
    public enum Role: String, Sendable, Codable {
        case weight, bias
    }

    /// The PyTorch `state_dict` key, e.g. `"0.weight"`, `"1.bias"` (BatchNorm γ is a `weight`).
    public let name: String
    public let role: Role
    /// The 1-based user-facing layer this belongs to (dense layer i and the batch norm after it share i).
    public let layer: Int
    public let value: Matrix<Scalar>
    public let gradient: Matrix<Scalar>

    public init(name: String, role: Role, layer: Int, rows: Int, cols: Int) {
        self.name = name
        self.role = role
        self.layer = layer
        value = Matrix(rows: rows, cols: cols)
        gradient = Matrix(rows: rows, cols: cols)
    }

    public var count: Int { value.count }
}

extension Array {
    /// Where each parameter starts when all of them are packed end to end in one buffer, and the total
    /// length (optimizer state and the weight snapshot are laid out this way).
    func packedOffsets<Scalar>() -> (offsets: [Int], total: Int) where Element == Parameter<Scalar> {
        var offsets: [Int] = []
        var total = 0
        for parameter in self {
            offsets.append(total)
            total += parameter.count
        }
        return (offsets, total)
    }
}
