import XCTest
@testable import GradCore

/// Back-propagation through time of every cell against finite differences in Double.
final class RecurrentGradientTests: XCTestCase {
    static let tolerance = 1e-6
    static let cells: [RecurrentCell] = [.rnn(.tanh), .rnn(.relu), .lstm, .gru]

    func testEveryCellLastStepThroughSixSteps() {
        for cell in Self.cells {
            let error = RecurrentStack(cell: cell, steps: 6).worstGradientError()
            XCTAssertLessThan(error, Self.tolerance, "\(cell)")
        }
    }

    func testEveryCellEveryStepOutput() {
        for cell in Self.cells {
            let error = RecurrentStack(cell: cell, steps: 5, everyStep: true).worstGradientError()
            XCTAssertLessThan(error, Self.tolerance, "\(cell)")
        }
    }

    func testTwoStackedLayers() {
        for cell in Self.cells {
            for everyStep in [false, true] {
                let stack = RecurrentStack(cell: cell, steps: 5, hidden: [4, 3], everyStep: everyStep)
                XCTAssertEqual(stack.recurrent.map(\.weightIH.name), ["weight_ih_l0", "weight_ih_l1"])
                XCTAssertLessThan(stack.worstGradientError(), Self.tolerance, "\(cell) every step \(everyStep)")
            }
        }
    }

    /// A given h_0 (and c_0) takes part in the products: the gradients still match.
    func testInitialState() {
        for cell in Self.cells {
            let stack = RecurrentStack(cell: cell, steps: 5)
            let layer = stack.recurrent[0]
            var rng = SeededGenerator(seed: 4)
            layer.initialState = Matrix(rows: 3, cols: 3, values: (0..<9).map { _ in rng.nextNormal(std: 0.5) })
            if cell == .lstm { layer.initialCell = Matrix(rows: 3, cols: 3, values: (0..<9).map { _ in rng.nextNormal() }) }
            XCTAssertLessThan(stack.worstGradientError(), Self.tolerance, "\(cell)")
        }
    }

    /// Truncation k ≥ T changes nothing; a shorter one changes W_hh's gradient (so the cut is real).
    func testTruncationAtLeastTheLengthIsFullBPTT() {
        for cell in Self.cells {
            let full = RecurrentStack(cell: cell, steps: 6, everyStep: true)
            let long = RecurrentStack(cell: cell, steps: 6, everyStep: true, truncation: 6)
            let short = RecurrentStack(cell: cell, steps: 6, everyStep: true, truncation: 2)
            for stack in [full, long, short] { _ = stack.loss(computeGradients: true) }
            let reference = full.recurrent[0].weightHH.gradient.values
            XCTAssertEqual(long.recurrent[0].weightHH.gradient.values, reference, "\(cell)")
            XCTAssertNotEqual(short.recurrent[0].weightHH.gradient.values, reference, "\(cell)")
        }
    }

    /// Truncated BPTT with k = 2 over T = 6 equals the sum over the three chunks of the finite-difference
    /// gradient of the loss when only that chunk's steps see the perturbed weights and its first state is
    /// the (frozen) state the full forward carried into it: exactly what detaching between chunks means.
    func testTruncatedBPTTEqualsDetachedChunks() {
        for cell in Self.cells {
            for everyStep in [true, false] {
                let error = truncatedError(cell: cell, everyStep: everyStep, steps: 6, chunk: 2)
                XCTAssertLessThan(error, Self.tolerance, "\(cell) every step \(everyStep)")
            }
        }
        XCTAssertLessThan(truncatedError(cell: .lstm, everyStep: true, steps: 7, chunk: 3), Self.tolerance)
    }

    private func truncatedError(cell: RecurrentCell, everyStep: Bool, steps: Int, chunk: Int) -> Double {
        let stack = RecurrentStack(cell: cell, steps: steps, everyStep: everyStep, truncation: chunk)
        _ = stack.loss(computeGradients: true)
        let layer = stack.recurrent[0]
        let analytic = layer.parameters.map(\.gradient.values)
        let chunks = ChunkedReference(stack: stack, chunk: chunk)
        var worst = 0.0
        for (p, parameter) in layer.parameters.enumerated() {
            for i in 0..<parameter.count {
                let numeric = chunks.starts.indices.reduce(0.0) { sum, c in
                    sum + numericDerivative(chunks.layers[c].parameters[p], i) { chunks.loss(perturbing: c) }
                }
                let a = analytic[p][i]
                worst = max(worst, abs(a - numeric) / max(abs(a), abs(numeric), 1e-5))
            }
        }
        return worst
    }
}

/// One copy of the stack's first layer per chunk of the sequence, each started from the state the full
/// forward carried into its chunk, for checking truncated BPTT.
private struct ChunkedReference {
    let stack: RecurrentStack
    let starts: [Int]
    let layers: [Recurrent<Double>]
    let frozenStates: Matrix<Double>
    let chunkInputs: [Matrix<Double>]

    init(stack: RecurrentStack, chunk: Int) {
        self.stack = stack
        let full = stack.recurrent[0]
        _ = stack.forward()
        let t = full.steps, h = full.hiddenSize, i = full.inputSize, batch = stack.batch
        frozenStates = full.buffers.states!.clone()
        starts = Array(stride(from: 0, to: t, by: chunk))
        var layers: [Recurrent<Double>] = []
        var inputs: [Matrix<Double>] = []
        for start in starts {
            let length = min(chunk, t - start)
            let layer = Recurrent<Double>(
                cell: full.cell, steps: length, inputSize: i, hiddenSize: h, returnsEveryStep: true, layer: 1)
            for (mine, theirs) in zip(layer.parameters, full.parameters) { mine.value.copy(from: theirs.value) }
            if start > 0 {
                layer.initialState = Self.slice(full.buffers.states!, step: start - 1, width: h, steps: t, rows: batch)
                if full.cell == .lstm {
                    layer.initialCell = Self.slice(full.buffers.cells!, step: start - 1, width: h, steps: t, rows: batch)
                }
            }
            layer.allocate(batchCapacity: batch)
            let input = Matrix<Double>(rows: batch, cols: length * i)
            for row in 0..<batch {
                for s in 0..<(length * i) { input[row, s] = stack.input[row, start * i + s] }
            }
            layers.append(layer)
            inputs.append(input)
        }
        self.layers = layers
        chunkInputs = inputs
    }

    static func slice(_ m: Matrix<Double>, step: Int, width: Int, steps: Int, rows: Int) -> Matrix<Double> {
        Matrix(rows: rows, cols: width, values: (0..<rows).flatMap { r in (0..<width).map { m[r, step * width + $0] } })
    }

    /// The stack's loss with chunk c's states recomputed by its own layer, every other state frozen.
    func loss(perturbing c: Int) -> Double {
        let full = stack.recurrent[0]
        let t = full.steps, h = full.hiddenSize, batch = stack.batch
        let states = frozenStates.clone()
        let chunkStates = layers[c].forward(chunkInputs[c], batch: batch, mode: .training)
        for row in 0..<batch {
            for s in 0..<(layers[c].steps * h) { states[row, starts[c] * h + s] = chunkStates[row, s] }
        }
        var h2: Matrix<Double> = states
        if !full.returnsEveryStep {
            h2 = ChunkedReference.slice(states, step: t - 1, width: h, steps: t, rows: batch)
        }
        let output = stack.layers[1].forward(h2, batch: batch, mode: .training)
        return LossFunction.meanSquaredError.evaluate(
            logits: output, batch: batch, targets: .values(UnsafePointer(stack.targets.pointer)), gradient: nil
        ).loss
    }
}
