import Foundation
import XCTest
@testable import GradCore

/// A recurrent front inside `Network`: gradients, names, model files, and the real trainer.
final class RecurrentNetworkTests: XCTestCase {
    private func spec(_ cell: RecurrentCell, everyStep: Bool = false, outputs: Int = 3) -> NetworkSpec {
        NetworkSpec(
            inputWidth: 10, hidden: [HiddenLayerSpec(width: 5, activation: .tanh, initializer: .xavier)],
            outputWidth: outputs, outputInitializer: .xavier,
            recurrent: RecurrentSpec(cell: cell, steps: 5, hidden: [4, 3], headReadsEveryStep: everyStep))
    }

    func testWholeNetworkGradientCheck() throws {
        for cell in [RecurrentCell.rnn(.tanh), .lstm, .gru] {
            for everyStep in [false, true] {
                let network = try Fixture.network(spec(cell, everyStep: everyStep, outputs: everyStep ? 10 : 3))
                XCTAssertLessThan(Fixture.worstGradientError(network, rows: 6), 1e-6, "\(cell) every step \(everyStep)")
            }
        }
    }

    func testTheHeadAtEveryStepIsOneHeadSharedByTheSteps() throws {
        // 5 steps of 2 outputs: step t's two outputs are the dense head (tanh layer, then the output layer)
        // applied to h_t alone, with the same weights at every step.
        let spec = spec(.gru, everyStep: true, outputs: 10)
        let network = try Fixture.network(spec)
        XCTAssertEqual(network.dense.map(\.inputWidth), [3, 5])
        XCTAssertEqual(network.dense.last?.outputWidth, 2)
        XCTAssertEqual(spec.parameterCount, network.parameters.reduce(0) { $0 + $1.count })
        let rows = 3
        network.allocate(batchCapacity: rows)
        var rng = SeededGenerator(seed: 4)
        let input = Matrix<Double>(rows: rows, cols: 10, values: (0..<30).map { _ in rng.nextNormal() })
        let logits = network.forward(input, batch: rows, mode: .evaluation).values
        XCTAssertEqual(network.lastForwardRows, rows * 5)
        var states = input
        for layer in network.recurrent { states = layer.forward(states, batch: rows, mode: .evaluation) }
        let stateValues = states.values
        for row in 0..<rows {
            for step in 0..<5 {
                var h = Matrix<Double>(rows: 1, cols: 3, values: Array(stateValues[(row * 15 + step * 3)..<(row * 15 + step * 3 + 3)]))
                for layer in network.dense { h = layer.forward(h, batch: 1, mode: .evaluation) }
                let expected = Array(logits[(row * 10 + step * 2)..<(row * 10 + step * 2 + 2)])
                XCTAssertEqual(Array(h.values.prefix(2)), expected, "row \(row) step \(step)")
            }
        }
        // Evaluation by layer (what scoring and the views read) sees every step's rows too.
        XCTAssertEqual(network.outputs(ofLayer: 2, for: input.values), logits)
        XCTAssertEqual(network.outputs(ofLayer: 1, for: input.values)?.count, rows * 5 * 5)
    }

    func testAHeadAtEveryStepNeedsOutputsForEachStep() {
        XCTAssertThrowsError(try Network<Float>(spec: spec(.lstm, everyStep: true, outputs: 3))) { error in
            XCTAssertTrue("\(error)".contains("each of the 5 steps"), "\(error)")
        }
    }

    func testNamesLayerNumbersAndCounts() throws {
        let spec = spec(.lstm)
        let network = try Network<Float>(spec: spec)
        XCTAssertEqual(network.parameters.map(\.name), [
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
            "0.weight", "0.bias", "2.weight", "2.bias",
        ])
        XCTAssertEqual(network.parameters.map(\.layer), [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2])
        XCTAssertEqual(network.dense.count, 2)
        XCTAssertEqual(network.recurrent.map(\.inputSize), [2, 4])
        XCTAssertEqual(network.dense[0].inputWidth, 3)
        XCTAssertEqual(spec.parameterCount, network.parameters.reduce(0) { $0 + $1.count })
        XCTAssertEqual(spec.parameterEstimate, Double(spec.parameterCount))
        XCTAssertEqual(spec.parameterCount, 16 * (2 + 4 + 2) + 12 * (4 + 3 + 2) + 3 * 5 + 5 + 5 * 3 + 3)
    }

    func testValidation() {
        var bad = spec(.gru)
        bad.recurrent?.steps = 3  // 10 inputs do not split into 3 steps
        XCTAssertThrowsError(try Network<Float>(spec: bad))
        bad = spec(.rnn(.sigmoid))
        XCTAssertThrowsError(try Network<Float>(spec: bad))
        bad = spec(.lstm)
        bad.recurrent?.hidden = []
        XCTAssertThrowsError(try Network<Float>(spec: bad))
    }

    func testStateDictAndModelFileRoundTrip() throws {
        let spec = spec(.gru)
        let network = try Fixture.network(spec)
        let state = StateDict(network: network)
        guard case .matrix(let rows)? = state.tensors["rnn.weight_ih_l0"], case .vector(let bias)? = state.tensors["rnn.bias_hh_l1"]
        else { return XCTFail("tensor kinds") }
        XCTAssertEqual(rows.count, 12)
        XCTAssertEqual(rows[0].count, 2)
        XCTAssertEqual(bias.count, 9)
        let copy = try Network<Double>(spec: spec)
        try state.load(into: copy)
        XCTAssertEqual(copy.parameters.map(\.value.values), network.parameters.map(\.value.values))
        let decoded = try JSONDecoder().decode(NetworkSpec.self, from: JSONEncoder().encode(spec))
        XCTAssertEqual(decoded, spec)
    }

    /// A dense spec's JSON has no `recurrent` key, so model files of multilayer perceptrons do not change.
    func testDenseSpecJSONIsUnchanged() throws {
        let dense = NetworkSpec.uniform(inputWidth: 2, depth: 2, width: 4, outputWidth: 3, activation: .relu, initializer: .he)
        let json = String(decoding: try JSONEncoder().encode(dense), as: UTF8.self)
        XCTAssertFalse(json.contains("recurrent"))
        XCTAssertEqual(try JSONDecoder().decode(NetworkSpec.self, from: Data(json.utf8)), dense)
    }

    /// The real trainer (Float, Adam, norm clipping) takes an LSTM far below the trivial predictor on a short
    /// adding problem; the trivial predictor's MSE is var((x₁ + x₂)/2) = 1/24.
    func testTrainerLearnsAShortAddingProblem() throws {
        var rng = SeededGenerator(seed: 3)
        let task = SequenceTask.adding(.pascanu)
        let train = try task.generate(count: 2048, length: 10, using: &rng)
        let test = try task.generate(count: 512, length: 10, using: &rng)
        let trainer = try Fixture.recurrentTrainer(
            RecurrentSpec(cell: .lstm, steps: 10, hidden: [16]), for: train, outputs: 1, loss: .meanSquaredError,
            using: &rng)
        let before = trainer.evaluate(test).loss
        _ = try trainer.train(on: train, test: nil, budget: .epochs(15), using: &rng)
        let after = trainer.evaluate(test).loss
        XCTAssertGreaterThan(before, 0.02)
        XCTAssertLessThan(after, 0.25 / 24, "before \(before)")
    }
}
