import XCTest
@testable import GradLang
import GradSyntax

/// `sweep` runs every cell from the same state, deterministically, and keeps each as a run; `compare`
/// reads them back.
final class SweepTests: XCTestCase {

    func interpreter(_ script: String, expect status: RunStatus = .success, file: StaticString = #filePath,
                     line: UInt = #line) -> (Interpreter, Lines) {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: script, name: "t.grad"), status, sink.lines.joined(separator: "\n"),
                       file: file, line: line)
        return (interpreter, sink)
    }

    let setup = "seed 1; data spiral 300 classes 3; split 0.8; net dense 3x16 relu init he; batch 32\n"

    func testEveryCellIsKeptAsARunNamedByItsValues() {
        let (interpreter, sink) = interpreter(setup + "sweep act [tanh relu] depth [2 4] lr [0.05] { train 2 }")
        XCTAssertEqual(interpreter.session.runs.map(\.name),
                       ["tanh_d2_lr0.05", "tanh_d4_lr0.05", "relu_d2_lr0.05", "relu_d4_lr0.05"])
        XCTAssertEqual(interpreter.session.runs.map(\.description),
                       ["2x16 tanh init he", "4x16 tanh init he", "2x16 relu init he", "4x16 relu init he"])
        XCTAssertTrue(sink.lines.contains("sweep: 4 cells (act × depth × lr)"), sink.lines.joined(separator: "\n"))
        // The session's own network is untouched.
        XCTAssertEqual(interpreter.session.plan?.summary, "3x16 relu init he")
    }

    func testACellMatchesTheSameRunTypedByHandAndRepeatsExactly() throws {
        let (first, _) = interpreter(setup + "sweep act [tanh relu] depth [2 5] { train 3 }\nnet dense 5x16 tanh init he; train 3")
        let cell = try XCTUnwrap(first.session.runs.first { $0.name == "tanh_d5" })
        let trainer = try XCTUnwrap(first.session.trainer)
        XCTAssertEqual(cell.loss, trainer.lastLoss)
        XCTAssertEqual(cell.lossCurve.map(\.1), trainer.history.records.map(\.loss))
        let (second, _) = interpreter(setup + "sweep act [tanh relu] depth [2 5] { train 3 }")
        for (a, b) in zip(first.session.runs, second.session.runs) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.lossCurve.map(\.1), b.lossCurve.map(\.1), a.name)
            XCTAssertEqual(a.gradientNorms, b.gradientNorms, a.name)
        }
    }

    func testCellsSeeTheScriptsVariablesAndPrintInGridOrder() {
        let (_, sink) = interpreter(setup + "let n = 1\nsweep init [xavier he] { train n; print \"steps\", steps }")
        XCTAssertEqual(sink.lines.filter { $0.hasPrefix("[") }, ["[xavier] steps 8", "[he] steps 8"])
    }

    func testAFailingCellIsReportedAndFailsTheSweep() {
        let (interpreter, sink) = interpreter(setup + "sweep depth [2 3] { assert depth_ok \"stop\" }", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.cellsFailed], sink.lines.joined(separator: "\n"))
        XCTAssertTrue(sink.lines.contains { $0.contains("2 of 2 sweep cells failed") }, sink.lines.joined(separator: "\n"))
        XCTAssertTrue(interpreter.session.runs.isEmpty)
    }

    func testBadValuesAreRejectedBeforeAnyCellRuns() {
        let (bad, sink) = interpreter(setup + "sweep act [relu sigmod] { train 1 }", expect: .failed)
        XCTAssertEqual(bad.lastDiagnosticIDs, [.unknownKeyword], sink.lines.joined(separator: "\n"))
        XCTAssertTrue(sink.lines.joined().contains("did you mean 'sigmoid'?"))
        let (zero, zeroSink) = interpreter(setup + "sweep depth [0] { train 1 }", expect: .failed)
        XCTAssertEqual(zero.lastDiagnosticIDs, [.invalidValue], zeroSink.lines.joined(separator: "\n"))
    }

    func testAListFromAVariable() {
        let (interpreter, _) = interpreter(setup + "let rates = [0.1, 0.01]\nsweep lr rates { train 1 }")
        XCTAssertEqual(interpreter.session.runs.map(\.name), ["lr0.1", "lr0.01"])
    }

    func testSweepNeedsANetwork() {
        let (interpreter, sink) = interpreter("sweep act [relu] { train 1 }", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.notReady], sink.lines.joined(separator: "\n"))
    }

    func testCompareReachesTargetsAndNamesMissingRuns() throws {
        let (interpreter, sink) = interpreter(setup + "sweep act [sigmoid relu] { train 4 }\ncompare relu sigmoid reach 0.9")
        XCTAssertTrue(sink.lines.contains { $0.hasPrefix("run ") && $0.contains("steps to 0.9") }, sink.lines.joined(separator: "\n"))
        let sigmoid = try XCTUnwrap(sink.lines.last { $0.hasPrefix("sigmoid ") })
        XCTAssertTrue(sigmoid.contains("never"), sigmoid)
        XCTAssertEqual(interpreter.run(source: "compare relu sigmod", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.noSuchRun])
        XCTAssertTrue(sink.lines.last?.contains("there is no run named 'sigmod' (did you mean 'sigmoid'?)") == true,
                      sink.lines.last ?? "")
    }

    func testStepsToReachUsesARunningMean() {
        let curve = [(1, 2.0), (2, 0.1), (3, 1.0), (4, 0.5), (5, 0.4)]
        // running means: 2, 1.05, 1.033, 0.9, 0.8 — the first at most 1 is at step 4
        XCTAssertEqual(CompareView.stepsToReach(1.0, in: curve), 4)
        XCTAssertNil(CompareView.stepsToReach(0.1, in: curve))
    }
}
