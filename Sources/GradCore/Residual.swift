/// A skip connection around a block whose input and output widths match: `out = x + block(x)`.
public final class Residual<Scalar: TrainingScalar>: Layer {
    public let block: [any Layer<Scalar>]
    public let inputWidth: Int
    public var outputWidth: Int { inputWidth }
    private var output: Matrix<Scalar>?
    private var inputGradient: Matrix<Scalar>?
    /// The block as row-band layers, when all of it treats rows independently.
    private let bandBlock: [any RowBandLayer<Scalar>]?

    /// `block` must map width W to width W; checked here because a mismatch is a construction bug.
    public init(block: [any Layer<Scalar>]) {
        precondition(!block.isEmpty, "a residual block needs at least one layer")
        inputWidth = block[0].inputWidth
        precondition(block[block.count - 1].outputWidth == inputWidth, "residual block must keep its width")
        self.block = block
        let banded = block.compactMap { $0 as? any RowBandLayer<Scalar> }
        bandBlock = banded.count == block.count && banded.allSatisfy(\.isRowIndependent) ? banded : nil
    }

    public var parameters: [Parameter<Scalar>] { block.flatMap { $0.parameters } }
    public var activation: Activation { block[block.count - 1].activation }
    public var activationOutput: Matrix<Scalar>? { block[block.count - 1].activationOutput }

    public func allocate(batchCapacity: Int) {
        for layer in block { layer.allocate(batchCapacity: batchCapacity) }
        output = resized(output, rows: batchCapacity, cols: inputWidth)
        inputGradient = resized(inputGradient, rows: batchCapacity, cols: inputWidth)
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Matrix<Scalar>, batch: Int, mode: ForwardMode) -> Matrix<Scalar> {
        guard let out = output else { preconditionFailure("Residual.forward before allocate") }
        var h = x
        for layer in block { h = layer.forward(h, batch: batch, mode: mode) }
        let count = batch * inputWidth
        for i in 0..<count { out.pointer[i] = x.pointer[i] + h.pointer[i] }
        return out
    }

    @_specialize(where Scalar == Float)
    public func backward(_ dOut: Matrix<Scalar>, batch: Int, needsInputGradient: Bool) -> Matrix<Scalar>? {
        guard let dInput = inputGradient else { preconditionFailure("Residual.backward before forward") }
        // forward was: out = x + block(x)  → dx = dOut + block′ᵀ·dOut
        var g = dOut
        for layer in block.reversed() {
            guard let next = layer.backward(g, batch: batch, needsInputGradient: true) else { return nil }
            g = next
        }
        guard needsInputGradient else { return nil }
        let count = batch * inputWidth
        for i in 0..<count { dInput.pointer[i] = dOut.pointer[i] + g.pointer[i] }
        return dInput
    }
}

extension Residual: RowBandLayer {
    var isRowIndependent: Bool { bandBlock != nil }
    var bandCost: Int { bandBlock?.reduce(0) { $0 + $1.bandCost } ?? 0 }
    var bandOutput: Matrix<Scalar>? { output }
    var bandInputGradient: Matrix<Scalar>? { inputGradient }

    @_specialize(where Scalar == Float)
    func forward(_ x: Matrix<Scalar>, rows: Range<Int>) -> Matrix<Scalar> {
        guard let out = output, let bandBlock else { preconditionFailure("Residual.forward(rows:) before allocate") }
        var h = x
        for layer in bandBlock { h = layer.forward(h, rows: rows) }
        for i in rows.lowerBound * inputWidth..<rows.upperBound * inputWidth { out.pointer[i] = x.pointer[i] + h.pointer[i] }
        return out
    }

    @_specialize(where Scalar == Float)
    func backward(_ dOut: Matrix<Scalar>, rows: Range<Int>, needsInputGradient: Bool) -> Matrix<Scalar>? {
        guard let dInput = inputGradient, let bandBlock else { preconditionFailure("Residual.backward(rows:) before forward") }
        var g = dOut
        for layer in bandBlock.reversed() {
            guard let next = layer.backward(g, rows: rows, needsInputGradient: true) else { return nil }
            g = next
        }
        guard needsInputGradient else { return nil }
        for i in rows.lowerBound * inputWidth..<rows.upperBound * inputWidth { dInput.pointer[i] = dOut.pointer[i] + g.pointer[i] }
        return dInput
    }

    func parameterGradients(batch: Int) {
        for layer in bandBlock ?? [] { layer.parameterGradients(batch: batch) }
    }
}
