import Foundation
import GradLang
import GradSyntax
import XCTest

/// Runs every `scripts/*.grad` and compares what it prints (output and diagnostics, in order) with the
/// `.expected` file beside it. The scripts double as the language's documentation by example.
/// `GRAD_UPDATE_GOLDEN=1 scripts/test --filter GoldenScriptTests` rewrites the expected files.
final class GoldenScriptTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripts")

    /// The transcript of running `url` as a script, with its folder's path removed. The script runs from a
    /// scratch copy of its folder, so files it saves or exports never land in the source tree.
    static func transcript(of url: URL, arguments: [String] = []) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("grad-golden-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: url.deletingLastPathComponent(), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent(url.lastPathComponent)
        let transcript = Lines()
        let interpreter = Interpreter(
            options: InterpreterOptions(arguments: arguments, timings: false), output: transcript)
        let status = interpreter.run(source: try String(contentsOf: copy, encoding: .utf8), name: copy.path)
        let finished = interpreter.finish()
        transcript.lines.append("[status: \(status == .success ? finished : status)]")
        return transcript.lines.joined(separator: "\n").replacingOccurrences(of: scratch.path + "/", with: "") + "\n"
    }

    func testEveryScriptMatchesItsExpectedOutput() throws {
        let scripts = try FileManager.default.contentsOfDirectory(at: Self.directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "grad" && !$0.lastPathComponent.hasPrefix("_") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThan(scripts.count, 5, "golden scripts are missing")
        let update = ProcessInfo.processInfo.environment["GRAD_UPDATE_GOLDEN"] == "1"
        for script in scripts {
            let actual = try Self.transcript(of: script)
            let expectedURL = script.deletingPathExtension().appendingPathExtension("expected")
            if update {
                try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "<missing \(expectedURL.lastPathComponent)>"
            if actual != expected {
                XCTFail("\(script.lastPathComponent) differs from its expected output:\n\(Self.difference(expected, actual))")
            }
        }
    }

    /// The first differing line with a little context, enough to see what changed.
    static func difference(_ expected: String, _ actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let context = max(0, index - 2)
        func show(_ lines: [String]) -> String {
            lines[context..<min(lines.count, index + 3)].map { "    " + $0 }.joined(separator: "\n")
        }
        return "at line \(index + 1)\n  expected:\n\(show(a))\n  actual:\n\(show(b))"
    }
}
