import GradLang
import GradSyntax
import GradREPL
import XCTest

/// The small decisions the program makes once per run: colour, exit codes, and what to run.
final class PolicyTests: XCTestCase {
    private func color(stdout: Bool = true, stderr: Bool = true, flag: Bool = false,
                       _ environment: [String: String] = ["TERM": "xterm-256color"]) -> Bool {
        ColorPolicy.useColor(stdoutIsTerminal: stdout, stderrIsTerminal: stderr, noColorFlag: flag,
                             environment: environment)
    }

    func testColourOnlyOnATerminalWithoutOptOuts() {
        XCTAssertTrue(color())
        XCTAssertFalse(color(stdout: false))
        XCTAssertFalse(color(stderr: false))
        XCTAssertFalse(color(flag: true))
        XCTAssertFalse(color(["NO_COLOR": "1"]))
        XCTAssertTrue(color(["NO_COLOR": ""]), "an empty NO_COLOR does not count (no-color.org)")
        XCTAssertFalse(color(["TERM": "dumb"]))
    }

    func testExitCodes() {
        XCTAssertEqual(ExitStatus.code(for: .success), 0)
        XCTAssertEqual(ExitStatus.code(for: .failed), 1)
        XCTAssertEqual(ExitStatus.code(for: .expectationsFailed), 1)
        XCTAssertEqual(ExitStatus.usage, 2)
        XCTAssertEqual(ExitStatus.code(forSignal: 2), 130)
        XCTAssertEqual(ExitStatus.code(forSignal: 15), 143)
    }

    func testArgumentParserCodesMapToZeroOrUsage() {
        XCTAssertEqual(ExitStatus.code(forArgumentParserCode: 0), 0)
        XCTAssertEqual(ExitStatus.code(forArgumentParserCode: 64), 2, "EX_USAGE from a validation error")
        XCTAssertEqual(ExitStatus.code(forArgumentParserCode: 1), 2)
    }

    func testCombiningStatusesKeepsTheWorst() {
        XCTAssertEqual(ExitStatus.combine(.success, .success), .success)
        XCTAssertEqual(ExitStatus.combine(.success, .expectationsFailed), .expectationsFailed)
        XCTAssertEqual(ExitStatus.combine(.expectationsFailed, .failed), .failed)
        XCTAssertEqual(ExitStatus.combine(.failed, .success), .failed)
    }

    func testLaunchSteps() {
        XCTAssertEqual(Invocation().steps(stdinIsTerminal: true), [.repl(editor: true)])
        XCTAssertEqual(Invocation().steps(stdinIsTerminal: false), [.standardInput])
        XCTAssertEqual(Invocation(scriptPath: "a.grad").steps(stdinIsTerminal: true), [.script(path: "a.grad")])
        XCTAssertEqual(Invocation(scriptPath: "a.grad", interactive: true).steps(stdinIsTerminal: true),
                       [.script(path: "a.grad"), .repl(editor: true)])
        XCTAssertEqual(Invocation(scriptPath: "a.grad", interactive: true).steps(stdinIsTerminal: false),
                       [.script(path: "a.grad"), .repl(editor: false)])
        XCTAssertEqual(Invocation(commands: ["print 1", "print 2"]).steps(stdinIsTerminal: false),
                       [.commands("print 1\nprint 2")])
        XCTAssertEqual(Invocation(interactive: true).steps(stdinIsTerminal: false), [.repl(editor: false)])
    }
}
