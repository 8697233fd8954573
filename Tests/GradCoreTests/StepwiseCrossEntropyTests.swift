import XCTest
@testable import GradCore

/// Cross-entropy at every time step (memorization's loss): the value PyTorch's `CrossEntropyLoss` gives on
/// the logits reshaped to steps × classes, its gradient by finite differences, and the trainer's use of it.
final class StepwiseCrossEntropyTests: XCTestCase {
    private let rows = 3, steps = 4, classes = 5

    /// Logits drawn from a seed, and one-hot targets with a class per step.
    private func fixture() -> (Matrix<Double>, [Double], [[Int]]) {
        var rng = SeededGenerator(seed: 17)
        let logits = Matrix<Double>(rows: rows, cols: steps * classes)
        for i in 0..<logits.count { logits.pointer[i] = 3 * rng.nextNormal() }
        let labels = (0..<rows).map { _ in (0..<steps).map { _ in rng.nextInt(below: classes) } }
        var targets = [Double](repeating: 0, count: rows * steps * classes)
        for row in 0..<rows { for step in 0..<steps { targets[(row * steps + step) * classes + labels[row][step]] = 1 } }
        return (logits, targets, labels)
    }

    private func loss(_ logits: Matrix<Double>, _ targets: [Double], gradient: Matrix<Double>? = nil) -> LossResult {
        targets.withUnsafeBufferPointer { t in
            LossFunction.crossEntropy.evaluate(logits: logits, batch: rows, targets: .values(t.baseAddress!),
                                               gradient: gradient, stepClasses: classes)
        }
    }

    func testTheValueIsTheMeanOverStepsOfEachStepsCrossEntropy() {
        let (logits, targets, labels) = fixture()
        var expected = 0.0
        for row in 0..<rows {
            for step in 0..<steps {
                let z = (0..<classes).map { logits.pointer[row * steps * classes + step * classes + $0] }
                expected += Foundation.log(z.map { Foundation.exp($0) }.reduce(0, +)) - z[labels[row][step]]
            }
        }
        XCTAssertEqual(loss(logits, targets).loss, expected / Double(rows * steps), accuracy: 1e-12)
    }

    func testTheGradientMatchesFiniteDifferences() {
        let (logits, targets, _) = fixture()
        let gradient = Matrix<Double>(rows: rows, cols: steps * classes)
        _ = loss(logits, targets, gradient: gradient)
        let h = 1e-6
        for i in 0..<logits.count {
            let saved = logits.pointer[i]
            logits.pointer[i] = saved + h
            let up = loss(logits, targets).loss
            logits.pointer[i] = saved - h
            let down = loss(logits, targets).loss
            logits.pointer[i] = saved
            let numeric = (up - down) / (2 * h)
            XCTAssertEqual(gradient.pointer[i], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "logit \(i)")
        }
    }

    func testARowIsCorrectOnlyWhenEveryStepIs() {
        let (logits, targets, labels) = fixture()
        for step in 0..<steps {  // row 0 right at every step, row 1 right at all but the last
            for row in 0..<2 { logits.pointer[row * steps * classes + step * classes + labels[row][step]] = 100 }
        }
        logits.pointer[steps * classes + (steps - 1) * classes + labels[1][steps - 1]] = -100
        let wrongRow2 = (0..<steps).contains { step in
            let z = (0..<classes).map { logits.pointer[2 * steps * classes + step * classes + $0] }
            return z.firstIndex(of: z.max()!) != labels[2][step]
        }
        XCTAssertEqual(loss(logits, targets).correct, wrongRow2 ? 1 : 2)
    }

    /// The trainer takes memorization's loss from log 6 (a uniform guess) well down; cross-entropy on other
    /// regression data is still refused.
    func testTheTrainerUsesItForMemorizationOnly() throws {
        var rng = SeededGenerator(seed: 3)
        let data = try SequenceTask.memorization.generate(count: 256, length: 5, using: &rng)
        XCTAssertEqual(data.stepClasses, 6)
        XCTAssertEqual(data.rows(Array(0..<10)).stepClasses, 6, "a subset keeps its steps' classes")
        let trainer = try Fixture.recurrentTrainer(
            RecurrentSpec(cell: .gru, steps: 25, hidden: [16], headReadsEveryStep: true), for: data,
            outputs: data.task.outputCount, loss: .crossEntropy, using: &rng)
        let before = trainer.evaluate(data).loss
        XCTAssertEqual(before, Foundation.log(6), accuracy: 0.3)
        _ = try trainer.train(on: data, test: nil, budget: .epochs(5), using: &rng)
        XCTAssertLessThan(trainer.evaluate(data).loss, before / 2)

        let adding = try SequenceTask.adding(.pascanu).generate(count: 8, length: 10, using: &rng)
        let regression = try Fixture.recurrentTrainer(
            RecurrentSpec(cell: .rnn(.tanh), steps: 10, hidden: [4]), for: adding, outputs: 1, loss: .crossEntropy,
            using: &rng)
        XCTAssertThrowsError(try regression.check(adding)) {
            XCTAssertEqual($0 as? TrainingError, .crossEntropyOnRegression)
        }
    }
}
