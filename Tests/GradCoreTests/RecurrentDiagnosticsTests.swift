import XCTest
@testable import GradCore

/// Per-time-step gradient norms, gate saturation and the non-finite finder.
final class RecurrentDiagnosticsTests: XCTestCase {
    private func layer(_ cell: RecurrentCell, steps: Int, hidden: Int = 4, truncation: Int? = nil,
                       initializer: RecurrentInitializer = .init()) -> (Recurrent<Double>, Matrix<Double>) {
        let layer = Recurrent<Double>(
            cell: cell, steps: steps, inputSize: 2, hiddenSize: hidden, returnsEveryStep: false,
            truncation: truncation, layer: 1)
        var rng = SeededGenerator(seed: 3)
        initializer.initialize(layer, using: &rng)
        layer.allocate(batchCapacity: 3)
        let x = Matrix<Double>(rows: 3, cols: steps * 2, values: (0..<(6 * steps)).map { _ in rng.nextNormal() })
        return (layer, x)
    }

    private func backward(_ layer: Recurrent<Double>, _ x: Matrix<Double>, gradient: Double = 1) {
        _ = layer.forward(x, batch: 3, mode: .training)
        let dOut = Matrix<Double>(rows: 3, cols: layer.hiddenSize, values: (0..<(3 * layer.hiddenSize)).map {
            gradient * Double($0 % 5 - 2) / 3
        })
        _ = layer.backward(dOut, batch: 3, needsInputGradient: true)
    }

    func testLastStepNormIsTheHeadGradientsNorm() {
        let (layer, x) = layer(.lstm, steps: 6)
        backward(layer, x)
        let expected = (0..<12).reduce(0.0) { $0 + pow(Double($1 % 5 - 2) / 3, 2) }.squareRoot()
        XCTAssertEqual(layer.timeGradientNorms.count, 6)
        XCTAssertEqual(layer.timeGradientNorms[5], expected, accuracy: 1e-15)
    }

    /// A tanh RNN with small recurrent weights (basic tanh, σ = 0.1) loses its gradient within a few steps.
    func testNormsVanishBackwardThroughTime() {
        let (layer, x) = layer(.rnn(.tanh), steps: 20, hidden: 16, initializer: .init(recurrent: .basicTanh))
        backward(layer, x)
        let norms = layer.timeGradientNorms
        XCTAssertLessThan(norms[0], 1e-6 * norms[19])
        for t in 1..<20 { XCTAssertLessThan(norms[t - 1], norms[t]) }
    }

    /// Truncation 5 over 20 steps with a last-step head: only the last chunk (steps 16…20) gets a gradient.
    func testTruncationCutsTheNorms() {
        let (layer, x) = layer(.gru, steps: 20, truncation: 5)
        backward(layer, x)
        let norms = layer.timeGradientNorms
        XCTAssertEqual(Array(norms[..<15]), Array(repeating: 0, count: 15))
        XCTAssertTrue(norms[15...].allSatisfy { $0 > 0 })
    }

    func testGateSaturation() {
        for (cell, block) in [(RecurrentCell.lstm, 1), (.gru, 1)] {
            let (layer, x) = layer(cell, steps: 5)
            for bias in [30.0, -30.0] {
                for j in (block * 4)..<((block + 1) * 4) { layer.biasIH.value.pointer[j] = bias }
                _ = layer.forward(x, batch: 3, mode: .training)
                let saturation = layer.gateSaturation!
                XCTAssertEqual(saturation.open, bias > 0 ? 1 : 0, "\(cell)")
                XCTAssertEqual(saturation.closed, bias > 0 ? 0 : 1, "\(cell)")
            }
            RecurrentInitializer().initialize(layer, using: &rngForReset)
            _ = layer.forward(x, batch: 3, mode: .training)
            let mixed = layer.gateSaturation!
            XCTAssertLessThan(mixed.open + mixed.closed, 0.5, "\(cell)")
        }
        let (rnn, x) = layer(.rnn(.tanh), steps: 3)
        _ = rnn.forward(x, batch: 3, mode: .training)
        XCTAssertNil(rnn.gateSaturation)
    }

    private var rngForReset = SeededGenerator(seed: 8)

    func testFirstNonFiniteStep() {
        let (layer, x) = layer(.lstm, steps: 6)
        backward(layer, x)
        XCTAssertNil(layer.firstNonFiniteStep)
        backward(layer, x, gradient: .infinity)
        XCTAssertEqual(layer.firstNonFiniteStep, NonFiniteStep(quantity: .gradient, step: 6))
        x[1, 2 * 2 + 1] = .nan  // row 1, step 3, feature 2
        _ = layer.forward(x, batch: 3, mode: .training)
        XCTAssertEqual(layer.firstNonFiniteStep, NonFiniteStep(quantity: .state, step: 3))
    }
}
