import Foundation
import GradTestSupport
import XCTest
@testable import GradLang
import GradSyntax

/// What the grader relies on in the language: confined file paths, expectations listed without running,
/// the values an `expect` read, errors inside `expect` as failures, and the session's caps.
final class GradingSupportTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = try makeTemporaryFolder("grad-access")
        for folder in ["submission", "scratch", "hidden"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    private var submission: URL { root.appendingPathComponent("submission") }
    private var scratch: URL { root.appendingPathComponent("scratch") }
    private var confined: FileAccess { .confined(reading: [submission], scratch: scratch) }

    // FileAccess

    func testUnrestrictedResolvesAgainstTheScriptsFolder() throws {
        let url = try FileAccess.unrestricted.writableURL("m.json", relativeTo: submission)
        XCTAssertEqual(url.standardizedFileURL.path, submission.appendingPathComponent("m.json").standardizedFileURL.path)
        XCTAssertEqual(try FileAccess.unrestricted.readableURL("/etc/hostname", relativeTo: submission).path, "/etc/hostname")
    }

    func testConfinedWritesGoToScratchAndKeepTheWrittenName() throws {
        let url = try confined.writableURL("model.json", relativeTo: submission)
        XCTAssertEqual(url.relativePath, "model.json")
        XCTAssertEqual(url.standardizedFileURL.path, scratch.appendingPathComponent("model.json").standardizedFileURL.path)
        XCTAssertNoThrow(try confined.writableURL("runs/a/../b.csv", relativeTo: submission))
        for escape in ["../m.json", "/tmp/m.json", "runs/../../m.json", submission.appendingPathComponent("m.json").path] {
            XCTAssertThrowsError(try confined.writableURL(escape, relativeTo: submission), escape)
        }
    }

    func testConfinedReadsStayInsideTheAllowedFolders() throws {
        try "x".write(to: submission.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("hidden/tests.grad"), atomically: true, encoding: .utf8)
        XCTAssertNoThrow(try confined.readableURL("data.csv", relativeTo: submission))
        XCTAssertThrowsError(try confined.readableURL("../hidden/tests.grad", relativeTo: submission))
        XCTAssertThrowsError(try confined.readableURL("/etc/passwd", relativeTo: submission))
    }

    func testAReadFindsWhatTheScriptSavedInScratch() throws {
        try "{}".write(to: scratch.appendingPathComponent("model.json"), atomically: true, encoding: .utf8)
        let url = try confined.readableURL("model.json", relativeTo: submission)
        XCTAssertEqual(url.standardizedFileURL.path, scratch.appendingPathComponent("model.json").standardizedFileURL.path)
        XCTAssertEqual(url.relativePath, "model.json")
    }

    func testASymbolicLinkOutOfTheFolderIsRefused() throws {
        try FileManager.default.createSymbolicLink(at: submission.appendingPathComponent("peek"),
                                                   withDestinationURL: root.appendingPathComponent("hidden"))
        try "x".write(to: root.appendingPathComponent("hidden/tests.grad"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try confined.readableURL("peek/tests.grad", relativeTo: submission))
    }

    // Expectations listed without running

    func testDeclaredExpectationsAreListedWithTheirPoints() throws {
        let text = """
            expect acc > 0.9 "learns" points 3
            for d in [1, 2] { expect true "in a loop" }
            if steps > 0 { expect true "in a branch" points 2 } else { expect false "otherwise" points 5 }
            def check() { expect true "in a function" points 0.5 }
            expect true "for ${args[0]}" points 2 * 2
            expect true
            """
        let listed = try DeclaredExpectation.list(in: text, name: "tests.grad").get()
        XCTAssertEqual(listed.map(\.message), ["learns", "in a loop", "in a branch", "otherwise", "in a function",
                                               "for ${args[0]}", "expectation at line 6"])
        XCTAssertEqual(listed.map(\.points), [3, 1, 2, 5, 0.5, 1, 1])
        XCTAssertEqual(listed.map(\.location), ["tests.grad:1", "tests.grad:2", "tests.grad:3", "tests.grad:3",
                                                "tests.grad:4", "tests.grad:5", "tests.grad:6"])
    }

    func testAProgramThatDoesNotParseReportsItsDiagnostics() {
        guard case .failure(let failure) = DeclaredExpectation.list(in: "expect acc > (\n", name: "tests.grad") else {
            return XCTFail("a syntax error should not list")
        }
        XCTAssertTrue(failure.rendered.joined().contains("tests.grad:"), failure.rendered.joined())
    }

    // Expect results


    func testAnExpectationRecordsEveryValueItRead() {
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: Lines())
        XCTAssertEqual(interpreter.run(source: """
            let goal = 0.5
            let names = ["a", "b"]
            def twice(x) { return 2 * x }
            expect goal * 2 >= 1 and names[1] == "b" and twice(goal) == 1 and abs(-3) == 3 "values"
            """, name: "t.grad"), .success)
        XCTAssertEqual(interpreter.expectationResults.first?.values,
                       "goal = 0.5, names[1] = \"b\", abs(-3) = 3")
    }

    func testAnErrorInsideExpectStopsAScriptButFailsOneExpectationWhenGrading() {
        let script = "expect grad(3) > 0 \"no network yet\" points 2\nexpect true \"after\"\n"
        let plain = Interpreter(options: InterpreterOptions(), output: Lines())
        XCTAssertEqual(plain.run(source: script, name: "t.grad"), .failed)
        XCTAssertEqual(plain.lastDiagnosticIDs, [.noData])
        XCTAssertEqual(plain.expectationResults.count, 0)

        let grading = Interpreter(options: InterpreterOptions(), output: Lines())
        grading.expectErrorsAreFailures = true
        XCTAssertEqual(grading.run(source: script, name: "t.grad"), .success)
        XCTAssertEqual(grading.expectationResults.map(\.passed), [false, true])
        XCTAssertEqual(grading.expectationResults.first?.points, 2)
        XCTAssertTrue(grading.expectationResults.first?.values.hasPrefix("error: there is no data") == true,
                      grading.expectationResults.first?.values ?? "")
    }

    // Caps

    func testTheTotalStepAllowanceCountsEveryTrainCommand() {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        interpreter.limits = SessionLimits(totalSteps: 30)
        XCTAssertEqual(interpreter.run(source: "data moons 100 noise 0.1\nnet dense 2x8 relu\ntrain 20 steps\n", name: "t.grad"), .success)
        XCTAssertEqual(interpreter.run(source: "train 20 steps\n", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded])
        XCTAssertTrue(output.lines.last?.contains("only 10 of the 30 allowed in this session are left") == true, output.lines.last ?? "")
        // Epochs are counted as the steps they take: 100 rows in batches of 64 is 2 steps an epoch.
        XCTAssertEqual(interpreter.run(source: "train 5\n", name: "t.grad"), .success)
        XCTAssertEqual(interpreter.run(source: "train 1\n", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded])
    }

    func testGeneratedDataOverTheMemoryLimitIsRefusedBeforeItIsMade() {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(), output: output)
        interpreter.limits = SessionLimits(memoryBytes: 1e6)
        XCTAssertEqual(interpreter.run(source: "data spiral 100000\n", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded], output.lines.joined())
        XCTAssertEqual(interpreter.run(source: "data spiral 1000\n", name: "t.grad"), .success)
    }
}
