import Foundation
import XCTest

@testable import GradCore

/// Every expected number below is worked out by hand from the torch.optim documentation's formulas
/// (the working is in the comments); they agree with torch 2.x to the last printed digit.
final class OptimizerTests: XCTestCase {
    /// Double runs the same arithmetic as the hand working, so only rounding separates them.
    let exact = 1e-12
    /// Float keeps ~7 digits.
    let single = 1e-5

    private func optimizer<Scalar>(
        _ kind: OptimizerKind, lr: Double, decay: Double = 0, _ parameters: [Parameter<Scalar>]
    ) throws -> Optimizer<Scalar> {
        try Optimizer(
            settings: OptimizerSettings(kind: kind, learningRate: lr, weightDecay: decay), parameters: parameters)
    }

    /// Steps a one-element parameter through `gradients`, returning θ after each step.
    private func trajectory<Scalar: TrainingScalar>(
        _ kind: OptimizerKind, lr: Double, decay: Double = 0, start: Scalar, gradients: [Scalar]
    ) throws -> [Scalar] {
        let parameter = makeParameter([start], gradient: [0])
        let optimizer: Optimizer<Scalar> = try optimizer(kind, lr: lr, decay: decay, [parameter])
        return gradients.map { gradient in
            setGradient(parameter, [gradient])
            optimizer.step(learningRate: lr)
            return parameter.value.pointer[0]
        }
    }

    func testSGDWithWeightDecay() throws {
        // g' = g + λθ, θ ← θ − lr·g'  (lr 0.1, λ 0.01, g = [0.5, 0.25] both steps)
        // step 1: g' = [0.5 + 0.01, 0.25 − 0.02] = [0.51, 0.23]         → θ = [0.949, −2.023]
        // step 2: g' = [0.5 + 0.00949, 0.25 − 0.02023] = [0.50949, 0.22977] → θ = [0.898051, −2.045977]
        let parameter = makeParameter([1.0, -2.0], gradient: [0.5, 0.25])
        let sgd: Optimizer<Double> = try optimizer(.sgd, lr: 0.1, decay: 0.01, [parameter])
        sgd.step(learningRate: 0.1)
        assertClose(parameter.value.values, [0.949, -2.023], relative: exact)
        sgd.step(learningRate: 0.1)
        assertClose(parameter.value.values, [0.898051, -2.045977], relative: exact)
        // The decay term is formed in a temporary, as in PyTorch: the stored gradient is untouched.
        XCTAssertEqual(parameter.gradient.values, [0.5, 0.25])
        XCTAssertEqual(sgd.stepCount, 2)
    }

    func testMomentum() throws {
        // b ← 0.9·b + g, θ ← θ − 0.1·b; g = 1, 0.5, −1
        // b = 1 → θ = 0.9;  b = 0.9 + 0.5 = 1.4 → θ = 0.76;  b = 1.26 − 1 = 0.26 → θ = 0.734
        let path: [Double] = try trajectory(.momentum(0.9), lr: 0.1, start: 1, gradients: [1, 0.5, -1])
        assertClose(path, [0.9, 0.76, 0.734], relative: exact)
    }

    func testNesterov() throws {
        // b ← 0.9·b + g, θ ← θ − 0.1·(g + 0.9·b); g = 1, 0.5, −1
        // b = 1:    step 1 + 0.9 = 1.9     → θ = 0.81
        // b = 1.4:  step 0.5 + 1.26 = 1.76 → θ = 0.634
        // b = 0.26: step −1 + 0.234 = −0.766 → θ = 0.7106
        let path: [Double] = try trajectory(.nesterov(0.9), lr: 0.1, start: 1, gradients: [1, 0.5, -1])
        assertClose(path, [0.81, 0.634, 0.7106], relative: exact)
    }

    func testMomentumKeepsSeparateStatePerElementAndParameter() throws {
        // The update is linear in g when θ starts at 0, so a parameter fed 2g and −g moves by 2Δ and −Δ,
        // where Δ = 0.734 − 1 = −0.266 from `testMomentum`. A mix-up of state offsets would break this.
        let single = makeParameter([1.0], gradient: [0])
        let pair = makeParameter([0.0, 0.0], gradient: [0, 0], layer: 2)
        let optimizer: Optimizer<Double> = try optimizer(.momentum(0.9), lr: 0.1, [single, pair])
        for g in [1.0, 0.5, -1] {
            setGradient(single, [g])
            setGradient(pair, [2 * g, -g])
            optimizer.step(learningRate: 0.1)
        }
        assertClose(single.value.values, [0.734], relative: exact)
        assertClose(pair.value.values, [-0.532, 0.266], relative: exact)
    }

    func testAdamBiasCorrectionOverThreeSteps() throws {
        // β1 0.9, β2 0.999, ε 1e-8, lr 0.1, θ0 = 1, g = 0.5, −0.25, 1
        // t=1: m = 0.05, v = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
        //      θ = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002
        // t=2: m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225
        //      m̂ = 0.02/0.19 = 0.105263157894…, v̂ = 0.00031225/0.001999 = 0.156203101550…
        //      θ = 0.900000002 − 0.1·m̂/(√v̂ + 1e-8) = 0.873366298707846
        // t=3: m = 0.018 + 0.1 = 0.118, v = 0.000311937… + 0.001 = 0.00131193775
        //      m̂ = 0.118/0.271 = 0.435424354…, v̂ = 0.00131193775/0.002997001 = 0.437750187…
        //      θ = 0.807555139677090
        let expected = [0.900000002, 0.8733662987078463, 0.8075551396770898]
        let path: [Double] = try trajectory(.adam(), lr: 0.1, start: 1, gradients: [0.5, -0.25, 1])
        assertClose(path, expected, relative: exact)
        let floats: [Float] = try trajectory(.adam(), lr: 0.1, start: 1, gradients: [0.5, -0.25, 1])
        assertClose(floats, expected, relative: single, "Float")
    }

    func testAdamAddsEpsilonAfterTheRootOfTheCorrectedSecondMoment() throws {
        // With ε = 0.5 its placement dominates. t=1: m̂ = 0.5, v̂ = 0.25 → θ = 1 − 0.1·0.5/(√0.25 + 0.5) = 0.95.
        // (ε inside the root would give 1 − 0.05/√0.75 = 0.9423; ε before bias correction, 0.99693.)
        // t=2: m̂ = 0.105263157894…, v̂ = 0.156203101550… → θ = 0.95 − 0.1·m̂/(0.395225380… + 0.5) = 0.938241714303025
        let path: [Double] = try trajectory(
            .adam(beta1: 0.9, beta2: 0.999, epsilon: 0.5), lr: 0.1, start: 1, gradients: [0.5, -0.25])
        assertClose(path, [0.95, 0.9382417143030246], relative: exact)
    }

    func testAdamWeightDecayIsAddedToTheGradient() throws {
        // Adam (not W), λ 0.1, lr 0.1, θ0 = 2, g = 0.5:
        // t=1: g' = 0.5 + 0.2 = 0.7; m̂ = 0.7, v̂ = 0.49 → θ = 2 − 0.1·0.7/(0.7 + 1e-8) = 1.90000000142857
        // t=2: g' = 0.5 + 0.190000000142857 = 0.690000000142857
        //      m = 0.063 + 0.069… = 0.132000000014…, v = 0.00048951 + 0.00047610… = 0.00096561000019…
        //      m̂ = 0.6947368421804…, v̂ = 0.48304652336… → θ = 1.80004009435905
        let path: [Double] = try trajectory(.adam(), lr: 0.1, decay: 0.1, start: 2, gradients: [0.5, 0.5])
        assertClose(path, [1.9000000014285714, 1.8000400943590456], relative: exact)
    }

    func testAdamWDecaysTheWeightsBeforeTheAdamStep() throws {
        // AdamW, λ 0.1, lr 0.1, θ0 = 2, constant g = 0.5, so m̂ = 0.5 and v̂ = 0.25 at every t and the
        // Adam part is always 0.1·0.5/(0.5 + 1e-8) = 0.099999998:
        // t=1: θ = 2·(1 − 0.01) − 0.099999998 = 1.880000002
        // t=2: θ = 1.880000002·0.99 − 0.099999998 = 1.76120000398
        // t=3: θ = 1.76120000398·0.99 − 0.099999998 = 1.6435880059402
        let expected = [1.880000002, 1.7612000039800009, 1.6435880059402008]
        let path: [Double] = try trajectory(.adamw(), lr: 0.1, decay: 0.1, start: 2, gradients: [0.5, 0.5, 0.5])
        assertClose(path, expected, relative: exact)
        let floats: [Float] = try trajectory(.adamw(), lr: 0.1, decay: 0.1, start: 2, gradients: [0.5, 0.5, 0.5])
        assertClose(floats, expected, relative: single, "Float")
    }

    func testRMSprop() throws {
        // α 0.99, ε 1e-8 outside the root, lr 0.01, θ0 = 1, g = 0.5, −0.25, 1
        // v = 0.0025:   θ = 1 − 0.01·0.5/(0.05 + 1e-8) = 0.90000002
        // v = 0.002475 + 0.000625 = 0.0031:  θ = 0.90000002 + 0.01·0.25/(0.0556776… + 1e-8) = 0.944901337442175
        // v = 0.003069 + 0.01 = 0.013069:    θ = 0.944901337… − 0.01·1/(0.114320… + 1e-8) = 0.857427378392860
        let path: [Double] = try trajectory(.rmsprop(), lr: 0.01, start: 1, gradients: [0.5, -0.25, 1])
        assertClose(path, [0.900000019999996, 0.9449013374421751, 0.8574273783928595], relative: exact)
    }

    func testRMSpropWithMomentumAndWeightDecay() throws {
        // μ 0.9, λ 0.1, lr 0.01, θ0 = 1, g = 0.5, −0.25, 1
        // t=1: g' = 0.6, v = 0.0036, b = 0.6/(0.06 + 1e-8) = 9.99999833…, θ = 0.900000016666664
        // t=2: g' = −0.25 + 0.0900000017 = −0.15999999833, v = 0.003564 + 0.000256 = 0.00382,
        //      b = 8.99999850 − 2.58874… = 6.41125973724…, θ = 0.835887419294215
        // t=3: g' = 1.0835887419…, v = 0.0155234456…, b = 14.4671521291…, θ = 0.691215898002485
        let path: [Double] = try trajectory(
            .rmsprop(alpha: 0.99, epsilon: 1e-8, momentum: 0.9), lr: 0.01, decay: 0.1, start: 1,
            gradients: [0.5, -0.25, 1])
        assertClose(path, [0.900000016666664, 0.8358874192942146, 0.6912158980024848], relative: exact)
    }

    /// Runs three steps with a constant per-element gradient over buffers long enough for the
    /// vectorized loops (37 and 8 elements), checking every element against a closed form.
    private func checkLongBuffers<Scalar: TrainingScalar>(
        _ kind: OptimizerKind, decay: Double = 0, relative: Double, _: Scalar.Type,
        expected: (_ g: Double, _ theta0: Double) -> Double, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let gradients = (0..<45).map { Double($0 % 9 - 4) * 0.25 + 0.125 }  // ±0.125 … ±1.125, never 0
        let starts = (0..<45).map { Double($0 % 7) * 0.5 - 1 }
        let long = makeParameter(starts[..<37].map { Scalar($0) }, gradient: gradients[..<37].map { Scalar($0) })
        let short = makeParameter(
            starts[37...].map { Scalar($0) }, gradient: gradients[37...].map { Scalar($0) }, layer: 2)
        let optimizer: Optimizer<Scalar> = try optimizer(kind, lr: 0.1, decay: decay, [long, short])
        for _ in 0..<3 { optimizer.step(learningRate: 0.1) }
        let actual = long.value.values + short.value.values
        assertClose(
            actual, zip(gradients, starts).map { expected($0, $1) }, relative: relative, "\(kind.name)", file: file,
            line: line)
    }

    func testLongBuffersTakeTheVectorPathCorrectly() throws {
        // lr 0.1, constant g, three steps.
        // SGD: θ0 − 0.3·g.
        // Momentum μ = 0.5: b = g, 1.5g, 1.75g → θ0 − 0.1·4.25·g.  Nesterov: g + μb = 1.5g, 1.75g, 1.875g → θ0 − 0.1·5.125·g.
        // Adam: a constant g makes m̂ = g and v̂ = g² exactly, so each step is 0.1·g/(|g| + 1e-8).
        // RMSprop: v_t = (1 − 0.99ᵗ)·g², each step 0.1·g/(|g|·√(1 − 0.99ᵗ) + 1e-8).
        // AdamW λ = 0.5: θ ← θ·(1 − 0.05) − 0.1·g/(|g| + 1e-8), three times.
        func adamStep(_ g: Double) -> Double { 0.1 * g / (abs(g) + 1e-8) }
        func rmspropSteps(_ g: Double) -> Double {
            [0.01, 0.0199, 0.029701].reduce(0) { $0 + 0.1 * g / (abs(g) * $1.squareRoot() + 1e-8) }
        }
        func adamw(_ g: Double, _ theta: Double) -> Double {
            (0..<3).reduce(theta) { value, _ in value * 0.95 - adamStep(g) }
        }
        for relative in [exact, single] {
            let type: any TrainingScalar.Type = relative == exact ? Double.self : Float.self
            func check<S: TrainingScalar>(_: S.Type) throws {
                try checkLongBuffers(.sgd, relative: relative, S.self) { g, t in t - 0.3 * g }
                try checkLongBuffers(.momentum(0.5), relative: relative, S.self) { g, t in t - 0.425 * g }
                try checkLongBuffers(.nesterov(0.5), relative: relative, S.self) { g, t in t - 0.5125 * g }
                try checkLongBuffers(.adam(), relative: relative, S.self) { g, t in t - 3 * adamStep(g) }
                try checkLongBuffers(.rmsprop(), relative: relative, S.self) { g, t in t - rmspropSteps(g) }
                try checkLongBuffers(.adamw(), decay: 0.5, relative: relative, S.self) { g, t in adamw(g, t) }
            }
            if type == Double.self { try check(Double.self) } else { try check(Float.self) }
        }
    }

    func testStepUsesTheScheduledRateNotTheBase() throws {
        // Base 1, but the step is asked for lr 0.1: θ = 1 − 0.1·0.5 = 0.95.
        let parameter = makeParameter([1.0], gradient: [0.5])
        let sgd: Optimizer<Double> = try optimizer(.sgd, lr: 1, [parameter])
        sgd.step(learningRate: 0.1)
        assertClose(parameter.value.values, [0.95], relative: exact)
        sgd.step()  // at the base rate: 0.95 − 0.5
        assertClose(parameter.value.values, [0.45], relative: exact)
    }

    func testResetStateRestartsMomentsAndBiasCorrection() throws {
        let parameter = makeParameter([1.0], gradient: [0.5])
        let adam: Optimizer<Double> = try optimizer(.adam(), lr: 0.1, [parameter])
        adam.step(learningRate: 0.1)
        setGradient(parameter, [-0.25])
        adam.step(learningRate: 0.1)
        adam.resetState()
        XCTAssertEqual(adam.stepCount, 0)
        // After a reset the next step is a first step again: m̂ = g, v̂ = g², a move of lr·g/(|g| + ε).
        parameter.value.pointer[0] = 1
        setGradient(parameter, [0.5])
        adam.step(learningRate: 0.1)
        assertClose(parameter.value.values, [0.900000002], relative: exact)
        XCTAssertEqual(adam.stepCount, 1)
    }

    func testDefaultsFollowPyTorch() {
        let adamw = OptimizerSettings(kind: .adamw())
        XCTAssertEqual(adamw.weightDecay, 0.01)
        XCTAssertEqual(adamw.learningRate, 0.001)
        XCTAssertEqual(adamw.kind, .adamw(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        XCTAssertEqual(OptimizerSettings(kind: .adam()).weightDecay, 0)
        XCTAssertEqual(OptimizerSettings(kind: .rmsprop()).learningRate, 0.01)
        XCTAssertEqual(OptimizerSettings(kind: .rmsprop()).kind, .rmsprop(alpha: 0.99, epsilon: 1e-8, momentum: 0))
        XCTAssertEqual(OptimizerSettings(kind: .sgd).learningRate, 0.001)
        XCTAssertEqual(OptimizerSettings(kind: .adamw(), weightDecay: 0).weightDecay, 0)
    }

    func testInvalidSettingsAreRejectedWithAMessage() {
        let bad: [(OptimizerSettings, String)] = [
            (OptimizerSettings(kind: .sgd, learningRate: -0.1), "learning rate"),
            (OptimizerSettings(kind: .sgd, learningRate: .nan), "learning rate"),
            (OptimizerSettings(kind: .sgd, learningRate: 0.1, weightDecay: -1), "weight decay"),
            (OptimizerSettings(kind: .momentum(1.5), learningRate: 0.1), "momentum"),
            (OptimizerSettings(kind: .nesterov(0), learningRate: 0.1), "Nesterov"),
            (OptimizerSettings(kind: .adam(beta1: 1, beta2: 0.999, epsilon: 1e-8), learningRate: 0.1), "beta1"),
            (OptimizerSettings(kind: .adamw(beta1: 0.9, beta2: -0.1, epsilon: 1e-8), learningRate: 0.1), "beta2"),
            (OptimizerSettings(kind: .adam(beta1: 0.9, beta2: 0.999, epsilon: -1), learningRate: 0.1), "epsilon"),
            (OptimizerSettings(kind: .rmsprop(alpha: 1.2, epsilon: 1e-8, momentum: 0), learningRate: 0.1), "alpha"),
        ]
        for (settings, word) in bad {
            XCTAssertThrowsError(try Optimizer<Double>(settings: settings, parameters: [])) { error in
                guard case OptimizerError.invalid(let message) = error else { return XCTFail("unexpected \(error)") }
                XCTAssertTrue(message.contains(word), "\(message) should mention \(word)")
            }
        }
    }

    func testSettingsRoundTripThroughJSON() throws {
        let settings = OptimizerSettings(
            kind: .rmsprop(alpha: 0.9, epsilon: 1e-6, momentum: 0.5), learningRate: 0.02, weightDecay: 1e-4)
        let decoded = try JSONDecoder().decode(OptimizerSettings.self, from: JSONEncoder().encode(settings))
        XCTAssertEqual(decoded, settings)
    }

    /// A measuring step (what recorded statistics use) updates exactly as a plain one does, and its ‖θ‖ and
    /// ‖Δθ‖ equal the norms computed from copies taken before and after. The sizes cross the 1024-value
    /// chunks and the two-core split at 65536 values, with tails that are not multiples of 8.
    func testMeasuringStepsChangeNothingAndMeasureTheUpdate() throws {
        let kinds: [OptimizerKind] = [.sgd, .momentum(0.9), .nesterov(0.9), .adam(), .adamw(), .rmsprop(momentum: 0.5)]
        let sizes = [5, 1024, 3001, 70_003]
        for kind in kinds {
            let plain = sizes.enumerated().map { randomParameter(count: $1, layer: $0 + 1) }
            let measuring = plain.map { copy in
                makeParameter(copy.value.values, gradient: copy.gradient.values, layer: copy.layer)
            }
            let reference: Optimizer<Float> = try optimizer(kind, lr: 0.01, decay: 0.01, plain)
            let measured: Optimizer<Float> = try optimizer(kind, lr: 0.01, decay: 0.01, measuring)
            for _ in 0..<3 {
                let before = measuring.map(\.value.values)
                reference.step(learningRate: 0.01)
                measured.step(learningRate: 0.01, measuringUpdates: true)
                for (index, parameter) in measuring.enumerated() {
                    let after = parameter.value.values
                    XCTAssertEqual(after, plain[index].value.values, "\(kind.name) size \(sizes[index])")
                    let norms = measured.updateNorms(parameter: index)
                    let valueNorm = after.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                    let changeNorm = zip(after, before[index]).reduce(0.0) {
                        let d = Double($1.0 - $1.1)
                        return $0 + d * d
                    }.squareRoot()
                    assertClose(norms.value, valueNorm, relative: 1e-5, "\(kind.name) ‖θ‖ size \(sizes[index])")
                    assertClose(norms.change, changeNorm, relative: 1e-5, "\(kind.name) ‖Δθ‖ size \(sizes[index])")
                    XCTAssertGreaterThan(norms.change, 0)
                }
            }
        }
    }

    /// SGD measures its update as it writes it; the figures must be the very bits of copying each chunk aside,
    /// updating it and comparing (what every other rule does), or recording would show other digits.
    func testSGDMeasuredInRegistersMatchesTheCopiedChunksBitForBit() {
        for count in [1, 7, 8, 1023, 1024, 1025, 3001] {
            for decay: Float in [0, 0.01] {
                let parameter = randomParameter(count: count, layer: 1)
                var values = parameter.value.values, gradients = parameter.gradient.values
                var expectedValues = values
                var expected = UpdateSquares()
                expectedValues.withUnsafeMutableBufferPointer { v in
                    gradients.withUnsafeMutableBufferPointer { g in
                        var done = 0
                        while done < count {
                            let chunk = min(1024, count - done)
                            let before = Array(v[done..<(done + chunk)])
                            OptimizerKernels.sgd(value: v.baseAddress! + done, gradient: g.baseAddress! + done, count: chunk, lr: 0.01, decay: decay)
                            before.withUnsafeBufferPointer { expected.add(new: UnsafePointer(v.baseAddress! + done), old: $0.baseAddress!, count: chunk) }
                            done += chunk
                        }
                    }
                }
                let measured = values.withUnsafeMutableBufferPointer { v in
                    gradients.withUnsafeMutableBufferPointer { g in
                        OptimizerKernels.sgdMeasuring(
                            value: v.baseAddress!, gradient: g.baseAddress!, count: count, lr: 0.01, decay: decay, chunk: 1024)
                    }
                }
                XCTAssertEqual(values, expectedValues, "\(count) values, decay \(decay)")
                XCTAssertEqual(measured, expected, "\(count) values, decay \(decay)")
            }
        }
    }

    private func randomParameter(count: Int, layer: Int) -> Parameter<Float> {
        var rng = SeededGenerator(seed: UInt64(count))
        let values = (0..<count).map { _ in Float.random(in: -1...1, using: &rng) }
        let gradients = (0..<count).map { _ in Float.random(in: -0.1...0.1, using: &rng) }
        return makeParameter(values, gradient: gradients, layer: layer)
    }
}
