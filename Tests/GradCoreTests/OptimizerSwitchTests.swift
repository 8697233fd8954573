import Foundation
import XCTest

@testable import GradCore

/// torch.optim's switches: SGD's dampening, Adam's and AdamW's amsgrad, RMSprop's centered. Expected numbers
/// are worked by hand from the torch.optim documentation's pseudocode (working in the comments, each step
/// also checked in Double with a few lines of Python following that pseudocode).
final class OptimizerSwitchTests: XCTestCase {
    let exact = 1e-12

    /// Steps a one-element parameter through `gradients`, returning θ after each step.
    private func trajectory(_ kind: OptimizerKind, lr: Double, decay: Double = 0, gradients: [Double]) throws -> [Double] {
        let parameter = makeParameter([1.0], gradient: [0])
        let optimizer = try Optimizer<Double>(
            settings: OptimizerSettings(kind: kind, learningRate: lr, weightDecay: decay), parameters: [parameter])
        return gradients.map { gradient in
            setGradient(parameter, [gradient])
            optimizer.step(learningRate: lr)
            return parameter.value.pointer[0]
        }
    }

    func testDampeningSparesTheFirstStep() throws {
        // μ 0.9, d 0.3, lr 0.1, θ0 = 1, g = 1, 0.5, −1
        // t=1: b = g = 1 (PyTorch copies g into the new buffer, undamped)   θ = 0.9
        // t=2: b = 0.9·1 + 0.7·0.5 = 1.25                                    θ = 0.775
        // t=3: b = 0.9·1.25 + 0.7·(−1) = 0.425                               θ = 0.7325
        let path = try trajectory(.momentum(0.9, dampening: 0.3), lr: 0.1, gradients: [1, 0.5, -1])
        assertClose(path, [0.9, 0.775, 0.7325], relative: exact)
        let undamped = try trajectory(.momentum(0.9), lr: 0.1, gradients: [1, 0.5, -1])
        assertClose(undamped, [0.9, 0.76, 0.734], relative: exact)
    }

    func testAMSGradDividesByTheLargestSecondMoment() throws {
        // β1 0.9, β2 0.5, ε 1e-8, lr 0.1, θ0 = 1, g = 1, 0.1
        // t=1: m = 0.1, v = 0.5 = v_max, step = 0.1/0.1 = 1, denominator √0.5/√0.5 + ε  θ = 0.900000001
        // t=2: m = 0.1, v = 0.255 but v_max stays 0.5, step = 0.1/0.19,
        //      denominator √0.5/√0.75 + ε = 0.81649659…                           θ = 0.8355397454004426
        // (plain Adam would divide by √0.255/√0.75 and move twice as far: θ = 0.8097…)
        let kind = OptimizerKind.adam(beta1: 0.9, beta2: 0.5, epsilon: 1e-8, amsgrad: true)
        assertClose(try trajectory(kind, lr: 0.1, gradients: [1, 0.1]), [0.900000001, 0.8355397454004426], relative: exact)
        let plain = try trajectory(.adam(beta1: 0.9, beta2: 0.5, epsilon: 1e-8), lr: 0.1, gradients: [1, 0.1])
        XCTAssertLessThan(plain[1], 0.82)
        let decoupled = OptimizerKind.adamw(beta1: 0.9, beta2: 0.5, epsilon: 1e-8, amsgrad: true)
        assertClose(try trajectory(decoupled, lr: 0.1, gradients: [1, 0.1]), [0.900000001, 0.8355397454004426],
                    relative: exact, "AdamW without decay is Adam")
    }

    func testCenteredRMSpropDividesByTheStandardDeviation() throws {
        // α 0.9, ε 1e-8, lr 0.01, θ0 = 1, g = 0.5, −0.25, 1; ḡ ← ḡ + 0.1·(g − ḡ)
        // t=1: v = 0.025, ḡ = 0.05, √(v − ḡ²) = 0.15                θ = 1 − 0.005/0.15000001 = 0.96666666888…
        // t=2: v = 0.02875, ḡ = 0.02, √(0.0283) = 0.16822…          θ = 0.9815145147799671
        // t=3: v = 0.125875, ḡ = 0.118, √(0.111951) = 0.33459…      θ = 0.9516272618878573
        let path = try trajectory(.rmsprop(alpha: 0.9, centered: true), lr: 0.01, gradients: [0.5, -0.25, 1])
        assertClose(path, [0.9666666688888887, 0.9815145147799671, 0.9516272618878573], relative: exact)
        // With momentum 0.5 and weight decay 0.1 (g' = g + 0.1·θ), the buffer takes g'/√(v − ḡ²).
        let both = try trajectory(.rmsprop(alpha: 0.9, momentum: 0.5, centered: true), lr: 0.01, decay: 0.1,
                                  gradients: [0.5, -0.25, 1])
        assertClose(both, [0.9666666685185185, 0.958408173998616, 0.9239459053075623], relative: exact)
    }

    func testResetStateForgetsTheLargestMomentAndTheFirstStep() throws {
        let parameter = makeParameter([1.0], gradient: [1])
        let optimizer = try Optimizer<Double>(
            settings: OptimizerSettings(kind: .momentum(0.9, dampening: 0.3), learningRate: 0.1), parameters: [parameter])
        optimizer.step(learningRate: 0.1)
        optimizer.resetState()
        parameter.value.pointer[0] = 1
        optimizer.step(learningRate: 0.1)
        assertClose(parameter.value.values, [0.9], relative: exact, "after a reset the buffer is a copy of g again")
    }

    func testSwitchesAreValidated() {
        XCTAssertThrowsError(try OptimizerSettings(kind: .momentum(0.9, dampening: 1.5)).validate()) { error in
            XCTAssertTrue("\(error)".contains("dampening must be in [0, 1]"), "\(error)")
        }
    }

    func testModelFilesWrittenBeforeTheSwitchesStillLoad() throws {
        for (json, kind) in [
            (#"{"momentum":{"_0":0.9}}"#, OptimizerKind.momentum(0.9)),
            (#"{"adam":{"beta1":0.9,"beta2":0.999,"epsilon":1e-08}}"#, .adam()),
            (#"{"rmsprop":{"alpha":0.99,"epsilon":1e-08,"momentum":0}}"#, .rmsprop()),
            (#"{"sgd":{}}"#, .sgd),
        ] {
            XCTAssertEqual(try JSONDecoder().decode(OptimizerKind.self, from: Data(json.utf8)), kind)
            // Without the switches, a kind is written exactly as before them.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            XCTAssertEqual(String(decoding: try encoder.encode(kind), as: UTF8.self), json)
        }
        for kind in [OptimizerKind.momentum(0.5, dampening: 0.1), .adamw(amsgrad: true), .rmsprop(momentum: 0.2, centered: true)] {
            XCTAssertEqual(try JSONDecoder().decode(OptimizerKind.self, from: JSONEncoder().encode(kind)), kind)
        }
        XCTAssertThrowsError(try JSONDecoder().decode(OptimizerKind.self, from: Data(#"{"lion":{}}"#.utf8)))
    }
}
