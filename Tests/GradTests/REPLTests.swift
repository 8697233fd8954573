import Foundation
import GradLang
import GradSyntax
import GradREPL
import XCTest

/// The REPL loop with a scripted reader and a fake language: no terminal, no libedit, no real grad.
final class REPLTests: XCTestCase {
    func testCompleteEntriesRunOneAtATimeUnderTheREPLName() {
        let (repl, reader, session, _) = make(["print 1", "print 2"])
        repl.run()
        XCTAssertEqual(session.runs.map(\.source), ["print 1", "print 2"])
        XCTAssertEqual(session.runs.map(\.name), ["<repl>", "<repl>"])
        XCTAssertEqual(reader.prompts, ["grad> ", "grad> ", "grad> "])
    }

    func testAnOpenBlockAsksForMoreLinesWithTheContinuationPrompt() {
        let (repl, reader, session, _) = make(["for i in [1, 2] {", "  print i", "}", "eval"])
        repl.run()
        XCTAssertEqual(session.runs.map(\.source), ["for i in [1, 2] {\n  print i\n}", "eval"])
        XCTAssertEqual(reader.prompts, ["grad> ", "...> ", "...> ", "grad> ", "grad> "])
    }

    func testTheLanguageDecidesCompletenessOfTheWholeEntry() {
        let (repl, _, session, _) = make(["print \"two", "lines\""])
        repl.run()
        XCTAssertEqual(session.incompleteQuestions, ["print \"two", "print \"two\nlines\""])
        XCTAssertEqual(session.runs.map(\.source), ["print \"two\nlines\""])
    }

    func testCtrlCDropsTheEntryBeingTypedAndStartsAfresh() {
        let (repl, reader, session, _) = make([.line("for i in [1] {"), .line("print i"), .interrupted, .line("eval")])
        repl.run()
        XCTAssertEqual(session.runs.map(\.source), ["eval"])
        XCTAssertEqual(reader.prompts, ["grad> ", "...> ", "...> ", "grad> ", "grad> "])
    }

    func testEndOfInputInsideABlockRunsNothing() {
        let (repl, _, session, _) = make(["for i in [1] {"])
        XCTAssertFalse(repl.run())
        XCTAssertEqual(session.runs.count, 0)
    }

    func testBlankLinesAreSkipped() {
        let (repl, reader, session, _) = make(["", "   ", "eval"])
        repl.run()
        XCTAssertEqual(session.runs.map(\.source), ["eval"])
        XCTAssertEqual(reader.history, ["eval"])
    }

    func testAFailingEntryDoesNotEndTheSession() {
        let (repl, _, session, _) = make(["frobnicate", "eval"])
        session.statuses = ["frobnicate": .failed]
        repl.run()
        XCTAssertEqual(session.runs.map(\.source), ["frobnicate", "eval"])
    }

    func testEntriesGoToTheEditorHistoryWithDuplicatesCollapsed() {
        let (repl, reader, _, _) = make(["train 1", "train 1", "eval", "train 1"])
        repl.run()
        XCTAssertEqual(reader.history, ["train 1", "eval", "train 1"])
        XCTAssertEqual(repl.history.entries, ["train 1", "eval", "train 1"])
    }

    func testEveryEntryIsSavedToTheHistoryFileAtOnce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grad-repl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = ScriptedReader([.line("seed 1"), .line("for i in [1] {"), .line("print i"), .line("}")])
        let repl = REPL(session: FakeSession(), reader: reader, signals: FakeSignals(),
                        history: History(entries: ["older"]), historyFile: HistoryFile(path: path))
        repl.run()
        XCTAssertEqual(HistoryFile(path: path).load().entries, ["older", "seed 1", "for i in [1] {\nprint i\n}"])
    }

    func testAnUnwritableHistoryFileIsReportedOnce() {
        var reports: [String] = []
        let repl = REPL(session: FakeSession(), reader: ScriptedReader([.line("a"), .line("b")]), signals: FakeSignals(),
                        historyFile: HistoryFile(path: "/proc/no-such-dir/history"),
                        reportHistoryError: { reports.append($0) })
        repl.run()
        XCTAssertEqual(reports.count, 1)
        XCTAssertTrue(reports.first?.contains("/proc/no-such-dir/history") ?? false)
    }

    func testPhasesAroundReadingAndRunning() {
        let (repl, _, _, signals) = make(["eval"])
        repl.run()
        XCTAssertEqual(signals.phases, [.editing, .idle, .running, .idle, .editing, .idle])
    }

    func testAPipeReaderIsNotInterruptible() {
        let reader = ScriptedReader([.line("eval")])
        reader.isInterruptible = false
        let signals = FakeSignals()
        REPL(session: FakeSession(), reader: reader, signals: signals).run()
        XCTAssertEqual(signals.phases.first, .readingPipe)
    }

    func testSigtermEndsTheLoopAfterTheCurrentCommand() {
        let (repl, _, session, signals) = make(["train 100", "eval"])
        session.onRun = { _ in signals.terminationRequested = true }
        XCTAssertTrue(repl.run())
        XCTAssertEqual(session.runs.map(\.source), ["train 100"])
    }

    func testSigtermAtThePromptEndsTheLoop() {
        let reader = ScriptedReader([.interrupted, .line("eval")])
        let signals = FakeSignals()
        signals.terminationRequested = true
        let session = FakeSession()
        XCTAssertTrue(REPL(session: session, reader: reader, signals: signals).run())
        XCTAssertEqual(session.runs.count, 0)
    }

    func testASigtermFromBeforeTheLoopEndsItWithoutWaitingForInput() {
        // Piped input that never ends would otherwise keep the REPL waiting with the SIGTERM ignored.
        let reader = ScriptedReader([.line("eval")])
        reader.isInterruptible = false
        let signals = FakeSignals()
        signals.terminationRequested = true
        let session = FakeSession()
        XCTAssertTrue(REPL(session: session, reader: reader, signals: signals).run())
        XCTAssertEqual(reader.prompts, [], "the REPL waited for input after SIGTERM")
        XCTAssertEqual(session.runs.count, 0)
    }

    func testAfterCommandRunsAfterEveryEntry() {
        var calls = 0
        let repl = REPL(session: FakeSession(), reader: ScriptedReader([.line("a"), .line("b")]), signals: FakeSignals(),
                        afterCommand: { calls += 1 })
        repl.run()
        XCTAssertEqual(calls, 2)
    }

    func testStreamReaderReadsLinesWithoutPrompting() {
        var lines = ["print 1", "print 2"]
        let reader = StreamLineReader { lines.isEmpty ? nil : lines.removeFirst() }
        XCTAssertEqual(reader.readLine(prompt: "grad> "), .line("print 1"))
        XCTAssertEqual(reader.readLine(prompt: "grad> "), .line("print 2"))
        XCTAssertEqual(reader.readLine(prompt: "grad> "), .endOfInput)
        XCTAssertFalse(reader.isInterruptible)
    }

    private func make(_ lines: [String]) -> (REPL, ScriptedReader, FakeSession, FakeSignals) {
        make(lines.map { LineReadResult.line($0) })
    }

    private func make(_ results: [LineReadResult]) -> (REPL, ScriptedReader, FakeSession, FakeSignals) {
        let reader = ScriptedReader(results)
        let session = FakeSession()
        let signals = FakeSignals()
        return (REPL(session: session, reader: reader, signals: signals), reader, session, signals)
    }
}

/// Plays back a fixed list of read results and records the prompts it was shown.
final class ScriptedReader: LineReader {
    private var results: [LineReadResult]
    private(set) var prompts: [String] = []
    private(set) var history: [String] = []
    var isInterruptible = true

    init(_ results: [LineReadResult]) {
        self.results = results
    }

    func readLine(prompt: String) -> LineReadResult {
        prompts.append(prompt)
        return results.isEmpty ? .endOfInput : results.removeFirst()
    }

    func addToHistory(_ entry: String) {
        history.append(entry)
    }
}

/// A language whose only grammar is "braces and quotes must balance".
final class FakeSession: LanguageSession {
    private(set) var runs: [(source: String, name: String)] = []
    private(set) var incompleteQuestions: [String] = []
    var statuses: [String: RunStatus] = [:]
    var onRun: (String) -> Void = { _ in }

    func run(source: String, name: String) -> RunStatus {
        runs.append((source, name))
        onRun(source)
        return statuses[source] ?? .success
    }

    func isIncomplete(_ text: String) -> Bool {
        incompleteQuestions.append(text)
        let opens = text.filter { $0 == "{" }.count, closes = text.filter { $0 == "}" }.count
        return opens > closes || text.filter { $0 == "\"" }.count % 2 == 1
    }

    func completions(for line: String, cursor: Int) -> [String] { [] }
    func requestInterrupt() {}
    func finish() -> RunStatus { .success }
}

/// Records the phases the REPL announces; termination is set by the test.
final class FakeSignals: InterruptSource {
    private(set) var phases: [SignalPhase] = []
    var terminationRequested = false

    func enter(_ phase: SignalPhase) {
        phases.append(phase)
    }
}
