import Foundation
import GradCore
import XCTest
@testable import GradLang

/// `schedule` in epochs follows PyTorch's schedulers stepped once per epoch; its lengths are stated.
final class ScheduleCommandTests: XCTestCase {
    /// 100 rows in batches of 50: two steps per epoch.
    private func session(_ commands: String) -> (Interpreter, String) {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        let status = interpreter.run(source: "data moons 100\nbatch 50\nnet dense 1x4\n" + commands, name: "t.grad")
        XCTAssertEqual(status, .success, output.lines.joined(separator: "\n"))
        return (interpreter, output.lines.joined(separator: "\n"))
    }

    func testExponentialPerEpochIsPyTorchsStaircase() {
        let (perEpoch, _) = session("schedule exp 0.5\n")
        XCTAssertEqual(perEpoch.session.settings.schedule, .step(every: 2, gamma: 0.5))
        let rates = (0..<5).map { perEpoch.session.settings.schedule.rate(base: 1, step: $0) }
        XCTAssertEqual(rates, [1, 1, 0.5, 0.5, 0.25], "ExponentialLR.step() once per epoch")
        let (perStep, _) = session("schedule exp 0.5 steps\n")
        XCTAssertEqual(perStep.session.settings.schedule, .exponential(gamma: 0.5))
    }

    func testCosineLengthIsShownAndCanBeSet() {
        let (byDefault, text) = session("train 1\nschedule cosine\n")
        XCTAssertEqual(byDefault.session.settings.schedule, .cosine(total: 2 + 200, minimum: 0))
        XCTAssertTrue(text.contains("schedule: cosine over 200 steps (100 epochs of 2 steps), to step 202; 'length N' sets it"), text)
        let (set, _) = session("schedule cosine length 7 min 0.01\n")
        XCTAssertEqual(set.session.settings.schedule, .cosine(total: 14, minimum: 0.01))
        let (inSteps, _) = session("schedule cosine length 7 steps\n")
        XCTAssertEqual(inSteps.session.settings.schedule, .cosine(total: 7, minimum: 0))
        XCTAssertTrue(inSteps.commandLog.commands.contains("schedule cosine min 0 length 7 steps"), "\(inSteps.commandLog.commands)")
    }
}
