/// The dense head of a recurrent network run at every time step: each h_t is a row of its own, so one set of
/// head weights serves all steps and step t's output reads only h_t — what `nn.Linear` does to an RNN's
/// `(batch, T, hidden)` output in PyTorch.
///
/// A batch-first `B × (T·H)` matrix of states holds exactly the bytes of the `(B·T) × H` matrix the head
/// reads, and the head's `(B·T) × C` output those of the network's `B × (T·C)` output, so the reshapes are
/// copies of whole buffers; the head's layers run on `B·T` rows.
public final class StepwiseHead<Scalar: TrainingScalar>: Layer {
    public let block: [any Layer<Scalar>]
    public let steps: Int
    public var inputWidth: Int { steps * block[0].inputWidth }
    public var outputWidth: Int { steps * block[block.count - 1].outputWidth }
    private var stepRows: Matrix<Scalar>?
    private var output: Matrix<Scalar>?
    private var outputGradient: Matrix<Scalar>?
    private var inputGradient: Matrix<Scalar>?

    /// - Precondition: `block` is not empty and `steps` is at least 1.
    public init(block: [any Layer<Scalar>], steps: Int) {
        precondition(!block.isEmpty && steps >= 1, "a stepwise head needs layers and at least one step")
        self.block = block
        self.steps = steps
    }

    public var parameters: [Parameter<Scalar>] { block.flatMap { $0.parameters } }
    public var activation: Activation { block[block.count - 1].activation }
    public var activationOutput: Matrix<Scalar>? { block[block.count - 1].activationOutput }

    public func allocate(batchCapacity: Int) {
        for layer in block { layer.allocate(batchCapacity: batchCapacity * steps) }
        stepRows = resized(stepRows, rows: batchCapacity * steps, cols: block[0].inputWidth)
        output = resized(output, rows: batchCapacity, cols: outputWidth)
        outputGradient = resized(outputGradient, rows: batchCapacity * steps, cols: block[block.count - 1].outputWidth)
        inputGradient = resized(inputGradient, rows: batchCapacity, cols: inputWidth)
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        guard let output else { preconditionFailure("StepwiseHead.forward before allocate") }
        var h = rowsPerStep(x, batch: batch)
        for layer in block { h = layer.forward(h, batch: batch * steps, mode: mode) }
        output.pointer.update(from: h.pointer, count: batch * outputWidth)
        return output
    }

    /// The first `batch` rows of states as `batch`·T rows of one step each, in the head's own buffer.
    func rowsPerStep(_ x: Matrix<Scalar>, batch: Int) -> Matrix<Scalar> {
        guard let stepRows else { preconditionFailure("StepwiseHead used before allocate") }
        stepRows.pointer.update(from: x.pointer, count: batch * inputWidth)
        return stepRows
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        guard let outputGradient, let inputGradient else { preconditionFailure("StepwiseHead.backward before allocate") }
        outputGradient.pointer.update(from: dOut.pointer, count: batch * outputWidth)
        var g = outputGradient
        // An index loop: enumerated().reversed() would allocate an array every step.
        for index in stride(from: block.count - 1, through: 0, by: -1) {
            let needed = needsInputGradient || index > 0
            guard let next = block[index].backward(g, batch: batch * steps, needsInputGradient: needed) else { return nil }
            g = next
        }
        inputGradient.pointer.update(from: g.pointer, count: batch * inputWidth)
        return inputGradient
    }
}
