import XCTest
@testable import GradCore

/// Sampled weight statistics match the PyTorch `nn.init` formulas within 2% over 1e5+ weights.
final class InitializerTests: XCTestCase {
    private func sampledStd(_ initializer: Initializer, fanIn: Int, fanOut: Int, activation: Activation) -> (mean: Double, std: Double) {
        let weight = Matrix<Double>(rows: fanOut, cols: fanIn)
        var rng = SeededGenerator(seed: 42)
        initializer.initialize(weight: weight, bias: nil, activation: activation, using: &rng)
        let values = weight.values
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        return (mean, variance.squareRoot())
    }

    private func assertStd(_ initializer: Initializer, expected: Double, fanIn: Int = 400, fanOut: Int = 300,
                           activation: Activation = .relu, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(initializer.expectedStd(fanIn: fanIn, fanOut: fanOut, activation: activation), expected,
                       accuracy: expected * 1e-12, "formula", file: file, line: line)
        let sampled = sampledStd(initializer, fanIn: fanIn, fanOut: fanOut, activation: activation)
        XCTAssertEqual(sampled.std, expected, accuracy: expected * 0.02, "\(initializer)", file: file, line: line)
    }

    func testXavier() {
        // xavier: std = gain·√(2/(fan_in + fan_out)) for both the uniform and the normal form.
        let base = (2.0 / 700).squareRoot()
        assertStd(Initializer(.xavierUniform), expected: base)
        assertStd(Initializer(.xavierNormal), expected: base)
        assertStd(Initializer(.xavierUniform, gain: 5.0 / 3.0), expected: 5.0 / 3.0 * base)
        assertStd(Initializer(.xavierNormal, gain: 1.4), expected: 1.4 * base)
    }

    func testKaiming() {
        // kaiming: std = gain/√fan, gain = √(2/(1 + a²)) with a the leaky slope (0 for relu).
        assertStd(Initializer(.heNormal), expected: (2.0 / 400).squareRoot())
        assertStd(Initializer(.heUniform), expected: (2.0 / 400).squareRoot())
        assertStd(Initializer(.heNormal, mode: .fanOut), expected: (2.0 / 300).squareRoot())
        assertStd(Initializer(.heUniform, mode: .fanOut), expected: (2.0 / 300).squareRoot())
        assertStd(Initializer(.heNormal), expected: (2.0 / (1 + 0.04) / 400).squareRoot(), activation: .leakyRelu(slope: 0.2))
        assertStd(Initializer(.heNormal, gain: 1), expected: (1.0 / 400).squareRoot())
    }

    func testOtherSchemes() {
        assertStd(Initializer(.lecunNormal), expected: (1.0 / 400).squareRoot())
        assertStd(Initializer(.normal(mean: 0, std: 0.7)), expected: 0.7)
        assertStd(Initializer(.uniform(low: -0.5, high: 0.5)), expected: 1 / 12.0.squareRoot())
        assertStd(Initializer(.pytorchDefault), expected: 1 / (3 * 400.0).squareRoot())
        assertStd(Initializer(.orthogonal), expected: 1 / 400.0.squareRoot())
        assertStd(Initializer(.orthogonal, gain: 2), expected: 2 / 400.0.squareRoot())
    }

    func testNormalMeanAndConstants() {
        XCTAssertEqual(sampledStd(Initializer(.normal(mean: 3, std: 1)), fanIn: 400, fanOut: 300, activation: .relu).mean, 3, accuracy: 0.02)
        let weight = Matrix<Float>(rows: 3, cols: 4)
        let bias = Matrix<Float>(rows: 1, cols: 3)
        bias.fill(9)
        var rng = SeededGenerator(seed: 1)
        Initializer(.constant(0.25)).initialize(weight: weight, bias: bias, activation: .relu, using: &rng)
        XCTAssertEqual(Set(weight.values), [0.25])
        XCTAssertEqual(Set(bias.values), [0], "biases start at zero except for the PyTorch default")
        Initializer(.zeros).initialize(weight: weight, bias: nil, activation: .relu, using: &rng)
        XCTAssertEqual(Set(weight.values), [0])
    }

    func testPyTorchDefaultDrawsBiasFromTheSameBound() {
        let weight = Matrix<Double>(rows: 50, cols: 16)
        let bias = Matrix<Double>(rows: 1, cols: 50)
        var rng = SeededGenerator(seed: 2)
        Initializer(.pytorchDefault).initialize(weight: weight, bias: bias, activation: .relu, using: &rng)
        XCTAssertTrue(bias.values.allSatisfy { abs($0) <= 0.25 } && bias.values.contains { $0 != 0 })
        XCTAssertTrue(weight.values.allSatisfy { abs($0) <= 0.25 })
    }

    func testOrthogonalRowsAreOrthonormal() {
        for (rows, cols) in [(6, 10), (10, 6), (8, 8)] {
            let weight = Matrix<Double>(rows: rows, cols: cols)
            var rng = SeededGenerator(seed: 4)
            Initializer(.orthogonal).initialize(weight: weight, bias: nil, activation: .linear, using: &rng)
            // W·Wᵀ = I when rows ≤ cols; Wᵀ·W = I otherwise.
            let small = min(rows, cols)
            for a in 0..<small {
                for b in 0..<small {
                    var dot = 0.0
                    if rows <= cols {
                        for k in 0..<cols { dot += weight[a, k] * weight[b, k] }
                    } else {
                        for k in 0..<rows { dot += weight[k, a] * weight[k, b] }
                    }
                    XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-10, "\(rows)x\(cols) [\(a),\(b)]")
                }
            }
        }
    }

    func testGainsFollowCalculateGain() {
        XCTAssertEqual(Initializer.recommendedGain(for: .tanh), 5.0 / 3.0)
        XCTAssertEqual(Initializer.recommendedGain(for: .relu), 2.0.squareRoot())
        XCTAssertEqual(Initializer.recommendedGain(for: .sigmoid), 1)
        XCTAssertEqual(Initializer.recommendedGain(for: .leakyRelu(slope: 0.01)), (2.0 / 1.0001).squareRoot())
    }
}
