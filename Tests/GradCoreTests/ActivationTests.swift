import XCTest
@testable import GradCore

final class ActivationTests: XCTestCase {
    private func apply(_ activation: Activation, _ inputs: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: inputs.count)
        inputs.withUnsafeBufferPointer { pre in
            output.withUnsafeMutableBufferPointer { out in
                activation.forward(pre: pre.baseAddress!, out: out.baseAddress!, count: inputs.count)
            }
        }
        return output
    }

    func testSigmoidIsStableForHugeInputs() {
        let output = apply(.sigmoid, [1e30, -1e30, 88, -88, 0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude])
        XCTAssertEqual(output[0], 1)
        XCTAssertEqual(output[1], 0)
        XCTAssertTrue(output.allSatisfy(\.isFinite))
        XCTAssertEqual(output[4], 0.5)
    }

    func testKnownValues() {
        XCTAssertEqual(apply(.relu, [-2, 0, 3]), [0, 0, 3])
        XCTAssertEqual(apply(.leakyRelu(slope: 0.1), [-2, 3]), [-0.2, 3])
        XCTAssertEqual(apply(.softsign, [-1, 3]), [-0.5, 0.75])
        XCTAssertEqual(apply(.elu(alpha: 1), [-1])[0], Float(Foundation.exp(-1.0) - 1), accuracy: 1e-7)
        // GELU(1) = Φ(1) = 0.8413447 (erf form); tanh form 0.8411920 (PyTorch approximate='tanh').
        XCTAssertEqual(apply(.gelu(.erf), [1])[0], 0.8413447, accuracy: 1e-6)
        XCTAssertEqual(apply(.gelu(.tanh), [1])[0], 0.8411920, accuracy: 1e-6)
        XCTAssertEqual(apply(.tanh, [0.5])[0], Float(Foundation.tanh(0.5)), accuracy: 1e-7)
    }

    func testSaturationAndDeath() {
        XCTAssertTrue(Activation.sigmoid.isSaturated(output: Float(0.995)))
        XCTAssertFalse(Activation.sigmoid.isSaturated(output: Float(0.5)))
        XCTAssertTrue(Activation.tanh.isSaturated(output: Float(-0.999)))
        XCTAssertFalse(Activation.relu.isSaturated(output: Float(100)))
        XCTAssertTrue(Activation.relu.canDie)
        XCTAssertFalse(Activation.leakyRelu(slope: 0.01).canDie)
    }
}
import Foundation
