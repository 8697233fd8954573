import GradREPL
import XCTest

final class TerminalOutputTests: XCTestCase {
    private let out = BufferStream()
    private let err = BufferStream()
    private var now = 0.0

    private func sink(_ style: TerminalOutput.ProgressStyle, width: Int? = nil) -> TerminalOutput {
        TerminalOutput(standardOutput: out, standardError: err, style: style, clock: { self.now }, width: { width })
    }

    func testResultsGoToStdoutAndDiagnosticsToStderr() {
        let output = sink(.plain)
        output.line("2")
        output.diagnostic("<repl>:1:1: error: unknown command\nfrob\n^~~~")
        output.diagnostic("note: already terminated\n")
        XCTAssertEqual(out.text, "2\n")
        XCTAssertEqual(err.text, "<repl>:1:1: error: unknown command\nfrob\n^~~~\nnote: already terminated\n")
    }

    func testLiveProgressRedrawsOneLineInPlace() {
        let output = sink(.live)
        output.progress("epoch 1", final: false)
        now = 0.2
        output.progress("epoch 2", final: false)
        XCTAssertEqual(out.text, "\repoch 1\u{1B}[K\repoch 2\u{1B}[K")
    }

    func testLiveProgressIsThrottledToTenRedrawsASecond() {
        let output = sink(.live)
        for step in 0..<100 {
            now = Double(step) * 0.01
            output.progress("step \(step)", final: false)
        }
        XCTAssertEqual(out.text.filter { $0 == "\r" }.count, 10)
    }

    func testTheFinalUpdateIsAlwaysShownAndEndsTheLine() {
        let output = sink(.live)
        output.progress("epoch 1", final: false)
        now = 0.01
        output.progress("epoch 2 done", final: true)
        XCTAssertEqual(out.text, "\repoch 1\u{1B}[K\repoch 2 done\u{1B}[K\n")
    }

    func testAResultMidTrainingClearsTheProgressLineFirst() {
        let output = sink(.live)
        output.progress("epoch 1", final: false)
        output.line("note")
        XCTAssertEqual(out.text, "\repoch 1\u{1B}[K\r\u{1B}[Knote\n")
    }

    func testFinishCommandKeepsAnInterruptedProgressLineVisible() {
        let output = sink(.live)
        output.progress("epoch 7", final: false)
        output.finishCommand()
        output.finishCommand()
        XCTAssertEqual(out.text, "\repoch 7\u{1B}[K\n")
    }

    func testLiveProgressIsCutToTheTerminalWidth() {
        let output = sink(.live, width: 10)
        output.progress("epoch 1 loss 0.25 acc 0.9", final: true)
        XCTAssertEqual(out.text, "\repoch 1 l\u{1B}[K\n")
    }

    func testPlainProgressIsAtMostOneLineASecondPlusTheFinalOne() {
        let output = sink(.plain)
        for step in 0..<25 {
            now = Double(step) * 0.1
            output.progress("step \(step)", final: false)
        }
        output.progress("done", final: true)
        XCTAssertEqual(out.text, "step 0\nstep 10\nstep 20\ndone\n")
    }

    func testHiddenProgressPrintsNothing() {
        let output = sink(.hidden)
        output.progress("epoch 1", final: false)
        output.progress("epoch 2", final: true)
        output.finishCommand()
        XCTAssertEqual(out.text, "")
    }
}

/// Collects writes in memory.
final class BufferStream: TextStream {
    private(set) var text = ""

    func write(_ text: String) {
        self.text += text
    }
}

/// On a terminal, a result line wider than the screen is broken between words, never mid-word.
final class TerminalLineWrappingTests: XCTestCase {
    func testAWideLineBreaksBetweenWordsOnATerminalOnly() {
        // A terminal has a width even under --quiet, where progress is hidden; a pipe has none.
        let text = "flags: vanishing when ÷ last < 0.001; exploding when ÷ last > 1000 or ‖∇W‖ > 1000"
        let terminal = BufferStream(), pipe = BufferStream()
        TerminalOutput(standardOutput: terminal, standardError: BufferStream(), style: .hidden, width: { 40 }).line(text)
        TerminalOutput(standardOutput: pipe, standardError: BufferStream(), style: .plain, width: { nil }).line(text)
        XCTAssertEqual(terminal.text, "flags: vanishing when ÷ last < 0.001;\nexploding when ÷ last > 1000 or ‖∇W‖ >\n1000\n")
        XCTAssertEqual(pipe.text, text + "\n", "a pipe or a file gets the line whole")
    }
}
