/// Rows a network that has never been sized gets when it is first evaluated: enough to amortize each
/// product, small enough that the buffers stay a few hundred kilobytes for wide layers.
private let firstEvaluationCapacity = 256

extension Network {
    /// The outputs of user-facing layer `number` (its activation's output; the logits for the output
    /// layer) for every row of `inputs`, row-major with `spec.inputWidth` columns, in evaluation mode.
    ///
    /// For a residual layer this is the block's own output, before the skip adds its input back: the
    /// unit's activation, which is what saturates or dies. Rows run in chunks of the allocated batch
    /// capacity, so calling this between training steps reallocates nothing; batch-norm running statistics
    /// are only read. The activation buffers are scratch afterwards (`probe` refills them for histograms).
    /// A head at every time step gives each row T rows of a layer's outputs, one per step, in step order.
    /// Returns nil when `number` is not a layer or `inputs` does not divide into rows.
    public func outputs(ofLayer number: Int, for inputs: [Double]) -> [Double]? {
        let inputWidth = spec.inputWidth
        guard number >= 1, number <= dense.count, inputs.count % inputWidth == 0 else { return nil }
        let rows = inputs.count / inputWidth
        guard rows > 0 else { return [] }
        if batchCapacity == 0 { allocate(batchCapacity: Swift.min(rows, firstEvaluationCapacity)) }
        let target = observed[number - 1]
        let width = target.outputWidth * spec.headRowsPerExample
        let input = Matrix<Scalar>(rows: batchCapacity, cols: inputWidth)
        var result: [Double] = []
        result.reserveCapacity(rows * width)
        var start = 0
        while start < rows {
            let count = Swift.min(batchCapacity, rows - start)
            for index in 0..<(count * inputWidth) { input.pointer[index] = Scalar(inputs[start * inputWidth + index]) }
            let output = forward(input, batch: count, until: target)
            for index in 0..<(count * width) { result.append(Double(output.pointer[index])) }
            start += count
        }
        // The buffers now hold a mix of grid rows and older rows: nothing for a histogram to read.
        lastForwardRows = 0
        return result
    }

    /// Runs `batch` rows forward in evaluation mode until `target` has produced its output, and returns it
    /// (for a layer of a head at every time step, `batch`·T rows).
    private func forward(_ input: Matrix<Scalar>, batch: Int, until target: any Layer<Scalar>) -> Matrix<Scalar> {
        var h = input
        for layer in layers {
            if let head = layer as? StepwiseHead<Scalar> {
                return forward(head.block, head.rowsPerStep(h, batch: batch), batch: batch * head.steps, until: target).output
            }
            let (output, reached) = forward([layer], h, batch: batch, until: target)
            if reached { return output }
            h = output
        }
        return h
    }

    /// Runs `layers` in order, stepping into a residual block that holds `target`; stops once `target` has run.
    private func forward(_ layers: [any Layer<Scalar>], _ input: Matrix<Scalar>, batch: Int,
                         until target: any Layer<Scalar>) -> (output: Matrix<Scalar>, reached: Bool) {
        var h = input
        for layer in layers {
            if let residual = layer as? Residual<Scalar>, residual.block.contains(where: { $0 === target }) {
                return forward(residual.block, h, batch: batch, until: target)
            }
            h = layer.forward(h, batch: batch, mode: .evaluation)
            if layer === target { return (h, true) }
        }
        return (h, false)
    }
}
