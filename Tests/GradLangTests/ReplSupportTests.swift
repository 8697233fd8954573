import XCTest
@testable import GradLang
@testable import GradSyntax

/// The parser-side hooks of the REPL: incomplete-input detection and completion candidates.
final class ReplSupportTests: XCTestCase {
    func testOpenDelimitersAndStringsAreIncomplete() {
        for text in [
            "for i in 1..3 {",
            "for i in 1..3 {\n  print i",
            "if acc > 0.5 { print 1 } else {",
            "def f(a) {\n  return a",
            "print (1 +",
            "print [1,\n 2,",
            "let xs = [",
            "print \"\"\"abc",
            "print \"\"\"line one\nline two",
            "print \"a ${1 +",
            "print ${1 +",
            "print f(1,",
        ] {
            XCTAssertTrue(Parser.isIncomplete(text), text)
        }
    }

    func testCompleteOrWrongInputIsNotIncomplete() {
        for text in [
            "",
            "train 10",
            "for i in 1..3 { print i }",
            "for i in 1..3 {\n  print i\n}",
            "print 1 +",
            "let x =",
            "net dense 20x64 rleu",
            "}",
            "for i in 1..3 {\n  trian 3",
            "print \"done\"",
            // A string ends with its line: an open quote is an error at once, so the commands typed next
            // are not swallowed into it.
            "print \"abc",
            "print \"line one\nline two",
            "for i in [1, 2] ) {",
        ] {
            XCTAssertFalse(Parser.isIncomplete(text), text)
        }
    }

    func testCompletionOfCommandWords() {
        XCTAssertEqual(Completion.candidates(for: "tr", cursor: 2), ["train"])
        XCTAssertEqual(Completion.candidates(for: "s", cursor: 1), ["seed", "split", "standardize", "schedule", "step", "show", "save", "sweep"])
        XCTAssertEqual(Completion.candidates(for: "pr", cursor: 2), ["print"])
        XCTAssertEqual(Completion.candidates(for: "de", cursor: 2, variables: ["depth"]), ["def", "depth"])
        XCTAssertEqual(Completion.candidates(for: "seed 1; tr", cursor: 10), ["train"])
        XCTAssertEqual(Completion.candidates(for: "for i in xs { tr", cursor: 16), ["train"])
    }

    func testCompletionAfterACommandWord() {
        XCTAssertEqual(Completion.candidates(for: "net dense 20x64 rel", cursor: 19), ["relu"])
        XCTAssertEqual(Completion.candidates(for: "net dense 20x64 relu init x", cursor: 27), ["xavier"])
        XCTAssertEqual(Completion.candidates(for: "net dense 20x64 relu init he ", cursor: 29),
                       ["uniform", "normal", "fan_in", "fan_out"])
        XCTAssertEqual(Completion.candidates(for: "net dense 4x4 bias ", cursor: 19), ["on", "off"])
        XCTAssertEqual(Completion.candidates(for: "net d", cursor: 5), ["dense"])
        XCTAssertEqual(Completion.candidates(for: "data s", cursor: 6), ["spiral", "sine"])
        XCTAssertEqual(Completion.candidates(for: "data csv \"x.csv\" task ", cursor: 22), ["classification", "regression"])
        XCTAssertEqual(Completion.candidates(for: "optim a", cursor: 7), ["adam", "adamw", "alpha", "amsgrad"])
        XCTAssertEqual(Completion.candidates(for: "show ", cursor: 5, variables: ["x"]).prefix(3), ["net", "grads", "acts"])
        XCTAssertEqual(Completion.candidates(for: "clip norm 1 style ", cursor: 18), ["torch", "tf"])
        XCTAssertEqual(Completion.candidates(for: "explain v", cursor: 9), ["vanishing"])
        XCTAssertEqual(Completion.candidates(for: "help ne", cursor: 7), ["net"])
        XCTAssertEqual(Completion.candidates(for: "train 5 s", cursor: 9), ["steps"])
        XCTAssertEqual(Completion.candidates(for: "train s", cursor: 7, variables: ["steps_per_run"]), ["steps", "steps_per_run"])
        XCTAssertEqual(Completion.candidates(for: "loss ", cursor: 5), ["xent", "mse", "bce"])
        XCTAssertEqual(Completion.candidates(for: "seed ", cursor: 5, variables: ["s"]), ["s"] + SessionValue.words + BuiltinFunction.words)
    }

    func testCompletionAfterAnInterpolatedWordStaysInTheStatement() {
        XCTAssertEqual(Completion.candidates(for: "net dense ${depth}x64 re", cursor: 24),
                       Completion.candidates(for: "net dense 20x64 re", cursor: 18))
        XCTAssertEqual(Completion.candidates(for: "net dense ${depth}x64 re", cursor: 24), ["relu", "residual"])
        XCTAssertEqual(Completion.candidates(for: "for d in xs { net dense ${d}x8 relu init x", cursor: 42), ["xavier"])
        XCTAssertEqual(Completion.candidates(for: "net dense ${de", cursor: 14, variables: ["depth"]), ["depth"])
    }

    func testCompletionInValuePositions() {
        XCTAssertEqual(Completion.candidates(for: "print gr", cursor: 8, variables: ["greeting"]),
                       ["greeting", "gradratio", "grad", "gradstd"])
        XCTAssertEqual(Completion.candidates(for: "lr ba", cursor: 5, variables: ["base"]), ["base"])
        XCTAssertEqual(Completion.candidates(for: "print \"${de", cursor: 11, variables: ["depth"]), [])
        XCTAssertEqual(Completion.candidates(for: "net dense $de", cursor: 13, variables: ["depth"]), ["$depth"])
        XCTAssertEqual(Completion.candidates(for: "for x ", cursor: 6), ["in"])
        XCTAssertEqual(Completion.candidates(for: "expect acc > 0.5 \"m\" po", cursor: 23), ["points"])
    }

    func testCompletionUsesTheCursorNotTheLineEnd() {
        XCTAssertEqual(Completion.candidates(for: "net dense 20x64 rel init he", cursor: 19), ["relu"])
        XCTAssertEqual(Completion.candidates(for: "tr", cursor: 99), ["train"])
        XCTAssertEqual(Completion.candidates(for: "tr", cursor: -1).count, CommandWord.allCases.count + StatementKeyword.allCases.count)
    }

    func testInsideAStringNothingIsOffered() {
        XCTAssertEqual(Completion.candidates(for: "save \"mo", cursor: 8), [])
    }

    func testEveryCommandKeywordIsAcceptedByTheParser() {
        // The completion table and the parser are one vocabulary: each keyword offered after a command
        // must at least be recognised (no "unknown option") in a plausible position.
        for command in CommandWord.allCases {
            for keyword in command.keywords {
                let (_, diagnostics) = Parser.parse("\(command.rawValue) \(keyword)", name: "k")
                XCTAssertFalse(diagnostics.contains { $0.id == .unknownKeyword || $0.id == .unknownHelpTopic },
                               "\(command.rawValue) \(keyword): \(diagnostics.map(\.description))")
            }
        }
    }
}

extension ReplSupportTests {
    func testCompletionAfterAnOptionsValueLooksPastThePreviousWord() {
        XCTAssertEqual(Completion.candidates(for: "plot boundary layer 2 ", cursor: 22), ["unit"])
        XCTAssertEqual(Completion.candidates(for: "plot boundary layer 2 unit 1 ", cursor: 29), [])
        XCTAssertEqual(Completion.candidates(for: "plot boundary ", cursor: 14), ["layer", "unit", "over"])
    }
}
