import XCTest
@testable import GradCore

/// The recurrent initialisations: PyTorch's default and the literature's schemes for W_hh.
final class RecurrentInitTests: XCTestCase {
    private func layer(_ cell: RecurrentCell, hidden: Int, _ initializer: RecurrentInitializer, seed: UInt64 = 1) -> Recurrent<Double> {
        let layer = Recurrent<Double>(cell: cell, steps: 3, inputSize: 5, hiddenSize: hidden, returnsEveryStep: false, layer: 1)
        var rng = SeededGenerator(seed: seed)
        initializer.initialize(layer, using: &rng)
        return layer
    }

    /// U(±1/√H) for all four tensors, drawn in PyTorch's parameter order.
    func testPyTorchDefaultDrawsEveryTensorInOrder() {
        let layer = layer(.gru, hidden: 6, .init())
        var rng = SeededGenerator(seed: 1)
        let bound = 1 / 6.0.squareRoot()
        for parameter in layer.parameters {
            for i in 0..<parameter.count { XCTAssertEqual(parameter.value.pointer[i], rng.nextUniform(-bound, bound)) }
        }
    }

    func testOrthogonalBlocks() {
        let layer = layer(.lstm, hidden: 8, .init(recurrent: .orthogonal, input: .xavier))
        for gate in 0..<4 {
            let q = layer.recurrentBlock(gate: gate)
            for i in 0..<8 {
                for j in 0..<8 {
                    let dot = (0..<8).reduce(0.0) { $0 + q[$1 * 8 + i] * q[$1 * 8 + j] }  // (QᵀQ)ᵢⱼ
                    XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-12)
                }
            }
        }
        XCTAssertNotEqual(layer.recurrentBlock(gate: 0), layer.recurrentBlock(gate: 1))
        XCTAssertEqual(layer.biasIH.value.values, Array(repeating: 0, count: 32))
    }

    func testIdentityForIRNN() {
        let layer = layer(.rnn(.relu), hidden: 5, .init(recurrent: .identity))
        XCTAssertEqual(layer.recurrentBlock(), (0..<25).map { $0 / 5 == $0 % 5 ? 1 : 0 })
        XCTAssertEqual(layer.spectralRadius(), 1, accuracy: 1e-14)
    }

    func testSpectralRadiusRescale() {
        for radius in [0.5, 1.3] {
            let layer = layer(.rnn(.tanh), hidden: 32, .init(spectralRadius: radius))
            XCTAssertEqual(layer.spectralRadius(), radius, accuracy: 1e-10)
        }
        let lstm = layer(.lstm, hidden: 10, .init(recurrent: .normal(std: 0.3), spectralRadius: 0.8))
        for gate in 0..<4 { XCTAssertEqual(lstm.spectralRadius(gate: gate), 0.8, accuracy: 1e-10) }
    }

    func testSmartTanhKeepsFifteenPerRowAtRadiusPointNineFive() {
        let layer = layer(.rnn(.tanh), hidden: 40, .init(recurrent: .smartTanh))
        let w = layer.recurrentBlock()
        for row in 0..<40 { XCTAssertEqual((0..<40).filter { w[row * 40 + $0] != 0 }.count, 15, "row \(row)") }
        XCTAssertEqual(layer.spectralRadius(), 0.95, accuracy: 1e-10)
        XCTAssertEqual(layer.biasHH.value.values, Array(repeating: 0, count: 40))
        XCTAssertEqual(std(layer.weightIH.value.values), 0.01, accuracy: 0.002)
    }

    func testPascanuStandardDeviations() {
        let basic = layer(.rnn(.tanh), hidden: 64, .init(recurrent: .basicTanh))
        XCTAssertEqual(std(basic.recurrentBlock()), 0.1, accuracy: 0.005)
        let sigmoid = layer(.rnn(.tanh), hidden: 64, .init(recurrent: .pascanuSigmoid))
        XCTAssertEqual(std(sigmoid.recurrentBlock()), 0.01, accuracy: 0.0005)
        let he = layer(.rnn(.relu), hidden: 64, .init(recurrent: .pascanuSigmoid, input: .he))
        XCTAssertEqual(std(he.weightIH.value.values), (2.0 / 5).squareRoot(), accuracy: 0.05)
    }

    func testForgetGateBias() {
        let layer = layer(.lstm, hidden: 3, .init(forgetBias: 1))
        let ih = layer.biasIH.value.values, hh = layer.biasHH.value.values
        XCTAssertEqual(Array(ih[3..<6]), [1, 1, 1])
        XCTAssertEqual(Array(hh[3..<6]), [0, 0, 0])
        XCTAssertTrue(ih[0..<3].allSatisfy { $0 != 0 && abs($0) <= 1 / 3.0.squareRoot() })
    }

    func testALargerForgetGateBiasGoesIntoTheInputBiasOnly() {
        let layer = layer(.lstm, hidden: 2, .init(forgetBias: 5))
        XCTAssertEqual(Array(layer.biasIH.value.values[2..<4]), [5, 5])
        XCTAssertEqual(Array(layer.biasHH.value.values[2..<4]), [0, 0])
        let rnn = self.layer(.rnn(.tanh), hidden: 2, .init(forgetBias: 5))
        XCTAssertFalse(rnn.biasIH.value.values.contains(5), "only an LSTM has a forget gate")
    }

    private func std(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }
}
