import Foundation
import GradCore
import GradTestSupport
import XCTest
@testable import GradLang
@testable import GradSyntax

/// Input built to exhaust grad: expressions thousands of operators long, values doubled in a loop,
/// floods of errors, files that are not text. Each must end in a located error, never a crash, and
/// the session must keep working afterwards.
final class HostileInputTests: XCTestCase {
    private func session(memory: Double = 1e9) -> (Interpreter, Lines) { cappedSession(memory: memory) }

    private func text(_ output: Lines) -> String { output.lines.joined(separator: "\n") }

    /// Runs each program in a fresh session: it must fail with the error `id`, saying `expected`, and the
    /// session must answer after.
    private func assertEachFails(_ programs: [String], _ id: MessageID, memory: Double = 1e9, saying expected: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        for program in programs {
            let (interpreter, output) = session(memory: memory)
            XCTAssertEqual(interpreter.run(source: program, name: "t.grad"), .failed, program, file: file, line: line)
            XCTAssertEqual(interpreter.lastDiagnosticIDs, [id], text(output), file: file, line: line)
            XCTAssertTrue(text(output).contains(expected), text(output), file: file, line: line)
            XCTAssertEqual(interpreter.run(source: "print 1 + 1\n", name: "t.grad"), .success, file: file, line: line)
        }
    }

    func testALongChainOfOperatorsIsAnErrorNotAStackOverflow() {
        let chains = [Array(repeating: "1", count: 20_000).joined(separator: " + "),
                      Array(repeating: "true", count: 20_000).joined(separator: " and "),
                      "xs" + String(repeating: "[0]", count: 20_000)]
        assertEachFails(chains.map { "let xs = [1]\nprint \($0)\n" }, .expressionTooLong,
                        saying: "expression too long (more than 1000 operators in a chain)")
    }

    func testAChainWithinTheLimitStillRuns() {
        let (interpreter, output) = session()
        let sum = Array(repeating: "1", count: 1000).joined(separator: " + ")
        XCTAssertEqual(interpreter.run(source: "print \(sum)\n", name: "t.grad"), .success, text(output))
        XCTAssertEqual(output.lines.last, "1000")
    }

    func testAChainTooDeepForASmallThreadStackStopsBeforeTheStackEnds() {
        // 900 links (about 1.4 MB of stack optimized) are within the parser's cap, but not within a
        // 512 kB thread: the evaluator's stack check must stop it (a sweep cell runs on such a thread).
        let chain = Array(repeating: "n", count: 900).joined(separator: " + ")
        let (interpreter, output) = session()
        final class Outcome: @unchecked Sendable { var status: RunStatus? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.status = interpreter.run(source: "let n = 1\nprint \(chain)\n", name: "t.grad")
            done.signal()
        }
        thread.stackSize = 1 << 19
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(outcome.status, .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded], text(output))
    }

    func testDoublingAStringStopsAtTheMemoryLimit() {
        let (interpreter, output) = session(memory: 1e8)
        XCTAssertEqual(interpreter.run(source: "let s = \"ab\"\nfor i in 1..40 { s = s + s }\n", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded], text(output))
        XCTAssertTrue(text(output).contains("over the limit of 100 MB"), text(output))
        XCTAssertTrue(text(output).contains("test limit"), text(output))
        XCTAssertEqual(interpreter.run(source: "print len(s) > 1000000\n", name: "t.grad"), .success)
    }

    func testDoublingAListOrInterpolatingStopsAtTheLimit() {
        assertEachFails(["let l = [1, 2]\nfor i in 1..60 { l = l + l }\n",
                         "let l = [1]\nfor i in 1..60 { l = [l, l] }\n",
                         "let s = \"ab\"\nfor i in 1..60 { s = \"${s}${s}\" }\n"], .limitExceeded, memory: 1e8, saying: "t.grad:2:")
    }

    func testListsNestedInALoopStopAtTheNestingLimit() {
        let (interpreter, output) = session()
        XCTAssertEqual(interpreter.run(source: "let l = []\nfor i in 1..1000000 { l = [l] }\n", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.limitExceeded], text(output))
        XCTAssertTrue(text(output).contains("lists are nested more than 100 deep"), text(output))
        XCTAssertEqual(interpreter.run(source: "print len(l)\n", name: "t.grad"), .success)
    }

    func testAFloodOfErrorsIsCutAfterTwentyWithACount() {
        let (interpreter, output) = session()
        let source = String(repeating: "if true { ", count: 2000) + "\n" + String(repeating: "bogus 1\n", count: 100)
        XCTAssertEqual(interpreter.run(source: source, name: "t.grad"), .failed)
        XCTAssertEqual(output.lines.count, Interpreter.maximumDiagnosticsShown + 1)
        XCTAssertEqual(interpreter.lastDiagnosticIDs,
                       Array(repeating: .nestedTooDeeply, count: Interpreter.maximumDiagnosticsShown), text(output))
        XCTAssertTrue(output.lines.last?.hasPrefix("t.grad: note: ") == true, text(output))
        XCTAssertTrue(output.lines.last?.contains("more errors not shown (a run shows the first 20)") == true, text(output))
        XCTAssertLessThan(text(output).utf8.count, 20_000)
    }

    func testAnEnormousLineIsEchoedAsAWindowAroundTheCaret() {
        let line = "let x = " + String(repeating: "1 + ", count: 500) + "? + " + String(repeating: "1 + ", count: 500) + "1"
        XCTAssertEqual(diagnosticIDs(line), [.unexpectedCharacter])
        let rendered = rendered(line)
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { return XCTFail(rendered) }
        XCTAssertTrue(lines[1].hasPrefix("…") && lines[1].hasSuffix("…"), String(lines[1]))
        XCTAssertLessThanOrEqual(lines[1].count, DiagnosticRenderer.maximumExcerptWidth + 2)
        // The caret still sits under the '?'.
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let word = lines[1].range(of: "?").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
        XCTAssertEqual(caret, word, rendered)
    }

    func testControlCharactersAreShownAsPictures() {
        XCTAssertEqual(diagnosticIDs("print \"a\" \u{0}\u{1} nope"), [.unexpectedCharacter, .unexpectedCharacter])
        let rendered = rendered("print \"a\" \u{0}\u{1} nope")
        XCTAssertTrue(rendered.contains("print \"a\" \u{2400}\u{2401} nope"), rendered)
    }

    func testAByteOrderMarkIsSkippedAndABinaryFileIsRefusedAsAWhole() throws {
        let withMark = Data([0xEF, 0xBB, 0xBF]) + Data("print 1\n".utf8)
        XCTAssertEqual(try SourceText.decode(withMark).get(), "print 1\n")
        var binary = Data("print 1\n".utf8)
        binary.append(contentsOf: [0x7F, 0x45, 0x00, 0x01])
        guard case .failure(let problem) = SourceText.decode(binary) else { return XCTFail("binary accepted") }
        XCTAssertEqual(problem.reason, "it contains a NUL byte (line 2), so it is not a text file")
        guard case .failure(let latin1) = SourceText.decode(Data([0x70, 0x0A, 0xE9, 0x0A])) else { return XCTFail() }
        XCTAssertEqual(latin1.reason, "it is not UTF-8 text (line 2)")
    }

    func testIncludeNamesTheRealReasonAFileCannotBeRead() throws {
        let (interpreter, output) = session()
        let folder = try makeTemporaryFolder("grad-hostile")
        let script = folder.appendingPathComponent("main.grad").path
        try Data([0, 1, 2]).write(to: folder.appendingPathComponent("blob.grad"))
        XCTAssertEqual(interpreter.run(source: "include \".\"\n", name: script), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.includeFailed], text(output))
        XCTAssertTrue(text(output).contains("cannot include '.': Is a directory"), text(output))
        XCTAssertEqual(interpreter.run(source: "include \"blob.grad\"\n", name: script), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.includeFailed], text(output))
        XCTAssertTrue(text(output).contains("cannot include 'blob.grad': it contains a NUL byte (line 1), so it is not a text file"),
                      text(output))
    }

    func testAModelFileWithTooManyLayersIsRefusedAtOnce() throws {
        let layer = #"{"width":1,"activation":"relu","initializer":"he","batchNorm":false,"residual":false,"bias":true}"#
        let hidden = Array(repeating: layer, count: 200_000).joined(separator: ",")
        let json = #"{"format":"grad-model","version":1,"architecture":{"inputWidth":2,"outputWidth":1,"hidden":["#
            + hidden + #"]},"state_dict":{},"training":{}}"#
        let start = Date()
        XCTAssertThrowsError(try ModelFile.read(data: Data(json.utf8), path: "m.json")) { error in
            XCTAssertTrue("\(error)".contains("the architecture has 200000 hidden layers, more than the limit of 10000"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }
}

/// Conversions, argument ranges, plurals and file reasons a new user trips over.
final class NewUserTrapTests: XCTestCase {
    private func run(_ program: String, arguments: [String] = []) -> (RunStatus, String) {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(arguments: arguments, timings: false), output: output)
        let status = interpreter.run(source: program, name: "t.grad")
        return (status, output.lines.joined(separator: "\n"))
    }

    /// Runs `program`, which must fail; returns the ids of its errors and what it printed.
    private func failure(_ program: String, arguments: [String] = [], file: StaticString = #filePath,
                         line: UInt = #line) -> ([MessageID], String) {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(arguments: arguments, timings: false), output: output)
        XCTAssertEqual(interpreter.run(source: program, name: "t.grad"), .failed, program, file: file, line: line)
        return (interpreter.lastDiagnosticIDs, output.lines.joined(separator: "\n"))
    }

    func testScriptArgumentsConvertToNumbers() {
        let (status, text) = run("print num(args[0]) + 1, int(args[1]), int(-2.7), str(0.1 + 0.2), \"3\" + 1\n"
                                 + "data moons 50\nnet dense ${int(args[0])}x8\n", arguments: ["3", "4"])
        XCTAssertEqual(status, .success, text)
        XCTAssertTrue(text.hasPrefix("4 4 -2 0.30000000000000004 31\n"), text)
        XCTAssertTrue(text.contains("→ 3x8 relu"), text)
    }

    func testANumberSpelledAsAStringGetsAConversionNote() {
        let (ids, text) = failure("net dense ${args[0]}x8\n", arguments: ["3"])
        XCTAssertEqual(ids, [.typeMismatch], text)
        XCTAssertTrue(text.contains("note: convert it with num(…), e.g. num(args[0])"), text)
        let (bad, badText) = failure("print num(\"three\")\n")
        XCTAssertEqual(bad, [.typeMismatch], badText)
    }

    func testRoundDigitsAndPointsAreChecked() {
        let (digits, digitsText) = failure("print round(1.5, 1e9)\n")
        XCTAssertEqual(digits, [.invalidValue], digitsText)
        // The message gives the range of digits allowed.
        let (many, manyText) = failure("print round(1.5, 400)\n")
        XCTAssertEqual(many, [.invalidValue], manyText)
        XCTAssertTrue(manyText.contains("the number of digits must be from -15 to 15, got 400"), manyText)
        let (points, pointsText) = failure("expect true \"x\" points -5\n")
        XCTAssertEqual(points, [.invalidValue], pointsText)
    }

    func testFunctionsRefuseArgumentsOutsideTheirDomain() {
        for source in ["print log(-1)", "print log10(0)", "print sqrt(-4)", "print exp(1000)"] {
            let (ids, text) = failure(source + "\n")
            XCTAssertEqual(ids, [.invalidValue], text)
        }
        let (status, text) = run("print sqrt(16), log10(1000), exp(0), log(exp(2))\n")
        XCTAssertEqual(status, .success, text)
        XCTAssertTrue(text.contains("4 3 1 2"), text)
    }

    func testATooLargeWholeNumberSaysSo() {
        let (ids, text) = failure("data moons 100\nnet dense 1x4\ntrain 1e15 steps\n")
        XCTAssertEqual(ids, [.invalidValue], text)
        XCTAssertTrue(text.contains("is too large: 1.00e15 (the limit is 1e15)"), text)
    }

    func testCountsReadInTheSingularAndHugeLossesInScientificNotation() {
        XCTAssertEqual(Format.count(1, "row"), "1 row")
        XCTAssertEqual(Format.count(2, "step"), "2 steps")
        XCTAssertEqual(Format.fixed(27123008176074.6758), "2.71e13")
        XCTAssertEqual(Format.fixed(0.5), "0.5000")
        let (_, text) = run("data moons 1 noise 0\n")
        XCTAssertFalse(text.contains("1 rows"), text)
        let (_, trained) = run("data moons 100\nnet dense 1x4\ntrain 1 steps\n")
        XCTAssertTrue(trained.contains("trained 1 step "), trained)
    }

    func testFileErrorsNameThePathAndTheRealReason() throws {
        let folder = try makeTemporaryFolder("grad-file-reasons")
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        let name = folder.appendingPathComponent("t.grad").path
        XCTAssertEqual(interpreter.run(source: "load \".\"\n", name: name), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.fileError], output.lines.joined())
        XCTAssertTrue(output.lines.joined().contains("Is a directory"), output.lines.joined())
        XCTAssertFalse(output.lines.joined().contains("NSCocoaErrorDomain"), output.lines.joined())
    }
}

extension NewUserTrapTests {
    func testASpiralThatCannotSplitEvenlySaysWhatWasMade() {
        let (status, text) = run("data spiral 100\n")
        XCTAssertEqual(status, .success)
        XCTAssertTrue(text.contains("note: made 99 rows, not 100: 3 classes of 33 rows each"), text)
        XCTAssertTrue(text.contains("data: spiral, 99 rows"), text)
    }
}

/// PyTorch habits get the grad spelling of the same thing.
final class HabitHintTests: XCTestCase {
    /// The rendered diagnostics of `text`, which must raise exactly the error `id`.
    private func notes(_ text: String, _ id: MessageID, file: StaticString = #filePath, line: UInt = #line) -> String {
        rendered(text, [id], file: file, line: line)
    }

    func testKeywordArgumentStyleNamesTheCommand() {
        let text = notes("lr=0.1", .unexpectedToken)
        XCTAssertTrue(text.contains("error: 'lr' is a command, not a variable"), text)
        XCTAssertTrue(text.contains("note: grad sets it without '=': 'lr 0.1'"), text)
        XCTAssertFalse(text.contains("let lr"), text)
    }

    func testBareNumbersWhereGradNamesTheOption() {
        let optim = notes("optim adam 0.01", .unexpectedToken), clip = notes("clip 1.0", .unexpectedToken)
        XCTAssertTrue(optim.contains("note: the learning rate is named: 'optim … lr 0.01'"), optim)
        XCTAssertTrue(clip.contains("'clip norm 1.0'"), clip)
    }

    func testActivationsAndInitializersAsStatements() {
        let relu = notes("relu he", .unknownCommand), xavier = notes("xavier", .unknownCommand)
        XCTAssertTrue(relu.contains("an activation is set with 'act relu'"), relu)
        XCTAssertTrue(xavier.contains("'init xavier'"), xavier)
    }

    func testShortenedWordsAndSingularUnits() {
        let explain = notes("explain vanish", .unknownKeyword)
        XCTAssertTrue(explain.contains("did you mean 'vanishing'?"), explain)
        XCTAssertEqual(diagnosticIDs("train 3 step"), [])
        XCTAssertEqual(dump("train 3 step"), dump("train 3 steps"))
    }
}

extension NewUserTrapTests {
    func testResidualSaysWhereTheSkipIsDropped() {
        let (_, text) = run("data moons 50\nnet dense 3x8 relu residual\n")
        XCTAssertTrue(text.contains("note: no skip on layer 1: the input and output widths differ (2 → 8)"), text)
    }
}

extension NewUserTrapTests {
    func testRMSpropSettingsCanBeExpressedAndShowSettingsShowsEveryHyperparameter() throws {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        XCTAssertEqual(interpreter.run(source: "optim rmsprop alpha 0.9 momentum 0.5 lr 0.01\n", name: "t.grad"), .success,
                       output.lines.joined(separator: "\n"))
        XCTAssertEqual(interpreter.session.settings.optimizer.kind, .rmsprop(alpha: 0.9, epsilon: 1e-8, momentum: 0.5))
        XCTAssertEqual(diagnosticIDs("optim adam alpha 0.9"), [.optionNotApplicable])
        XCTAssertEqual(interpreter.run(source: "optim adam betas 0.8 0.99 eps 1e-6\n", name: "t.grad"), .success)
        let settings = ShowTables(interpreter.session).showSettings().joined(separator: "\n")
        XCTAssertTrue(settings.contains("optim     adam betas 0.8 0.99 eps 1e-06 lr"), settings)
    }
}

extension NewUserTrapTests {
    func testGradRatioHelpSaysWhereAnExplosionShows() {
        let help = BuiltinFunction.grad.help.summary
        XCTAssertTrue(help.contains("'gradratio' is grad(1) / grad(-1)") && help.contains("bgrad(1) / bgrad(-1)"), help)
    }

    func testCSVErrorsAreLocatedLikeCompilerErrors() throws {
        let folder = try makeTemporaryFolder("grad-csv-located")
        try "a,b,t\n1,2,0\n3,NaN,1\n".write(to: folder.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let (ids, text) = failure("data csv \"\(folder.appendingPathComponent("d.csv").path)\" target \"t\"\n")
        XCTAssertEqual(ids, [.dataRefused], text)
        XCTAssertTrue(text.contains("d.csv:3:2: \"NaN\" is not a finite number (column \"b\")"), text)
    }
}

extension NewUserTrapTests {
    func testHelpWrapsAtWordsToTheTerminalWidth() {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false, width: { 60 }), output: output)
        XCTAssertEqual(interpreter.run(source: "help eval\n", name: "t.grad"), .success)
        let lines = output.lines.joined(separator: "\n").split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(lines.count, 3, "\(lines)")
        for line in lines.dropFirst().dropLast() {
            XCTAssertLessThanOrEqual(line.count, 60, line)
            XCTAssertFalse(line.hasSuffix("evaluat"), line)
        }
    }
}

extension NewUserTrapTests {
    func testShowClipListsOnlyTheStepsOfTheCurrentMode() {
        let (status, text) = run("data moons 100\nnet dense 1x4\nclip norm 0.1\ntrain 2\nclip value 0.01\ntrain 1\nshow clip all\n")
        XCTAssertEqual(status, .success, text)
        XCTAssertTrue(text.contains("all 2 recorded steps since the clip mode was set at step 4"), text)
        XCTAssertFalse(text.split(separator: "\n").contains { $0.hasPrefix("4 ") || $0.hasPrefix("1 ") }, text)
    }
}

extension NewUserTrapTests {
    func testTorchOptimSwitchesCanBeExpressedShownAndReplayed() throws {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        for (source, kind, shown) in [
            ("optim momentum 0.9 dampening 0.1", OptimizerKind.momentum(0.9, dampening: 0.1), "momentum 0.9 dampening 0.1"),
            ("optim adam amsgrad lr 0.01", .adam(amsgrad: true), "adam betas 0.9 0.999 eps 1e-08 amsgrad"),
            ("optim adamw amsgrad", .adamw(amsgrad: true), "adamw betas 0.9 0.999 eps 1e-08 amsgrad"),
            ("optim rmsprop centered momentum 0.5", .rmsprop(momentum: 0.5, centered: true),
             "rmsprop alpha 0.99 momentum 0.5 eps 1e-08 centered"),
        ] {
            XCTAssertEqual(interpreter.run(source: source + "\n", name: "t.grad"), .success, output.lines.joined(separator: "\n"))
            XCTAssertEqual(interpreter.session.settings.optimizer.kind, kind, source)
            let settings = ShowTables(interpreter.session).showSettings().joined(separator: "\n")
            XCTAssertTrue(settings.contains("optim     " + shown), settings)
            // The session log replays it: its line parses back to the same optimizer.
            let replay = Interpreter(options: InterpreterOptions(timings: false), output: Lines())
            let logged = SessionLog.optimizer(interpreter.session.settings.optimizer).sourceText
            XCTAssertEqual(replay.run(source: logged + "\n", name: "r.grad"), .success, logged)
            XCTAssertEqual(replay.session.settings.optimizer.kind, kind, source)
        }
        for source in ["optim sgd amsgrad", "optim nesterov 0.9 dampening 0.1", "optim adam centered", "optim rmsprop amsgrad"] {
            XCTAssertEqual(diagnosticIDs(source), [.optionNotApplicable], source)
        }
        let (ids, text) = failure("optim momentum dampening 2\n")
        XCTAssertEqual(ids, [.invalidSetting], text)
    }
}

extension NewUserTrapTests {
    /// A recorded step is numbered with the epoch it belongs to: the last step of epoch 1 (step 3 of 129 rows
    /// in batches of 64) is epoch 1, as the summary line printed after it says, and step 4 starts epoch 2.
    func testShowHistoryNumbersEachStepWithItsOwnEpoch() throws {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: output)
        let source = "seed 1\ndata spiral 129 classes 3\nbatch 64\nnet dense 1x4\ntrain 2\n"
        XCTAssertEqual(interpreter.run(source: source, name: "t.grad"), .success, output.lines.joined(separator: "\n"))
        let rows = try ShowTables(interpreter.session).showHistory().filter { $0.first?.isNumber == true }
        let epochs = rows.compactMap { row -> (Int, Int)? in
            let columns = row.split(separator: " ")
            guard columns.count > 2, let step = Int(columns[0]), let epoch = Int(columns[1]) else { return nil }
            return (step, epoch)
        }
        XCTAssertEqual(epochs.map(\.0), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(epochs.map(\.1), [1, 1, 1, 2, 2, 2])
    }
}
