import XCTest
@testable import GradCore

/// `Network.outputs(ofLayer:for:)`: any layer's outputs for arbitrary rows, in eval mode, in chunks.
final class NetworkEvaluationTests: XCTestCase {
    func network(_ hidden: [HiddenLayerSpec], inputs: Int = 2, outputs: Int = 3) throws -> Network<Float> {
        let network = try Network<Float>(spec: NetworkSpec(inputWidth: inputs, hidden: hidden, outputWidth: outputs))
        var rng = SeededGenerator(seed: 3)
        network.initialize(using: &rng)
        return network
    }

    func rows(_ count: Int, width: Int = 2) -> [Double] {
        var rng = SeededGenerator(seed: 8)
        return (0..<(count * width)).map { _ in rng.nextNormal() }
    }

    /// What a full forward pass of `inputs` in eval mode leaves in layer `number` (the logits for the last).
    func reference(_ network: Network<Float>, _ inputs: [Double], layer number: Int) -> [Double] {
        let count = inputs.count / network.spec.inputWidth
        network.allocate(batchCapacity: count)
        let matrix = Matrix<Float>(rows: count, cols: network.spec.inputWidth, values: inputs.map(Float.init))
        let logits = network.forward(matrix, batch: count, mode: .evaluation)
        let output = number == network.dense.count ? logits : network.activationOutput(layer: number)
        return Array(output?.values.prefix(count * (output?.cols ?? 0)).map(Double.init) ?? [])
    }

    func testEveryLayerMatchesAFullForwardPass() throws {
        let network = try network([
            HiddenLayerSpec(width: 5, activation: .tanh), HiddenLayerSpec(width: 4, activation: .relu, batchNorm: true),
        ])
        let inputs = rows(7)
        for layer in 1...3 {
            let outputs = try XCTUnwrap(network.outputs(ofLayer: layer, for: inputs))
            XCTAssertEqual(outputs, reference(network, inputs, layer: layer), "layer \(layer)")
        }
        XCTAssertEqual(network.outputs(ofLayer: 2, for: inputs)?.count, 7 * 4)
    }

    func testRowsBeyondTheBatchCapacityRunInChunks() throws {
        let network = try network([HiddenLayerSpec(width: 6, activation: .sigmoid)])
        network.allocate(batchCapacity: 4)
        let inputs = rows(11)
        let chunked = try XCTUnwrap(network.outputs(ofLayer: 2, for: inputs))
        XCTAssertEqual(network.batchCapacity, 4, "evaluation must not resize a network that is training")
        XCTAssertEqual(chunked, reference(network, inputs, layer: 2))
    }

    func testALinearLayerAndAResidualBlockGiveTheUnitsOwnOutput() throws {
        let linear = try network([HiddenLayerSpec(width: 3, activation: .linear)])
        let inputs = rows(2)
        let outputs = try XCTUnwrap(linear.outputs(ofLayer: 1, for: inputs))
        // forward was: h = x·Wᵀ + b with no activation
        let weight = linear.dense[0].weight.value, bias = try XCTUnwrap(linear.dense[0].bias).value
        for row in 0..<2 {
            for unit in 0..<3 {
                let expected = Double(weight[unit, 0]) * inputs[2 * row] + Double(weight[unit, 1]) * inputs[2 * row + 1] + Double(bias[0, unit])
                XCTAssertEqual(outputs[row * 3 + unit], expected, accuracy: 1e-5)
            }
        }
        let residual = try network([HiddenLayerSpec(width: 2, activation: .tanh, residual: true)])
        let unit = try XCTUnwrap(residual.outputs(ofLayer: 1, for: inputs))
        XCTAssertEqual(unit, reference(residual, inputs, layer: 1), "the block's tanh, before the skip adds x")
        XCTAssertTrue(unit.allSatisfy { abs($0) < 1 })
    }

    func testRefusesAMissingLayerOrRaggedRows() throws {
        let network = try network([HiddenLayerSpec(width: 2, activation: .tanh)])
        XCTAssertNil(network.outputs(ofLayer: 0, for: [1, 2]))
        XCTAssertNil(network.outputs(ofLayer: 3, for: [1, 2]))
        XCTAssertNil(network.outputs(ofLayer: 1, for: [1, 2, 3]))
        XCTAssertEqual(network.outputs(ofLayer: 1, for: []), [])
    }
}
