import Foundation
import GradCore
import XCTest
@testable import GradSyntax

/// `sourceText` prints a program that reads back as the same program (same `dump`, which leaves out
/// ranges, and no diagnostics) and prints again to the same text: checked over generated programs, over
/// every `.grad` file in the repository, and on exact text for the cases that are easy to get wrong.
final class SourcePrinterTests: XCTestCase {
    /// Parses `text`; when it is valid, checks the round trip and returns true.
    @discardableResult
    private func checkRoundTrip(_ text: String, name: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let (program, diagnostics) = Parser.parse(text, name: name)
        guard diagnostics.isEmpty else { return false }
        let printed = program.sourceText
        let (reparsed, again) = Parser.parse(printed, name: name)
        let context = "\(name)\n--- original:\n\(text)\n--- printed:\n\(printed)"
        XCTAssertEqual(again.map(\.message), [], context, file: file, line: line)
        XCTAssertEqual(reparsed.dump, program.dump, context, file: file, line: line)
        XCTAssertEqual(reparsed.sourceText, printed, "printing is not idempotent: \(context)", file: file, line: line)
        return true
    }

    /// `input` prints as exactly `expected` (plus the final newline), and the round trip holds.
    private func assertPrints(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let (program, diagnostics) = Parser.parse(input, name: "<test>")
        XCTAssertEqual(diagnostics.map(\.message), [], input, file: file, line: line)
        XCTAssertEqual(program.sourceText, expected + "\n", file: file, line: line)
        XCTAssertTrue(checkRoundTrip(input, name: "<test>", file: file, line: line), file: file, line: line)
    }

    // MARK: The property

    func testGeneratedProgramsRoundTrip() {
        var valid = 0
        let seeds: ClosedRange<UInt64> = 1...400
        for seed in seeds {
            var generator = ProgramGenerator(seed: seed)
            for _ in 0..<3 {
                if checkRoundTrip(generator.program(), name: "seed \(seed)") { valid += 1 }
            }
        }
        // The generator writes mostly valid programs; the property must have been exercised on them.
        XCTAssertGreaterThan(valid, seeds.count)
    }

    func testEveryGradFileInTheRepositoryRoundTrips() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let files = try Self.gradFiles(under: root)
        XCTAssertGreaterThan(files.count, 40, "the repository's .grad files were not found under \(root.path)")
        var valid = 0
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            if checkRoundTrip(text, name: url.path) { valid += 1 }
        }
        // The error_* golden scripts and some fuzz seeds are meant not to parse; the rest must round-trip.
        XCTAssertGreaterThan(valid, files.count / 2)
    }

    /// Random token streams and mutated sample scripts (from `FuzzTests`): the few that parse are programs
    /// no one would write, which is where a printer's assumptions break.
    func testRandomProgramsThatParseRoundTrip() {
        var random = SeededGenerator(seed: 5)
        var valid = 0
        let alphabet = Array("{}()[]\"$#;,.=-+*/x0123456789 \nabcdefghijklmnopqrstuvwxyz\\")
        for round in 0..<Self.randomRounds {
            var text = ""
            if round % 2 == 0 {
                for _ in 0..<(1 + random.nextInt(below: 12)) {
                    text += FuzzTests.fragments[random.nextInt(below: FuzzTests.fragments.count)]
                    text += [" ", "", "\n", " "][random.nextInt(below: 4)]
                }
            } else {
                var characters = Array(FuzzTests.samples[random.nextInt(below: FuzzTests.samples.count)])
                for _ in 0..<(1 + random.nextInt(below: 3)) {
                    let at = random.nextInt(below: characters.count)
                    if random.nextInt(below: 2) == 0 {
                        characters.remove(at: at)
                    } else {
                        characters.insert(alphabet[random.nextInt(below: alphabet.count)], at: at)
                    }
                }
                text = String(characters)
            }
            if checkRoundTrip(text, name: "random \(round)") { valid += 1 }
        }
        XCTAssertGreaterThan(valid, Self.randomRounds / 20)
    }

    static let randomRounds = Int(ProcessInfo.processInfo.environment["GRAD_PRINTER_ROUNDS"] ?? "") ?? 20000

    /// The `.grad` files of the repository, outside build and hidden folders.
    private static func gradFiles(under root: URL) throws -> [URL] {
        let skipped: Set<String> = [".build", ".git", "node_modules"]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in walker {
            if skipped.contains(url.lastPathComponent) || url.lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
            } else if url.pathExtension == "grad" {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Programs written to reach the printer's special cases: names that are words in one slot and values
    /// in another, interpolated slots, bare words, paths and shapes built from expressions.
    func testTrickyProgramsRoundTrip() {
        let programs = [
            "let relu = 2\nact $relu tanh\nact relu",
            "let x = 1\nsweep act [x relu] init [$x, he] { train 1 }\nsweep depth [true loss f(1) -2 1..2 [1]] lr $x { }",
            "compare reach 1\ncompare \"reach\" base \"two words\"\nrun $loss\nrun \"a.b\"",
            "data csv \"a.csv\" target $t task classification\ndata $s $n noise 0.1\ndata csv \"b.csv\" target \"my col\"",
            "optim $o lr 0.1\nloss ${\"x\" + \"ent\"}\nfeatures $f \"x y\" [1] x*y",
            "net dense $d-${e + 1}-3 gelu init normal 0 0.1 bias off\nlet w = 4\nlayer (w) $a\nlayer w + 1 leaky",
            "init normal $m $s gain 2\ninit uniform -1 1\nact -1 relu\ninit $i he",
            "print f (x)\nprint a -1\nprint a - 1\nprint a, -1\nsave ${str(1) + \".json\"}\ninclude $p",
            "expect x > 1 msg points 2\nlet s = \"a\"\nprint \"${s}b$s\\\\${s}\"",
            "if a { } else if b { print 1 } else if c { }\nnot true\n-1\n\"s\"\n[1]\ntrue and false",
            "schedule step 30 steps\nschedule exp 0.9\nschedule none\nclip min 1e-3\nplot grads over time\nplot boundary over time",
            "help\nhelp sqrt\nexplain init\nexport tensorboard \"dir\"\nrecord off\nnet dense 0x5\nnet dense ${d}x${w + 1}",
            "let classes = 3\ndata spiral classes $classes\nlet epoch_count = 2\ntrain epoch_count\ndef g(p) { run p }",
            "let été = 1\nprint été\nprint 0.1 + 0.2 1e-300 4.9e-324 1.7976931348623157e308",
            "optim momentum 0.5 dampening 0.1\noptim nesterov\noptim rmsprop momentum 0.9\nshow clip all\nshow grads",
            "(loss + 1)\n(x)[0]\nsteps * 2",
            "print \"${\"${\"${1}\"}\"}\" \"\\t$\" \"{}\"\nprint (1..2)[0]\nprint -x[0]\nprint (-x)[0]\nprint not not a",
        ]
        for (number, program) in programs.enumerated() {
            XCTAssertTrue(checkRoundTrip(program, name: "tricky \(number)"), "does not parse: \(program)")
        }
    }

    // MARK: Exact text

    func testStringsAreReEscapedAndInterpolationsBraced() {
        assertPrints(#"print "a \"q\" \\ \$x ${1 + 2} $name"# + "\t" + #"tab\n\r\0 {}""#,
                     #"print "a \"q\" \\ \$x ${1 + 2} ${name}\ttab\n\r\0 {}""#)
        assertPrints("print \"\"\"two\nlines\"\"\"", #"print "two\nlines""#)
        assertPrints(#"print "outer ${"inner ${1}"}" """#, #"print "outer ${"inner ${1}"}" """#)
    }

    func testNumbersPrintInTheShortestFormThatLexesBack() {
        assertPrints("print 0.001 1e-3 1e-6 1e20 1.5e300 100.0 2.50 123456789012345678",
                     "print 0.001 0.001 1e-06 1e+20 1.5e+300 100 2.5 1.2345678901234568e+17")
    }

    func testOperatorsAreParenthesisedOnlyWherePrecedenceNeedsIt() {
        assertPrints("print -2^2", "print -2^2")
        assertPrints("print (-2)^2", "print (-2)^2")
        assertPrints("print 2^3^2", "print 2^3^2")
        assertPrints("print (2^3)^2", "print (2^3)^2")
        assertPrints("print 2 ** -1", "print 2^-1")
        assertPrints("let a = 1; let b = 2; let c = 3\nprint a - (b - c)\nprint (a - b) - c",
                     "let a = 1\nlet b = 2\nlet c = 3\nprint a - (b - c)\nprint a - b - c")
        assertPrints("let a = true; let b = false\nprint not (a and b)\nprint (not a) and b\nprint a or (b and a)",
                     "let a = true\nlet b = false\nprint not (a and b)\nprint not a and b\nprint a or b and a")
        assertPrints("print (1 < 2) == true\nprint -(1 + 2) * 3\nprint [1, 2][0]", "print (1 < 2) == true\nprint -(1 + 2) * 3\nprint [1, 2][0]")
    }

    func testRanges() {
        assertPrints("for i in 1 .. 5 { print i }", "for i in 1..5 {\n    print i\n}")
        assertPrints("print (1 + 1)..(2 * 3)\nact 1..3 relu", "print 1 + 1..2 * 3\nact 1..3 relu")
    }

    func testNestedBlocksElseIfAndFunctions() {
        let input = """
            def f(x) { if x > 1 { return x } else if x < 0 { return -x } else { for i in [1,2] { print i } }
            return }
            if f(2) == 2 { print "yes" } else { if true { print "no" } }
            """
        let expected = """
            def f(x) {
                if x > 1 {
                    return x
                } else if x < 0 {
                    return -x
                } else {
                    for i in [1, 2] {
                        print i
                    }
                }
                return
            }
            if f(2) == 2 {
                print "yes"
            } else {
                if true {
                    print "no"
                }
            }
            """
        assertPrints(input, expected)
    }

    func testExpectLeaderboardAndExpressionStatements() {
        assertPrints(#"expect acc > 0.9 "learns" points 2 hidden"#, #"expect acc > 0.9 "learns" points 2 hidden"#)
        assertPrints("expect loss < 1", "expect loss < 1")
        assertPrints(#"leaderboard "test accuracy" test_acc desc"#, #"leaderboard "test accuracy" test_acc"#)
        assertPrints(#"leaderboard "loss" loss asc"#, #"leaderboard "loss" loss asc"#)
        assertPrints("(x)\nlet y = 1\ny\nacc", "(x)\nlet y = 1\ny\nacc")
    }

    func testCommandsPrintEveryOptionInCanonicalOrder() {
        assertPrints("net dense 20x64 relu init he fan_out gain 2 batchnorm residual",
                     "net dense 20x64 relu init he fan_out gain 2 batchnorm residual")
        assertPrints("net 64-32 bias off leaky 0.2 init kaiming normal", "net dense 64-32 leaky 0.2 init he normal bias off")
        assertPrints("optim adam lr 0.001 betas 0.9 0.99 eps 1e-6 amsgrad", "optim adam betas 0.9 0.99 eps 1e-06 amsgrad lr 0.001")
        assertPrints("optim rmsprop centered momentum 0.9 alpha 0.95", "optim rmsprop alpha 0.95 momentum 0.9 centered")
        assertPrints("clip norm 1.0 style tf", "clip norm 1 style tf")
        assertPrints("schedule warmup 100 cosine min 0.001 length 50 steps",
                     "schedule cosine min 0.001 length 50 steps warmup 100")
        assertPrints("schedule epochs step 30 0.1", "schedule step 30 0.1 epochs")
        assertPrints(#"data csv "f.csv" target y task regression"#, #"data csv "f.csv" target y task regression"#)
        assertPrints("data spiral 300 noise 0.2 classes 3", "data spiral 300 classes 3 noise 0.2")
        assertPrints("sweep act [relu tanh] depth [2 3] { train 1 }", "sweep act [relu tanh] depth [2 3] {\n    train 1\n}")
        assertPrints("plot boundary layer 2 unit 3", "plot boundary layer 2 unit 3")
        assertPrints("init 1..5 kaiming uniform gain 2\ntrain 10 epochs\ntrain 500 step", "init 1..5 he uniform gain 2\ntrain 10\ntrain 500 steps")
        assertPrints("features x y x^2 sin(x)\nshow clip last 5\nrecord every 10\nsave session \"s.grad\"",
                     "features x y x^2 sin(x)\nshow clip last 5\nrecord every 10\nsave session \"s.grad\"")
    }

    func testInterpolatedWordsAndNamesInArgumentSlots() {
        assertPrints("let a = \"relu\"\nlet d = 3\nnet dense ${d}x64 $a\nnet ${d + 1}x${d} ${a}\nact all $a\ninit all ${a} gain 2",
                     "let a = \"relu\"\nlet d = 3\nnet dense ${d}x64 $a\nnet dense (d + 1)x$d $a\nact all $a\ninit all $a gain 2")
        assertPrints("let w = 8\nlayer w tanh\nlr w / 10\nrun baseline\nrun w\ncompare \"reach\" w reach 0.5",
                     "let w = 8\nlayer (w) tanh\nlr $w / 10\nrun baseline\nrun $w\ncompare \"reach\" $w reach 0.5")
    }
}
