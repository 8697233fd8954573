import Foundation
import GradCore
import XCTest
@testable import GradLang
@testable import GradSyntax

/// Each job has one path: an interpolated word goes through the parser's grammar, a rule the core checks
/// is not checked again in other words, and each core error gets the language's fix. Errors are told
/// apart by their ids.
final class OnePathTests: XCTestCase {
    func testAnInterpolatedWordTakesItsArgumentsAsALiteralOneDoes() throws {
        let (interpreter, _) = runScript("""
            data spiral 90 classes 3
            let act = "leaky 0.2"
            net dense 2x8 $act
            let o = "momentum 0.5"
            optim $o
            let scheme = "he uniform"
            init all $scheme
            """)
        let spec = try XCTUnwrap(interpreter.session.trainer?.network.spec)
        XCTAssertEqual(spec.hidden.map(\.activation), [.leakyRelu(slope: 0.2), .leakyRelu(slope: 0.2)])
        XCTAssertEqual(spec.hidden.map(\.initializer), [Initializer(.heUniform), Initializer(.heUniform)])
        XCTAssertEqual(interpreter.session.settings.optimizer.kind, .momentum(0.5, dampening: 0))
    }

    func testABadInterpolatedWordIsTheParsersErrorAtTheInterpolation() {
        let (interpreter, output) = runScript("data spiral 90 classes 3\nlet act = \"rleu\"\nnet dense 2x8 $act", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.unknownKeyword])
        XCTAssertTrue(output.lines.joined().hasPrefix("t.grad:3:15: error:"), output.lines.joined())
        XCTAssertTrue(output.lines.joined().contains("did you mean 'relu'?"), output.lines.joined())
        XCTAssertNil(interpreter.session.trainer, "the failed command changed nothing")
    }

    func testAClipThresholdIsCheckedByTheCoresRuleAtTheNumber() {
        let (interpreter, output) = runScript("clip norm 1\nclip value 0", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.invalidValue])
        XCTAssertTrue(output.lines.joined().hasPrefix("t.grad:2:12: error:"), output.lines.joined())
        XCTAssertEqual(interpreter.session.settings.clip, .globalNorm(max: 1))
        XCTAssertThrowsError(try TrainingSettings(clip: .value(-1)).validate()) { error in
            XCTAssertEqual(error as? ClipError, .thresholdNotPositive(what: "the clip value", got: -1))
        }
    }

    func testCoreErrorsCarryDataAndTheLanguageAddsTheFix() {
        let (interpreter, output) = runScript("data sine 90\nloss ce\nnet dense 1x4 tanh\ntrain 1", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.dataMismatch])
        XCTAssertTrue(output.lines.joined().contains("regression task; use 'loss mse'"), output.lines.joined())
        XCTAssertFalse(TrainingError.crossEntropyOnRegression.description.contains("'"),
                       "the core names no command of the language")
        let (batch, batchOutput) = runScript("data spiral 90 classes 3\nnet dense 2x8 relu batchnorm\nbatch 1\ntrain 1", expect: .failed)
        XCTAssertEqual(batch.lastDiagnosticIDs, [.dataMismatch])
        XCTAssertTrue(batchOutput.lines.joined().contains("use 'batch 2' or more"), batchOutput.lines.joined())
    }

    func testAMisspeltCSVTargetGetsTheLanguagesDidYouMean() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-onepath-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("f.csv")
        try "x,label\n1,a\n2,b\n".write(to: csv, atomically: true, encoding: .utf8)
        let (interpreter, output) = runScript("data csv \"\(csv.path)\" target lable", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.dataRefused])
        XCTAssertTrue(output.lines.joined().contains("note: did you mean \"label\"?"), output.lines.joined())
        let (unlike, far) = runScript("data csv \"\(csv.path)\" target species", expect: .failed)
        XCTAssertEqual(unlike.lastDiagnosticIDs, [.dataRefused])
        XCTAssertTrue(far.lines.joined().contains("the columns are: \"x\", \"label\""), far.lines.joined())
    }

    func testEveryKindOfRuntimeProblemHasItsOwnID() {
        let cases: [(String, MessageID)] = [
            ("print y", .undefinedName),
            ("let a = [1]\nprint a[3]", .indexOutOfRange),
            ("print 1 - \"a\"", .typeMismatch),
            ("seed -1", .invalidValue),
            ("train 1", .noData),
            ("data spiral 90 classes 3\ntrain 1", .noNetwork),
            ("data spiral 90 classes 3\nnet dense 2x8 relu\nshow grads", .nothingRecorded),
            ("print max([])", .emptyList),
            ("assert 1 > 2", .assertionFailed),
            ("data spiral 90 classes 3\nnet dense 2x8 relu\nexport history \"h.csv\"", .nothingRecorded),
        ]
        for (script, id) in cases {
            let (interpreter, output) = runScript(script, expect: .failed)
            XCTAssertEqual(interpreter.lastDiagnosticIDs, [id], "\(script): \(output.lines.joined(separator: "\n"))")
        }
    }

    func testADefaultTheHelpQuotesIsTheOneApplied() {
        let (interpreter, _) = runScript("""
            data adding 40
            net lstm 1x4 forgetbias
            expect true "counted"
            """)
        XCTAssertEqual(interpreter.session.sequence?.length, OptionDefaults.sequenceLength)
        XCTAssertEqual(interpreter.session.plan?.recurrent?.initializer.forgetBias, OptionDefaults.forgetBias)
        XCTAssertEqual(interpreter.expectations.first?.points, OptionDefaults.expectPoints)
        XCTAssertTrue(CommandWord.data.declaration.help.summary.contains("(default \(OptionDefaults.sequenceLength))"))
        XCTAssertTrue(CommandWord.net.declaration.help.summary.contains("at B (default \(Format.number(OptionDefaults.forgetBias)))"))
        XCTAssertTrue(CommandWord.schedule.declaration.help.summary.contains("(\(OptionDefaults.cosineEpochs) epochs"))
    }
}
