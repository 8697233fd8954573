import XCTest
@testable import GradCore

/// Every layer, activation and loss is checked against central finite differences in Double.
final class GradientCheckTests: XCTestCase {
    static let tolerance = 1e-6

    static let allActivations: [Activation] = [
        .sigmoid, .tanh, .relu, .leakyRelu(slope: 0.1), .elu(alpha: 1), .gelu(.erf), .gelu(.tanh), .softsign, .linear,
    ]

    func testDenseWithEveryActivation() throws {
        for activation in Self.allActivations {
            let spec = NetworkSpec(
                inputWidth: 3, hidden: [HiddenLayerSpec(width: 5, activation: activation, initializer: .xavier)],
                outputWidth: 3, outputInitializer: .xavier)
            let error = Fixture.worstGradientError(try Fixture.network(spec))
            XCTAssertLessThan(error, Self.tolerance, "\(activation)")
        }
    }

    func testEveryLoss() throws {
        for loss in LossFunction.allCases {
            for outputs in [1, 3] where !(loss == .crossEntropy && outputs == 1) {
                let spec = NetworkSpec(
                    inputWidth: 4, hidden: [HiddenLayerSpec(width: 6, activation: .tanh, initializer: .xavier)],
                    outputWidth: outputs, outputInitializer: .xavier)
                let error = Fixture.worstGradientError(try Fixture.network(spec), loss: loss)
                XCTAssertLessThan(error, Self.tolerance, "\(loss) with \(outputs) outputs")
            }
        }
    }

    func testBatchNormInTrainingMode() throws {
        for activation in [Activation.sigmoid, .relu, .gelu(.erf), .linear] {
            let spec = NetworkSpec(
                inputWidth: 3,
                hidden: [
                    HiddenLayerSpec(width: 6, activation: activation, initializer: .xavier, batchNorm: true),
                    HiddenLayerSpec(width: 5, activation: .tanh, initializer: .xavier, batchNorm: true, bias: false),
                ],
                outputWidth: 3, outputInitializer: .xavier)
            let network = try Fixture.network(spec)
            // Non-trivial γ and β so their gradients are exercised away from the identity.
            var rng = SeededGenerator(seed: 3)
            for norm in network.batchNorms.compactMap({ $0 }) {
                for j in 0..<norm.width {
                    norm.scale.value.pointer[j] = 0.5 + rng.nextUniform()
                    norm.shift.value.pointer[j] = rng.nextNormal(std: 0.3)
                }
            }
            XCTAssertLessThan(Fixture.worstGradientError(network, rows: 10), Self.tolerance, "\(activation)")
        }
    }

    func testResidualBlocks() throws {
        let spec = NetworkSpec(
            inputWidth: 4,
            hidden: [
                HiddenLayerSpec(width: 4, activation: .tanh, initializer: .xavier, residual: true),
                HiddenLayerSpec(width: 4, activation: .relu, initializer: .he, batchNorm: true, residual: true),
                HiddenLayerSpec(width: 6, activation: .sigmoid, initializer: .xavier, residual: true),  // widths differ: no skip
            ],
            outputWidth: 3, outputInitializer: .xavier)
        XCTAssertTrue(spec.hasSkip(hidden: 0))
        XCTAssertFalse(spec.hasSkip(hidden: 2))
        let network = try Fixture.network(spec)
        XCTAssertTrue(network.layers[0] is Residual<Double>)
        XCTAssertLessThan(Fixture.worstGradientError(network), Self.tolerance)
    }

    func testWholeFiveLayerNetwork() throws {
        let spec = NetworkSpec.uniform(
            inputWidth: 2, depth: 5, width: 16, outputWidth: 3, activation: .tanh, initializer: .xavier)
        XCTAssertLessThan(Fixture.worstGradientError(try Fixture.network(spec), rows: 12), Self.tolerance)
        let mixed = NetworkSpec(
            inputWidth: 2,
            hidden: [
                HiddenLayerSpec(width: 16, activation: .relu, initializer: .he),
                HiddenLayerSpec(width: 16, activation: .sigmoid, initializer: .xavier, batchNorm: true),
                HiddenLayerSpec(width: 16, activation: .elu(alpha: 1), initializer: .he, residual: true),
                HiddenLayerSpec(width: 8, activation: .gelu(.tanh), initializer: .xavier),
                HiddenLayerSpec(width: 8, activation: .leakyRelu(slope: 0.01), initializer: .he, bias: false),
            ],
            outputWidth: 3, outputInitializer: .xavier)
        XCTAssertLessThan(Fixture.worstGradientError(try Fixture.network(mixed), rows: 12), Self.tolerance)
    }
}
