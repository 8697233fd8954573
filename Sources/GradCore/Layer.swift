/// Whether a forward pass is for training (batch statistics, running-stat updates) or evaluation.
public enum ForwardMode: Sendable {
    case training, evaluation
}

/// One stage of a network: forward, backward, and the parameters whose gradients backward fills.
///
/// Shapes are batch-first: an input is `batch × inputWidth`. Buffers are allocated by `allocate(batchCapacity:)`
/// once per batch size and reused, and `batch` may be smaller than the capacity for a last partial batch.
/// Gradients are overwritten, not accumulated: every backward is a fresh `zero_grad()` + `backward()`.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: TrainingScalar
    var inputWidth: Int { get }
    var outputWidth: Int { get }
    var parameters: [Parameter<Scalar>] { get }
    /// The output of this layer's nonlinearity after the latest forward, if it applies one (for statistics).
    var activationOutput: Matrix<Scalar>? { get }
    /// The nonlinearity this layer applies last.
    var activation: Activation { get }

    /// Sizes every buffer for batches of up to `batchCapacity` rows; a no-op when already that size.
    func allocate(batchCapacity: Int)
    /// Computes the output for the first `batch` rows of `input`; the returned matrix is owned by the layer.
    func forward(_ input: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar>
    /// Given dLoss/dOutput, fills parameter gradients and returns dLoss/dInput (owned by the layer),
    /// or nil when `needsInputGradient` is false (the first layer skips that product).
    func backward(_ outputGradient: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>?
}

extension Layer {
    /// A buffer of `rows × cols`, reallocated only when the shape changes.
    func resized(_ matrix: Matrix<Scalar>?, rows: Int, cols: Int) -> Matrix<Scalar> {
        if let matrix, matrix.rows == rows, matrix.cols == cols { return matrix }
        return Matrix(rows: rows, cols: cols)
    }
}
