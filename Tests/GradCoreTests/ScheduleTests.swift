import Foundation
import XCTest

@testable import GradCore

/// Expected rates are the PyTorch schedulers' closed forms worked by hand; each matches the `lr`
/// torch 2.x reports when `scheduler.step()` runs after every optimizer step.
final class ScheduleTests: XCTestCase {
    let exact = 1e-12

    private func rates(_ schedule: LearningRateSchedule, base: Double, steps: [Int]) -> [Double] {
        steps.map { schedule.rate(base: base, step: $0) }
    }

    func testConstant() {
        XCTAssertEqual(rates(.constant, base: 0.1, steps: [0, 1, 1000]), [0.1, 0.1, 0.1])
    }

    func testStepLR() {
        // 0.1·0.5^⌊s/3⌋
        assertClose(
            rates(.step(every: 3, gamma: 0.5), base: 0.1, steps: [0, 2, 3, 5, 6, 7, 30]),
            [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.1 / 1024], relative: exact)
    }

    func testExponentialLR() {
        // 1·0.9^s
        assertClose(
            rates(.exponential(gamma: 0.9), base: 1, steps: [0, 1, 2, 3, 4]),
            [1, 0.9, 0.81, 0.729, 0.6561], relative: exact)
    }

    func testCosineAnnealing() {
        // 0.01 + (0.11 − 0.01)·(1 + cos(π·s/10))/2:
        // s=0 → 0.11; s=2 → 0.01 + 0.05·(1 + cos 36°) = 0.01 + 0.05·1.80901699437495 = 0.100450849718747
        // s=5 → 0.01 + 0.05·1 = 0.06; s=7 → 0.01 + 0.05·(1 − 0.587785252292473) = 0.0306107373853764
        // s=10 → 0.01, and it stays there (PyTorch's periodic form would climb back to 0.0124 at s=11).
        assertClose(
            rates(.cosine(total: 10, minimum: 0.01), base: 0.11, steps: [0, 2, 5, 7, 10, 11, 500]),
            [0.11, 0.10045084971874738, 0.06, 0.030610737385376355, 0.01, 0.01, 0.01], relative: exact)
        // Default floor 0: halfway is half the base.
        assertClose(LearningRateSchedule.cosine(total: 100).rate(base: 0.4, step: 50), 0.2, relative: exact)
    }

    func testLinearWarmupThenConstant() {
        // s < 4: 0.2·(s + 1)/4 — the first update already moves; from s = 4 the base.
        assertClose(
            rates(.warmup(steps: 4), base: 0.2, steps: [0, 1, 2, 3, 4, 100]),
            [0.05, 0.1, 0.15, 0.2, 0.2, 0.2], relative: exact)
    }

    func testWarmupThenStepRestartsTheCountAtTheEndOfWarmup() {
        // warm-up 2 (0.5, 1), then StepLR(2, 0.1) counting from 0 at s = 2: 1, 1, 0.1, 0.1, 0.01
        assertClose(
            rates(.warmup(steps: 2, then: .step(every: 2, gamma: 0.1)), base: 1, steps: [0, 1, 2, 3, 4, 5, 6]),
            [0.5, 1, 1, 1, 0.1, 0.1, 0.01], relative: exact)
    }

    func testWarmupThenCosine() {
        // warm-up 5 then cosine over 10 to 0: s = 4 → base, s = 10 → cosine at 5/10 = base/2, s = 15 → 0.
        let schedule = LearningRateSchedule.warmup(steps: 5, then: .cosine(total: 10, minimum: 0))
        assertClose(rates(schedule, base: 1, steps: [0, 4, 5, 10, 15]), [0.2, 1, 1, 0.5, 0], relative: exact)
    }

    func testZeroWarmupIsNoWarmup() {
        XCTAssertEqual(
            LearningRateSchedule.warmup(steps: 0, then: .exponential(gamma: 0.5)).rate(base: 1, step: 1), 0.5)
    }

    func testNegativeStepsCountAsTheFirstStep() {
        XCTAssertEqual(LearningRateSchedule.exponential(gamma: 0.5).rate(base: 1, step: -3), 1)
        XCTAssertEqual(LearningRateSchedule.warmup(steps: 4).rate(base: 1, step: -1), 0.25)
    }

    func testEpochsConvertToSteps() throws {
        // 3 steps per epoch: StepLR every 2 epochs is every 6 steps.
        XCTAssertEqual(
            try LearningRateSchedule.step(every: 2, gamma: 0.5).inEpochs(stepsPerEpoch: 3), .step(every: 6, gamma: 0.5))
        // ExponentialLR stepped per epoch is a staircase: γ once every epoch's worth of steps.
        let perEpoch = try LearningRateSchedule.exponential(gamma: 0.5).inEpochs(stepsPerEpoch: 4)
        XCTAssertEqual(rates(perEpoch, base: 1, steps: [0, 3, 4, 7, 8]), [1, 1, 0.5, 0.5, 0.25])
        // Warm-up and cosine lengths scale, recursively.
        XCTAssertEqual(
            try LearningRateSchedule.warmup(steps: 1, then: .cosine(total: 2, minimum: 0.1)).inEpochs(stepsPerEpoch: 5),
            .warmup(steps: 5, then: .cosine(total: 10, minimum: 0.1)))
        XCTAssertEqual(try LearningRateSchedule.constant.inEpochs(stepsPerEpoch: 7), .constant)
        XCTAssertThrowsError(try LearningRateSchedule.constant.inEpochs(stepsPerEpoch: 0))
        XCTAssertThrowsError(try LearningRateSchedule.step(every: Int.max / 2, gamma: 0.5).inEpochs(stepsPerEpoch: 3))
    }

    func testInvalidSchedulesAreRejectedWithAMessage() {
        let bad: [(LearningRateSchedule, String)] = [
            (.step(every: 0, gamma: 0.5), "period"),
            (.step(every: 10, gamma: 0), "gamma"),
            (.exponential(gamma: .infinity), "gamma"),
            (.cosine(total: 0), "length"),
            (.cosine(total: 10, minimum: -1), "minimum"),
            (.warmup(steps: -1), "warm-up"),
            (.warmup(steps: 10, then: .exponential(gamma: -0.5)), "gamma"),
        ]
        for (schedule, word) in bad {
            XCTAssertThrowsError(try schedule.validate()) { error in
                guard case ScheduleError.invalid(let message) = error else { return XCTFail("unexpected \(error)") }
                XCTAssertTrue(message.contains(word), "\(message) should mention \(word)")
            }
        }
        XCTAssertNoThrow(
            try LearningRateSchedule.warmup(steps: 100, then: .cosine(total: 1000, minimum: 1e-5)).validate())
    }

    func testDescriptionAndCoding() throws {
        let schedule = LearningRateSchedule.warmup(steps: 100, then: .cosine(total: 5000, minimum: 0))
        XCTAssertEqual(schedule.description, "warmup 100 then cosine 5000 (min 0.0)")
        XCTAssertEqual(
            try JSONDecoder().decode(LearningRateSchedule.self, from: JSONEncoder().encode(schedule)), schedule)
    }
}
