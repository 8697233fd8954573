import Foundation
import XCTest
@testable import GradCore

/// Forward values of one-unit cells against the PyTorch formulas evaluated here independently (with the
/// platform's libm), so gate order and the GRU's reset placement are pinned.
final class RecurrentForwardTests: XCTestCase {
    static let inputs = [1.0, -2.0, 0.5, 1.5]

    /// Every step's h for a one-unit, one-feature layer with the given per-gate weights.
    private func states(_ cell: RecurrentCell, wih: [Double], whh: [Double], bih: [Double], bhh: [Double]) -> [Double] {
        let layer = Recurrent<Double>(
            cell: cell, steps: Self.inputs.count, inputSize: 1, hiddenSize: 1, returnsEveryStep: true, layer: 1)
        for (parameter, values) in zip(layer.parameters, [wih, whh, bih, bhh]) {
            for (i, value) in values.enumerated() { parameter.value.pointer[i] = value }
        }
        layer.allocate(batchCapacity: 1)
        return layer.forward(Matrix(rows: 1, cols: Self.inputs.count, values: Self.inputs), batch: 1, mode: .training).values
    }

    private func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    private func assertClose(_ actual: [Double], _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: 1e-14, file: file, line: line) }
    }

    func testRNNTanhAndRelu() {
        for activation in [Activation.tanh, .relu] {
            var h = 0.0, expected: [Double] = []
            for x in Self.inputs {
                let pre = 0.5 * x + 0.1 + -0.8 * h + 0.2
                h = activation == .tanh ? tanh(pre) : max(pre, 0)
                expected.append(h)
            }
            assertClose(states(.rnn(activation), wih: [0.5], whh: [-0.8], bih: [0.1], bhh: [0.2]), expected)
        }
    }

    func testLSTMGateOrderIFGO() {
        let wih = [0.1, 0.2, 0.3, 0.4], whh = [0.5, -0.6, 0.7, -0.8]
        let bih = [0.01, 0.02, 0.03, 0.04], bhh = [-0.05, 0.06, -0.07, 0.08]
        var h = 0.0, c = 0.0, expected: [Double] = []
        for x in Self.inputs {
            func pre(_ k: Int) -> Double { wih[k] * x + bih[k] + whh[k] * h + bhh[k] }
            let i = sigmoid(pre(0)), f = sigmoid(pre(1)), g = tanh(pre(2)), o = sigmoid(pre(3))
            c = f * c + i * g
            h = o * tanh(c)
            expected.append(h)
        }
        assertClose(states(.lstm, wih: wih, whh: whh, bih: bih, bhh: bhh), expected)
        // Another order (i, g, f, o) gives other numbers, so the test tells them apart.
        let swapped = states(.lstm, wih: [0.1, 0.3, 0.2, 0.4], whh: [0.5, 0.7, -0.6, -0.8],
                             bih: [0.01, 0.03, 0.02, 0.04], bhh: [-0.05, -0.07, 0.06, 0.08])
        XCTAssertGreaterThan(abs(swapped.last! - expected.last!), 1e-3)
    }

    func testGRUResetAfterTheHiddenProduct() {
        let wih = [0.1, 0.2, 0.3], whh = [0.5, -0.6, 0.7], bih = [0.01, 0.02, 0.03], bhh = [-0.05, 0.06, -0.07]
        var h = 0.0, hPaper = 0.0, expected: [Double] = [], paper: [Double] = []
        for x in Self.inputs {
            func pre(_ k: Int, _ h: Double) -> Double { wih[k] * x + bih[k] + whh[k] * h + bhh[k] }
            let r = sigmoid(pre(0, h)), z = sigmoid(pre(1, h))
            let n = tanh(wih[2] * x + bih[2] + r * (whh[2] * h + bhh[2]))
            h = (1 - z) * n + z * h
            expected.append(h)
            // The original paper's form, reset before the product: must differ.
            let rp = sigmoid(pre(0, hPaper)), zp = sigmoid(pre(1, hPaper))
            let np = tanh(wih[2] * x + bih[2] + whh[2] * (rp * hPaper) + bhh[2])
            hPaper = (1 - zp) * np + zp * hPaper
            paper.append(hPaper)
        }
        assertClose(states(.gru, wih: wih, whh: whh, bih: bih, bhh: bhh), expected)
        XCTAssertGreaterThan(abs(paper.last! - expected.last!), 1e-4)
    }

    func testNamesAndShapesFollowPyTorch() {
        let layer = Recurrent<Float>(
            cell: .lstm, steps: 4, inputSize: 3, hiddenSize: 5, returnsEveryStep: false, stackIndex: 2,
            namePrefix: "rnn.", layer: 3)
        XCTAssertEqual(layer.parameters.map(\.name), ["rnn.weight_ih_l2", "rnn.weight_hh_l2", "rnn.bias_ih_l2", "rnn.bias_hh_l2"])
        XCTAssertEqual(layer.parameters.map(\.value.rows), [20, 20, 1, 1])
        XCTAssertEqual(layer.parameters.map(\.value.cols), [3, 5, 20, 20])
        XCTAssertEqual(layer.inputWidth, 12)
        XCTAssertEqual(layer.outputWidth, 5)
        XCTAssertEqual(layer.parameters.map(\.layer), [3, 3, 3, 3])
    }

    /// The last-step output is the last slice of the every-step output; rows are independent sequences.
    func testLastStepIsTheLastSliceOfEveryStep() {
        for cell in [RecurrentCell.rnn(.tanh), .lstm, .gru] {
            let every = RecurrentStack(cell: cell, steps: 5, everyStep: true)
            let last = RecurrentStack(cell: cell, steps: 5, everyStep: false)
            let all = every.recurrent[0].forward(every.input, batch: 3, mode: .training)
            let final = last.recurrent[0].forward(every.input, batch: 3, mode: .training)
            for row in 0..<3 {
                for j in 0..<3 { XCTAssertEqual(final[row, j], all[row, 4 * 3 + j], "\(cell)") }
            }
        }
    }

    /// Float forward gives the same bits whether the rows run as one batch of 8 or two of 4 (each output is
    /// one fixed-order chain per row), and agrees with the Double layer to Float precision.
    func testFloatBitsDoNotDependOnTheBatchSplit() {
        for cell in [RecurrentCell.rnn(.tanh), .lstm, .gru] {
            let layer = Recurrent<Float>(cell: cell, steps: 7, inputSize: 3, hiddenSize: 40, returnsEveryStep: true, layer: 1)
            var rng = SeededGenerator(seed: 12)
            RecurrentInitializer().initialize(layer, using: &rng)
            let x = Matrix<Float>(rows: 8, cols: 21, values: (0..<168).map { _ in Float(rng.nextNormal()) })
            layer.allocate(batchCapacity: 8)
            let whole = layer.forward(x, batch: 8, mode: .training).values
            layer.allocate(batchCapacity: 4)
            let top = layer.forward(Matrix(rows: 4, cols: 21, values: Array(x.values[..<84])), batch: 4, mode: .training).values
            let bottom = layer.forward(Matrix(rows: 4, cols: 21, values: Array(x.values[84...])), batch: 4, mode: .training).values
            XCTAssertEqual(whole.map(\.bitPattern), (top + bottom).map(\.bitPattern), "\(cell)")
            let double = Recurrent<Double>(cell: cell, steps: 7, inputSize: 3, hiddenSize: 40, returnsEveryStep: true, layer: 1)
            for (d, f) in zip(double.parameters, layer.parameters) { d.value.copy(from: f.value.converted()) }
            double.allocate(batchCapacity: 8)
            let reference = double.forward(x.converted(), batch: 8, mode: .training).values
            for (a, b) in zip(whole, reference) { XCTAssertEqual(Double(a), b, accuracy: 1e-5) }
        }
    }
}

extension RecurrentForwardTests {
    /// The two cores each run a band of batch rows through all steps; wherever the band boundary falls
    /// (nowhere, after 1, 3 or 7 of 8 rows), the states, every gradient and the norms through time are the
    /// same bits, truncated BPTT and an initial state included.
    func testBandsOfRowsGiveTheSameBitsWhereverTheySplit() {
        for cell in [RecurrentCell.rnn(.tanh), .lstm, .gru] {
            var results: [[UInt32]] = []
            var norms: [[Double]] = []
            for split in [nil, 0, 1, 3, 7] {
                let layer = Recurrent<Float>(
                    cell: cell, steps: 6, inputSize: 3, hiddenSize: 20, returnsEveryStep: true, truncation: 4, layer: 1)
                var rng = SeededGenerator(seed: 5)
                RecurrentInitializer().initialize(layer, using: &rng)
                layer.initialState = Matrix(rows: 8, cols: 20, values: (0..<160).map { _ in Float(rng.nextNormal()) })
                let x = Matrix<Float>(rows: 8, cols: 18, values: (0..<144).map { _ in Float(rng.nextNormal()) })
                let dOut = Matrix<Float>(rows: 8, cols: 120, values: (0..<960).map { _ in Float(rng.nextNormal()) })
                layer.bandSplit = split
                layer.allocate(batchCapacity: 8)
                var bits = layer.forward(x, batch: 8, mode: .training).values.map(\.bitPattern)
                bits += layer.backward(dOut, batch: 8, needsInputGradient: true)!.values.map(\.bitPattern)
                for parameter in layer.parameters { bits += parameter.gradient.values.map(\.bitPattern) }
                results.append(bits)
                norms.append(layer.timeGradientNorms)
            }
            for (bits, norm) in zip(results.dropFirst(), norms.dropFirst()) {
                XCTAssertEqual(bits, results[0], "\(cell)")
                XCTAssertEqual(norm.map(\.bitPattern), norms[0].map(\.bitPattern), "\(cell)")
            }
        }
    }
}
