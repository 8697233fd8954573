import Foundation
import GradCore
import XCTest
@testable import GradLang
@testable import GradSyntax

/// Property tests: whatever is typed, the lexer, parser, renderer and REPL hooks return normally, with
/// diagnostics whose ranges lie inside the text.
final class FuzzTests: XCTestCase {
    static let samples = [
        """
        # Vanishing gradients in a deep sigmoid net
        seed 42
        data spiral 1536 classes 3 noise 0.2
        split 0.8; standardize
        net dense 20x64 sigmoid init xavier
        optim sgd lr 0.1
        train 5
        print "gradient ratio: ${gradratio}" grad(1) grad(-1)
        expect gradratio > 100 "sigmoid vanishes" points 2
        """,
        """
        let depths = [5, 10, 20]
        def ratio(d) {
          net dense ${d}x32 tanh init he fan_out normal
          backward
          return grad(1) / grad(-1)
        }
        for d in depths {
          if ratio(d) > 10 and not nan { print "depth $d vanishes" } else { print d, "ok" }
        }
        """,
        """
        data csv "iris.csv" target species task classification
        layer 16 relu batchnorm
        layer 8 leaky 0.1 residual bias off
        act 1..2 gelu tanh
        init -1 uniform -0.5 0.5 gain 1.4
        optim adamw lr 1e-3 decay 1e-2 betas 0.9 0.999 eps 1e-8
        schedule warmup 100 cosine min 1e-5
        clip norm 1.0 style tf
        train 500 steps
        show grads; export history "h.csv"; save "m.json"
        assert acc >= 0.5 "learns"
        """,
        """
        run "baseline"
        loss mse
        clip min 1e-3
        let xs = [1, 2,
                  3]
        x = round(log10(sqrt(abs(-100))) * 2 ^ 3 % 5, 2)
        print args[0] len(xs) max(xs) min(1, 2) exp(0)
        help net; explain vanishing; gradcheck; eval; reset; step
        """,
    ]

    /// Texts the random token streams are built from: every keyword plus awkward fragments.
    static let fragments: [String] = CommandWord.words + StatementKeyword.words + ActivationWord.words
        + InitWord.words + DataSetName.words + DataOption.words + OptimizerWord.words + OptimizerOption.words
        + ScheduleWord.words + ClipModeWord.words + ShowTarget.words + SessionValue.words + BuiltinFunction.words
        + ["in", "else", "and", "or", "not", "true", "false", "all", "dense", "x", "x64", "fan_in", "off", "steps"]
        + ["0", "1", "20", "64", "0.5", "1e-3", "1e999", "20x64", "64-32-16", "1..5", "-", "--", "+", "*", "**",
           "/", "%", "^", "==", "!=", "<", "<=", ">", ">=", "=", "!", ".", "..", "...", ",", ";", "(", ")", "[",
           "]", "{", "}", "${", "$", "$x", "${x}", "\"", "\"a\"", "\"$x\"", "\"${1 + 2}\"", "\"${\"", "\\",
           "\\q", "#", "# comment", "\n", "\n\n", "\t", "é", "😀", "\r\n", "\u{0}", "_", "a_b", "xs[0]", "f(1)"]

    func testRandomTokenStreamsNeverCrash() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<(1 + random.nextInt(below: 40)) {
                text += FuzzTests.fragments[random.nextInt(below: FuzzTests.fragments.count)]
                text += [" ", "", "\n", " "][random.nextInt(below: 4)]
            }
            check(text, cursor: random.nextInt(below: text.count + 2))
        }
    }

    func testRandomMutationsOfSampleScriptsNeverCrash() {
        var random = SeededGenerator(seed: 11)
        let alphabet = Array("{}()[]\"$#;,.=-+*/x0123456789 \nabcdefghijklmnopqrstuvwxyz")
        for _ in 0..<2000 {
            var characters = Array(FuzzTests.samples[random.nextInt(below: FuzzTests.samples.count)])
            for _ in 0..<(1 + random.nextInt(below: 6)) where !characters.isEmpty {
                let at = random.nextInt(below: characters.count)
                switch random.nextInt(below: 4) {
                case 0: characters.remove(at: at)
                case 1: characters.insert(characters[at], at: at)
                case 2:
                    let other = random.nextInt(below: characters.count)
                    characters.swapAt(at, other)
                default: characters.insert(alphabet[random.nextInt(below: alphabet.count)], at: at)
                }
            }
            let text = String(characters)
            check(text, cursor: random.nextInt(below: text.count + 2))
        }
    }

    func testSamplesParseCleanly() {
        for sample in FuzzTests.samples {
            let (_, diagnostics) = Parser.parse(sample, name: "sample", knownNames: ["x"])
            XCTAssertEqual(diagnostics.map(\.description), [])
        }
    }

    func testDeepNestingIsAnErrorNotAStackOverflow() {
        // Run on a thread with a 1 MB stack (an eighth of the main thread's) to prove the depth cap holds
        // even in a debug build.
        let texts = [
            "print " + String(repeating: "(", count: 5000) + "1",
            "print " + String(repeating: "-", count: 5000) + "1",
            "print " + String(repeating: "not ", count: 5000) + "true",
            "print 2" + String(repeating: "^2", count: 5000),
            "print " + String(repeating: "[", count: 5000),
            String(repeating: "if true {\n", count: 5000),
            "print " + String(repeating: "\"${", count: 5000),
            "print " + String(repeating: "${", count: 5000),
        ]
        let done = expectation(description: "parsed")
        let results = Results()
        let thread = Thread {
            results.diagnostics = texts.map { Parser.parse($0, name: "deep").1 }
            done.fulfill()
        }
        thread.stackSize = 1 << 20
        thread.start()
        wait(for: [done], timeout: 30)
        XCTAssertEqual(results.diagnostics.count, texts.count)
        for (text, diagnostics) in zip(texts, results.diagnostics) {
            XCTAssertFalse(diagnostics.isEmpty, String(text.prefix(20)))
        }
    }

    /// Written by the parsing thread, read after `wait`: the expectation orders the accesses.
    private final class Results: @unchecked Sendable {
        var diagnostics: [[Diagnostic]] = []
    }

    /// Parses, renders and queries `text`; ranges must be inside the text.
    private func check(_ text: String, cursor: Int) {
        let source = Source(name: "fuzz.grad", text: text)
        let (program, diagnostics) = Parser.parse(source, knownNames: ["x"])
        let count = source.scalars.count
        for diagnostic in diagnostics {
            let range = diagnostic.range
            if range.start.offset < 0 || range.end.offset > count || range.start.offset > range.end.offset {
                XCTFail("range \(range.start.offset)..<\(range.end.offset) outside \(count) in: \(text.debugDescription)")
                return
            }
        }
        _ = DiagnosticRenderer().render(diagnostics, in: source)
        _ = program.dump
        _ = Parser.isIncomplete(text)
        _ = Completion.candidates(for: text, cursor: cursor, variables: ["x"])
    }
}
