import Foundation
import GradCore
import GradLang
import GradSyntax
import GradTestSupport
import XCTest

/// Random mutations of the golden scripts and examples, run through the real evaluator: whatever a user
/// types may fail, but it must fail with a diagnostic, never by trapping the process.
final class EvaluatorFuzzTests: XCTestCase {
    final class Discard: OutputSink {
        var diagnostics = 0
        func line(_ text: String) {}
        func diagnostic(_ text: String) { diagnostics += 1 }
        func progress(_ text: String, final: Bool) {}
    }

    static let replacements = ["0", "-1", "1", "2", "1e-9", "1e9", "3.5", "-0.5", "nan", "\"x\"", "[]", "1..3", "true"]
    static let words = CommandWord.words + ActivationWord.words + InitWord.words + ShowTarget.words + ["{", "}", "(", ")", "$", "\""]

    private func corpus() throws -> [String] {
        let golden = GoldenScriptTests.directory
        let examples = golden.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/examples")
        var texts: [String] = []
        for folder in [golden, examples] {
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files where file.pathExtension == "grad" {
                // Shrink the data so each mutated run stays short.
                let text = try String(contentsOf: file, encoding: .utf8)
                texts.append(text.replacingOccurrences(of: "1536", with: "96").replacingOccurrences(of: "20x64", with: "4x8"))
            }
        }
        return texts
    }

    private func mutate(_ text: String, using rng: inout SeededGenerator) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<(1 + rng.nextInt(below: 3)) where !lines.isEmpty {
            let index = rng.nextInt(below: lines.count)
            var words = lines[index].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            switch rng.nextInt(below: 6) {
            case 0 where !words.isEmpty:
                words[rng.nextInt(below: words.count)] = Self.replacements[rng.nextInt(below: Self.replacements.count)]
            case 1 where !words.isEmpty:
                words[rng.nextInt(below: words.count)] = Self.words[rng.nextInt(below: Self.words.count)]
            case 2 where !words.isEmpty:
                words.remove(at: rng.nextInt(below: words.count))
            case 3:
                lines.insert(lines[rng.nextInt(below: lines.count)], at: index)
            case 4:
                lines.swapAt(index, rng.nextInt(below: lines.count))
            default:
                var characters = Array(lines[index])
                if !characters.isEmpty { characters.remove(at: rng.nextInt(below: characters.count)) }
                lines[index] = String(characters)
                continue
            }
            lines[index] = words.joined(separator: " ")
        }
        return lines.joined(separator: "\n")
    }

    func testMutatedScriptsNeverTrap() throws {
        let texts = try corpus()
        XCTAssertFalse(texts.isEmpty)
        var rng = SeededGenerator(seed: 2024)
        let scratch = try makeTemporaryFolder("grad-fuzz")
        let deadline = Date().addingTimeInterval(25)
        var cases = 0, failures = 0
        while cases < 2000 && Date() < deadline {
            let source = mutate(texts[rng.nextInt(below: texts.count)], using: &rng)
            let sink = Discard()
            let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: sink)
            // A watchdog stops long training so one case cannot take the whole budget.
            let watchdog = DispatchWorkItem { interpreter.requestInterrupt() }
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3, execute: watchdog)
            let status = interpreter.run(source: source, name: scratch.appendingPathComponent("case.grad").path)
            watchdog.cancel()
            _ = interpreter.finish()
            if status == .failed { failures += 1 }
            cases += 1
        }
        XCTAssertGreaterThan(cases, 50, "too few cases ran in the time budget")
        XCTAssertGreaterThan(failures, 0, "mutations should produce some errors")
    }
}
