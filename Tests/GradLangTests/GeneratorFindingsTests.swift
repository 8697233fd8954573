import Foundation
import GradCore
import GradTestSupport
import XCTest
@testable import GradLang
@testable import GradSyntax

/// One test per problem the program generator found (`GeneratedProgramTests`): each program below
/// trapped, hung, wrote in the wrong place or leaked an internal error before its fix.
final class GeneratorFindingsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTemporaryFolder("grad-findings")
    }

    /// Runs `text` as a script in the scratch folder; returns the status and everything printed.
    private func run(_ text: String, limits: SessionLimits? = nil, on interpreter: Interpreter? = nil,
                     output: Lines = Lines()) -> (status: RunStatus, text: String) {
        let interpreter = interpreter ?? Interpreter(options: InterpreterOptions(timings: false), output: output)
        if let limits { interpreter.limits = limits }
        let status = interpreter.run(source: text, name: folder.appendingPathComponent("t.grad").path)
        return (status, output.lines.joined(separator: "\n"))
    }

    /// Asserts that `text` fails with the error `id` (its message naming `detail`), and that the session then
    /// still runs.
    private func assertRefused(_ text: String, _ id: MessageID, naming detail: String, limits: SessionLimits? = nil,
                               file: StaticString = #filePath, line: UInt = #line) {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        let result = run(text, limits: limits, on: interpreter, output: output)
        XCTAssertEqual(result.status, .failed, result.text, file: file, line: line)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [id], result.text, file: file, line: line)
        XCTAssertTrue(result.text.contains(detail), "expected '\(detail)' in:\n\(result.text)", file: file, line: line)
        XCTAssertEqual(interpreter.run(source: "print 1", name: "<after>"), .success, file: file, line: line)
    }

    // Traps

    func testAHugeLayerNumberInAListIsAnErrorNotAConversionTrap() {
        assertRefused("data moons 50\nnet dense 2x4\nact [1e300] relu\n", .invalidValue, naming: "whole numbers")
        assertRefused("data moons 50\nnet dense 2x4\ninit [1/0] xavier\n", .invalidValue, naming: "whole numbers")
    }

    func testAWidthWhoseParameterCountOverflowsIsRefusedWithTheEstimate() {
        assertRefused("data moons 50\nnet dense 2x999999999999\n", .limitExceeded, naming: "2.00e25 bytes")
    }

    func testTrainingWhoseHistoryCannotBeAllocatedIsRefusedBeforeItStarts() {
        // 100 rows in batches of 1 for 10⁷ epochs is 10⁹ recorded steps: terabytes of statistics.
        assertRefused("data moons 100\nnet dense 1x2\nbatch 1\ntrain 10000000\n", .limitExceeded, naming: "1000000000 training steps")
    }

    func testAStepScheduleCountedInTooManyStepsIsAnErrorNotAnOverflow() {
        assertRefused("data moons 10000\nbatch 1\nnet dense 1x2\nschedule step 999999999999999\n", .invalidValue, naming: "999999999999999")
    }

    // Values that could not be trained with or saved

    func testNonFiniteActivationAndInitParametersAreRefused() {
        assertRefused("data moons 50\nnet dense 1x4 leaky (-1/0)\n", .invalidValue, naming: "the leaky slope")
        assertRefused("data moons 50\nnet dense 1x4 elu (0/0)\n", .invalidValue, naming: "elu's alpha")
        assertRefused("data moons 50\nnet dense 1x4\ninit uniform 0 1e400\n", .invalidNumber, naming: "1e400")
        assertRefused("data moons 50\nnet dense 1x4\ninit constant (1/0)\n", .invalidValue, naming: "the constant")
        assertRefused("data moons 50\nnet dense 1x4 gain (1/0)\n", .invalidValue, naming: "the gain")
    }

    func testSavingInfiniteWeightsNamesTheTensorInsteadOfLeakingAnEncoderError() {
        // A finite std of 1e300 overflows Float: the weights become infinite, which JSON cannot hold.
        assertRefused("data moons 50\nnet dense 1x4\ninit 1 normal 1e300\nsave \"m.json\"\n",
                      .fileError, naming: "tensor '0.weight'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.json").path))
    }

    // Hangs

    func testCtrlCStopsAGradientCheckOfADeepNetwork() {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        XCTAssertEqual(run("data moons 50\nnet dense 300x2 batchnorm\n", on: interpreter, output: output).status, .success)
        let watchdog = DispatchWorkItem { interpreter.requestInterrupt() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2, execute: watchdog)
        let started = Date()
        _ = run("gradcheck\n", on: interpreter, output: output)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "gradcheck ignored Ctrl-C (it took a minute before)")
        XCTAssertTrue(output.lines.contains { $0.hasPrefix("interrupted after") }, output.lines.joined(separator: "\n"))
    }

    // Files in the wrong place

    func testRelativePathsInAFunctionResolveBesideTheScriptThatDefinedIt() throws {
        let result = run("data moons 50\nnet dense 1x4\ndef keep() { save \"inside.json\" }\nkeep()\n")
        XCTAssertEqual(result.status, .success, result.text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("inside.json").path),
                      "a save inside a def wrote relative to the current directory")
        try? FileManager.default.removeItem(atPath: FileManager.default.currentDirectoryPath + "/inside.json")
    }

    // Caps a sweep could get around

    func testSweepCellsRunningSideBySideShareTheMemoryLimit() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // A network of about 8.5 MB: under a 10 MB limit alone, over each cell's share when cells run together.
        let limits = SessionLimits(memoryBytes: 10e6)
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        let result = run("data moons 50\nnet dense 1x2\nsweep width [3400 3401] { backward }\n", limits: limits,
                         on: interpreter, output: output)
        if cores > 1 {
            XCTAssertEqual(result.status, .failed, result.text)
            XCTAssertEqual(interpreter.lastDiagnosticIDs, [.cellsFailed], result.text)
            XCTAssertTrue(result.text.contains("over the limit of \(Format.bytes(10e6 / Double(min(2, cores))))"), result.text)
        } else {
            XCTAssertEqual(result.status, .success, result.text)
        }
    }

    func testSweepCellsObeyTheSessionsCapsAndShareItsTrainingAllowance() {
        let limits = SessionLimits(stepsPerCommand: 50, totalSteps: 100)
        assertRefused("data moons 50\nnet dense 1x4\nsweep lr [0.1 0.01] { train 60 steps }\n",
                      .cellsFailed, naming: "60 is more than the limit of 50", limits: limits)
        // Two cells share the 100 steps left: 50 each, so 60 steps in one cell is over its share.
        assertRefused("data moons 50\nnet dense 1x4\nsweep lr [0.1 0.01] { train 30 steps; train 30 steps }\n",
                      .cellsFailed, naming: "only 20 of the 50", limits: limits)
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        XCTAssertEqual(run("data moons 50\nnet dense 1x4\nsweep lr [0.1 0.01] { train 40 steps }\n", limits: limits,
                           on: interpreter, output: output).status, .success, output.lines.joined(separator: "\n"))
        // The cells' 80 steps count against the session: 20 are left.
        XCTAssertEqual(interpreter.run(source: "train 30 steps\n", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded], output.lines.last ?? "")
        XCTAssertTrue(output.lines.last?.contains("only 20 of the 100 allowed") == true, output.lines.last ?? "")
    }
}
