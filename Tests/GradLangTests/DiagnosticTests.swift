import XCTest
@testable import GradLang
@testable import GradSyntax

/// Every diagnostic kind, with the exact text a user sees.
final class DiagnosticTests: XCTestCase {
    func testMisspeltKeywordGetsDidYouMean() {
        XCTAssertEqual(rendered("net dense 20x64 rleu", [.unknownKeyword]), """
        t.grad:1:17: error: unknown option 'rleu' for 'net'
        net dense 20x64 rleu
                        ^~~~
        note: did you mean 'relu'?
        note: see 'help net'
        """)
    }

    func testMisspeltCommand() {
        XCTAssertEqual(rendered("seed 1\ntrian 100", [.unknownCommand]), """
        t.grad:2:1: error: unknown command 'trian'
        trian 100
        ^~~~~
        note: did you mean 'train'?
        note: type 'help' for the list of commands
        """)
        XCTAssertEqual(diagnosticIDs("frobnicate"), [.unknownCommand])
        XCTAssertFalse(rendered("frobnicate").contains("did you mean"))
    }

    func testLexerErrors() {
        XCTAssertEqual(rendered("print \"abc", [.unterminatedString]), """
        t.grad:1:7: error: unterminated string
        print "abc
              ^
        note: add a closing '"' on the same line; a string spanning lines is written \"\"\"…\"\"\"
        """)
        XCTAssertEqual(rendered("print 1 ! 2", [.unexpectedCharacter]), """
        t.grad:1:9: error: unexpected character '!'
        print 1 ! 2
                ^
        note: use 'not' for negation
        """)
        XCTAssertEqual(rendered("print 1e999", [.invalidNumber]), """
        t.grad:1:7: error: number '1e999' is too large
        print 1e999
              ^~~~~
        """)
        XCTAssertEqual(rendered(#"print "a\qb""#, [.invalidEscape]), #"""
        t.grad:1:9: error: unknown escape '\q'
        print "a\qb"
                ^~
        note: valid escapes are \n \t \r \0 \\ \" \$
        """#)
    }

    func testUnexpectedEndOfInputPointsAtTheOpener() {
        XCTAssertEqual(rendered("for i in 1..3 {", [.unexpectedEndOfInput]), """
        t.grad:1:16: error: unexpected end of input; expected '}' to close the block
        for i in 1..3 {
                       ^
        t.grad:1:15: note: to match this '{'
        for i in 1..3 {
                      ^
        """)
        XCTAssertEqual(rendered("let xs = [1, 2", [.unexpectedEndOfInput]), """
        t.grad:1:15: error: unexpected end of input; expected ']' to close the list
        let xs = [1, 2
                      ^
        t.grad:1:10: note: to match this '['
        let xs = [1, 2
                 ^
        """)
    }

    func testExpectedTokenAndExpression() {
        XCTAssertEqual(rendered("let x 3", [.expectedToken]), """
        t.grad:1:7: error: expected '=' after the variable name, found '3'
        let x 3
              ^
        note: write let x = value
        """)
        XCTAssertEqual(rendered("print ,", [.expectedExpression]), """
        t.grad:1:7: error: expected an expression, found ','
        print ,
              ^
        """)
        XCTAssertEqual(rendered("for i inn [1] { }", [.expectedToken]), """
        t.grad:1:7: error: expected 'in' after the loop variable, found 'inn'
        for i inn [1] { }
              ^~~
        note: did you mean 'in'?
        """)
        XCTAssertEqual(rendered(#"print "${1 2}""#, [.expectedToken]), """
        t.grad:1:12: error: expected '}' to close '${', found '2'
        print "${1 2}"
                   ^
        """)
        XCTAssertEqual(rendered(#"print "${1 + }""#, [.expectedExpression]), """
        t.grad:1:14: error: expected an expression, found '}'
        print "${1 + }"
                     ^
        """)
    }

    func testMissingArgumentShowsAnExample() {
        XCTAssertEqual(rendered("seed", [.missingArgument]), """
        t.grad:1:5: error: expected a seed after 'seed', found end of input
        seed
            ^
        note: for example: seed 42
        """)
        XCTAssertEqual(rendered("net dense relu", [.missingArgument]), """
        t.grad:1:11: error: expected the hidden layers after 'dense', found 'relu'
        net dense relu
                  ^~~~
        note: for example: net dense 20x64 relu init he
        """)
        XCTAssertEqual(rendered("data spiral noise\n", [.missingArgument]), """
        t.grad:1:18: error: expected a value after 'noise', found end of line
        data spiral noise
                         ^
        """)
    }

    func testDuplicateAndConflictingOptions() {
        XCTAssertEqual(rendered("data spiral noise 0.1 noise 0.2", [.duplicateOption]), """
        t.grad:1:23: error: 'noise' is given twice
        data spiral noise 0.1 noise 0.2
                              ^~~~~
        t.grad:1:13: note: first given here
        data spiral noise 0.1 noise 0.2
                    ^~~~~
        """)
        XCTAssertEqual(rendered("net dense 20x64 relu tanh", [.conflictingOption]), """
        t.grad:1:22: error: conflicting activations 'relu' and 'tanh'
        net dense 20x64 relu tanh
                             ^~~~
        t.grad:1:17: note: 'relu' given here
        net dense 20x64 relu tanh
                        ^~~~
        """)
        XCTAssertEqual(diagnosticIDs("clip norm 1 value 2"), [.conflictingOption])
        XCTAssertEqual(diagnosticIDs("optim sgd adam"), [.conflictingOption])
        // An interpolated name is a choice too: the word after it used to replace it silently.
        XCTAssertEqual(diagnosticIDs("optim $o momentum 0.5"), [.conflictingOption])
        XCTAssertEqual(diagnosticIDs("data $s spiral 100"), [.conflictingOption])
        // `$max` named no variable (none can be called that) yet parsed; printed as `max`, it did not.
        XCTAssertEqual(diagnosticIDs("print $max(1)"), [.expectedToken])
        XCTAssertEqual(diagnosticIDs("print \"$len\""), [.expectedToken])
        XCTAssertEqual(diagnosticIDs("print max"), [.expectedToken])
        // A keyword cannot name a variable either: `$or` alone parsed as a reference nothing could define.
        XCTAssertEqual(diagnosticIDs("print $or"), [.expectedExpression])
        XCTAssertEqual(diagnosticIDs("$and"), [.expectedExpression])
        XCTAssertEqual(diagnosticIDs("print \"$not\""), [.expectedExpression])
        XCTAssertEqual(diagnosticIDs("print $let + 1"), [.expectedExpression])
        XCTAssertEqual(diagnosticIDs("train 1 steps epochs"), [.conflictingOption])
        XCTAssertEqual(diagnosticIDs("net dense 2x2 init he init xavier"), [.duplicateOption])
        XCTAssertEqual(diagnosticIDs("def f(a, a) { }"), [.duplicateOption])
    }

    func testOptionNotApplicable() {
        XCTAssertEqual(rendered("data moons classes 3", [.optionNotApplicable]), """
        t.grad:1:12: error: 'classes' does not apply to 'moons'
        data moons classes 3
                   ^~~~~~~
        note: 'classes' is for: spiral, blobs
        """)
        XCTAssertEqual(rendered("optim sgd betas 0.9 0.99", [.optionNotApplicable]), """
        t.grad:1:11: error: 'betas' does not apply to 'sgd'
        optim sgd betas 0.9 0.99
                  ^~~~~
        note: 'betas' is for adam and adamw
        """)
        XCTAssertEqual(rendered("clip value 1 style tf", [.optionNotApplicable]), """
        t.grad:1:14: error: 'style' does not apply to 'value'
        clip value 1 style tf
                     ^~~~~
        note: 'style' is for 'norm'
        """)
        XCTAssertEqual(diagnosticIDs("schedule none steps"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("schedule exp 0.9 length 3"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("schedule step 5 min 0.1"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("optim sgd eps 1"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("data spiral target y"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("data csv \"a.csv\" noise 1"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("data csv target y"), [.missingArgument])
    }

    func testInvalidShapes() {
        XCTAssertEqual(rendered("net dense 20x", [.invalidShape]), """
        t.grad:1:14: error: expected a width after 'x', found end of input
        net dense 20x
                     ^
        """)
        XCTAssertEqual(rendered("net dense 64-32.5", [.invalidShape]), """
        t.grad:1:14: error: a layer width must be a whole number of at least 1, found 32.5
        net dense 64-32.5
                     ^~~~
        """)
        XCTAssertEqual(rendered("net dense 5x64-3", [.invalidShape]), """
        t.grad:1:15: error: a shape is either DEPTHxWIDTH or WIDTH-WIDTH-...
        net dense 5x64-3
                      ^
        note: write 20x64 for 20 layers of 64, or 64-32-16 for three layers
        """)
        XCTAssertEqual(diagnosticIDs("net dense 20x64x3"), [.invalidShape])
        XCTAssertEqual(diagnosticIDs("net dense 20x0"), [.invalidShape])
        XCTAssertEqual(diagnosticIDs("net dense 20xrelu"), [.invalidShape])
        XCTAssertEqual(diagnosticIDs("net dense 20x64relu"), [.invalidShape])
    }

    func testWrongArgumentCount() {
        XCTAssertEqual(rendered("print sqrt(1, 2)", [MessageID(domain: "parser", id: "wrongArgumentCount")]), """
        t.grad:1:7: error: 'sqrt' takes 1 argument, got 2
        print sqrt(1, 2)
              ^~~~~~~~~~
        """)
        XCTAssertEqual(rendered("print min()", [MessageID(domain: "parser", id: "wrongArgumentCount")])
                           .split(separator: "\n").first, "t.grad:1:7: error: 'min' takes at least 1 argument, got 0")
        XCTAssertEqual(rendered("print round(1, 2, 3)").split(separator: "\n").first,
                       "t.grad:1:7: error: 'round' takes 1 or 2 arguments, got 3")
    }

    func testReservedNamesAndMisplacedStatements() {
        XCTAssertEqual(rendered("let acc = 1", [.reservedName]), """
        t.grad:1:5: error: 'acc' is a built-in session value and cannot name a variable
        let acc = 1
            ^~~
        note: choose another name, such as 'acc_'
        """)
        XCTAssertEqual(diagnosticIDs("let for = 1"), [.reservedName])
        XCTAssertEqual(diagnosticIDs("def f(loss) { }"), [.reservedName])
        XCTAssertEqual(diagnosticIDs("def sqrt(x) { }"), [.reservedName])
        XCTAssertEqual(diagnosticIDs("def train() { }"), [.reservedName])
        XCTAssertEqual(diagnosticIDs("loss = 3"), [.reservedName])
        XCTAssertEqual(rendered("return 1", [.misplacedStatement]), """
        t.grad:1:1: error: 'return' outside a function
        return 1
        ^~~~~~
        """)
        XCTAssertEqual(diagnosticIDs("if true { def g() { } }"), [.misplacedStatement])
    }

    func testHelpTopics() {
        XCTAssertEqual(rendered("help nett", [.unknownHelpTopic]), """
        t.grad:1:6: error: no help for 'nett'
        help nett
             ^~~~
        note: did you mean 'net'?
        note: type 'help' for the list of commands
        """)
        XCTAssertEqual(rendered("help vanishing", [.unknownHelpTopic]), """
        t.grad:1:6: error: no help for 'vanishing'
        help vanishing
             ^~~~~~~~~
        note: for the concept, try 'explain vanishing'
        note: type 'help' for the list of commands
        """)
    }

    func testUnexpectedTokens() {
        XCTAssertEqual(rendered("step 3", [.unexpectedToken]), """
        t.grad:1:6: error: 'step' takes no arguments
        step 3
             ^
        note: see 'help step'
        """)
        XCTAssertEqual(rendered("print 1 < 2 < 3", [.unexpectedToken]), """
        t.grad:1:13: error: comparisons cannot be chained
        print 1 < 2 < 3
                    ^
        note: combine them with 'and', as in a < b and b < c
        """)
        XCTAssertEqual(rendered("}", [.unexpectedToken]), """
        t.grad:1:1: error: unexpected '}' with no open block
        }
        ^
        """)
        XCTAssertEqual(rendered("show grds", [.unknownKeyword]), """
        t.grad:1:6: error: unknown target 'grds' for 'show'
        show grds
             ^~~~
        note: did you mean 'grads'?
        note: see 'help show'
        """)
        XCTAssertEqual(diagnosticIDs("seed 1 2"), [.unexpectedToken])
        XCTAssertEqual(diagnosticIDs("print loss()"), [.unexpectedToken])
    }

    func testUnquotedFileNameIsOneError() {
        XCTAssertEqual(rendered("save m.json", [.expectedToken]), """
        t.grad:1:6: error: expected a file name in quotes after 'save'
        save m.json
             ^~~~~~
        note: write save "m.json"
        """)
    }

    func testSeveralErrorsAreAllReported() {
        let text = """
        seed 42
        data spiral 1536 classes 3 noise 0.2
        net dense 20x64 rleu init he
        trian 100
        for d in [5, 10] {
          net dense ${d}x32 sigmod
          train 1
        }
        optim adam lr
        print "done"
        """
        let (program, diagnostics) = Parser.parse(text, name: "multi.grad")
        XCTAssertEqual(diagnostics.map(\.description), [
            "multi.grad:3:17: error: unknown option 'rleu' for 'net'",
            "multi.grad:4:1: error: unknown command 'trian'",
            "multi.grad:6:21: error: unknown option 'sigmod' for 'net'",
            "multi.grad:9:14: error: expected a value after 'lr', found end of line",
        ])
        XCTAssertEqual(diagnostics.map(\.id), [.unknownKeyword, .unknownCommand, .unknownKeyword, .missingArgument])
        XCTAssertEqual(diagnostics.map { $0.notes.first?.message },
                       ["did you mean 'relu'?", "did you mean 'train'?", "did you mean 'sigmoid'?", nil])
        // The good statements around the errors still parse.
        XCTAssertEqual(program.dump, """
        seed(42)
        data(spiral, count: 1536, classes: 3, noise: 0.2)
        for d in [5, 10] { train(1, epochs) }
        print("done")
        """)
    }

    func testErrorInsideBlockHeaderStillReportsTheBody() {
        XCTAssertEqual(diagnosticIDs("for i inn [1] {\n  trian 3\n}\nseed 1 2"),
                       [.expectedToken, .unknownCommand, .unexpectedToken])
    }

    func testTabsKeepTheCaretAligned() {
        XCTAssertEqual(rendered("\tnet dense 2x2 rleu"), "t.grad:1:16: error: unknown option 'rleu' for 'net'\n"
            + "\tnet dense 2x2 rleu\n\t              ^~~~\nnote: did you mean 'relu'?\nnote: see 'help net'")
    }

    func testColourIsADecorator() {
        let source = Source(name: "c.grad", text: "trian 1")
        let diagnostic = Parser.parse(source).1[0]
        let colored = DiagnosticRenderer(color: true).render(diagnostic, in: source)
        XCTAssertTrue(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        XCTAssertTrue(colored.contains("\u{1B}[1;32m^~~~~\u{1B}[0m"))
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, DiagnosticRenderer().render(diagnostic, in: source))
    }

    func testRuntimeDiagnosticsRenderTheSameWayWithTheirOwnIDs() {
        let output = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: output)
        XCTAssertEqual(interpreter.run(source: "seed 1\ntrain 10\n", name: "run.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.noData])
        XCTAssertEqual(MessageID.noData.description, "session.noData")
        XCTAssertEqual(output.lines, ["""
        run.grad:2:1: error: there is no data to train on
        train 10
        ^~~~~~~~
        note: load data first, e.g. 'data spiral 1536 classes 3'
        """])
    }

    func testRenderingAcrossFilesAndWithoutSource() {
        let main = Source(name: "main.grad", text: "include \"lib.grad\"")
        let library = Source(name: "lib.grad", text: "seed 1\ntrain x")
        let inLibrary = Diagnostic(id: .undefinedName, message: "undefined variable 'x'", range: library.range(13, 14),
                                   notes: [Note("included from here", range: main.range(0, 18))])
        let sources = [main.name: main, library.name: library]
        XCTAssertEqual(DiagnosticRenderer().render(inLibrary) { sources[$0] }, """
        lib.grad:2:7: error: undefined variable 'x'
        train x
              ^
        main.grad:1:1: note: included from here
        include "lib.grad"
        ^~~~~~~~~~~~~~~~~~
        """)
        XCTAssertEqual(DiagnosticRenderer().render(inLibrary) { _ in nil },
                       "lib.grad:2:7: error: undefined variable 'x'\nmain.grad:1:1: note: included from here")
    }

    func testMultiLineRangeIsUnderlinedToTheEndOfItsFirstLine() {
        let source = Source(name: "m", text: "for i in [1] {\n}\n")
        let diagnostic = Diagnostic(id: .unexpectedToken, message: "x", range: source.range(0, 16))
        XCTAssertEqual(DiagnosticRenderer().render(diagnostic, in: source), "m:1:1: error: x\nfor i in [1] {\n^~~~~~~~~~~~~~")
    }

    func testSuggestionDistance() {
        func distance(_ a: String, _ b: String) -> Int {
            Suggestion.distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        XCTAssertEqual(distance("rleu", "relu"), 1)
        XCTAssertEqual(distance("kitten", "sitting"), 3)
        XCTAssertEqual(distance("", "abc"), 3)
        XCTAssertEqual(Suggestion.closest(to: "ReLU", in: ActivationWord.words), "relu")
        XCTAssertEqual(Suggestion.closest(to: "xaviar", in: InitWord.words), "xavier")
        XCTAssertEqual(Suggestion.closest(to: "optm", in: CommandWord.words), "optim")
        XCTAssertNil(Suggestion.closest(to: "zzzz", in: CommandWord.words))
        XCTAssertNil(Suggestion.closest(to: "q", in: ["a"]))
    }
}
