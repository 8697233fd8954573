import Foundation
import GradCore
import GradTestSupport
import XCTest
@testable import GradLang
@testable import GradSyntax

/// Thousands of programs from `ProgramGenerator`, run in this process through the real interpreter.
///
/// A trap (a force-unwrap, an overflowing conversion, an allocation that cannot succeed, a stack
/// overflow) kills the test process, so the run reaching its assertions is the main check; the
/// generated program that killed it is left in the scratch folder printed at the start. Beyond that:
/// every diagnostic points inside its source, the session stays usable afterwards, and a good share of
/// programs run to the end (proof that the generator speaks the language rather than noise).
///
/// `GRAD_GENERATOR_PROGRAMS=200000` runs a longer search (`scripts/sanitize generate` does),
/// `GRAD_GENERATOR_SEED` picks another stream of programs.
final class GeneratedProgramTests: XCTestCase {
    static var programCount: Int {
        ProcessInfo.processInfo.environment["GRAD_GENERATOR_PROGRAMS"].flatMap { Int($0) } ?? 2500
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["GRAD_GENERATOR_SEED"].flatMap { UInt64($0) } ?? 8
    }

    /// How much longer than optimized code a program may take: debug code under a sanitizer
    /// (`scripts/sanitize` sets GRAD_SANITIZER) is 10-50 times slower.
    static let slowdown = ProcessInfo.processInfo.environment["GRAD_SANITIZER"] == nil ? 1.0 : 10.0

    /// Tight caps, as the grader sets them: the huge sizes the generator writes must be refused quickly.
    static let limits = SessionLimits(memoryBytes: 64e6, stepsPerCommand: 500, totalSteps: 5000)

    /// Printed lines and rendered diagnostics, kept apart.
    final class Transcript: OutputSink {
        var lines: [String] = []
        var diagnostics: [String] = []
        func line(_ text: String) { lines.append(text) }
        func diagnostic(_ text: String) { diagnostics.append(text) }
        func progress(_ text: String, final: Bool) {}
    }

    func testGeneratedProgramsNeverTrapAndLeaveTheSessionUsable() throws {
        let folder = try makeTemporaryFolder("grad-generated")
        try ProgramGenerator.prepare(folder: folder)
        let script = folder.appendingPathComponent("case.grad")
        print("generated programs run as \(script.path); if this process dies, that file is the program that killed it")

        var generator = ProgramGenerator(seed: Self.seed)
        var parsed = 0, completed = 0, interrupted = 0
        var slowest = (seconds: 0.0, program: "")
        var errors: [String: Int] = [:]
        let count = Self.programCount
        for _ in 0..<count {
            let text = generator.program()
            try text.write(to: script, atomically: false, encoding: .utf8)
            let source = Source(name: script.path, text: text)
            let syntax = Parser.parse(source).1
            for diagnostic in syntax { checkRanges(of: diagnostic, in: source) }
            if syntax.isEmpty { parsed += 1 }

            let transcript = Transcript()
            let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: transcript)
            interpreter.limits = Self.limits
            // Ctrl-C after a second, so one slow program cannot take the whole budget; counted below.
            let watchdog = DispatchWorkItem { interpreter.requestInterrupt() }
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.slowdown, execute: watchdog)
            let started = Date()
            let status = interpreter.run(source: text, name: script.path)
            let finished = interpreter.finish()
            watchdog.cancel()
            let seconds = Date().timeIntervalSince(started)
            if seconds > slowest.seconds { slowest = (seconds, text) }
            if seconds >= Self.slowdown { interrupted += 1 }
            if status == .success, finished != .failed { completed += 1 }
            for rendered in transcript.diagnostics { checkLocations(in: rendered, text: text, path: script.path) }
            if let first = transcript.diagnostics.first { errors[Self.message(of: first), default: 0] += 1 }

            // Whatever happened, the session still runs the next entry.
            XCTAssertEqual(interpreter.run(source: "print 1", name: "<after>"), .success, text)
            XCTAssertEqual(transcript.lines.last, "1", text)
        }
        let share = Double(completed) / Double(count)
        print("""
            generated \(count) programs (seed \(Self.seed)): \(parsed) parsed, \(completed) ran to the end \
            (\(Int((share * 100).rounded()))%), \(interrupted) stopped by the watchdog; slowest \
            \(String(format: "%.2f", slowest.seconds)) s
            """)
        // The commonest first errors show where the generator is too careless (or where it finds bugs).
        for (message, times) in errors.sorted(by: { $0.value > $1.value }).prefix(12) { print("  \(times)×  \(message)") }
        // A hunt with more awkward choices (GRAD_GENERATOR_AWKWARD) completes fewer programs by design.
        guard ProgramGenerator.awkwardRate <= 0.05 else { return }
        XCTAssertGreaterThanOrEqual(share, 0.3, "too few generated programs run to the end: the generator drifted from the grammar")
        XCTAssertGreaterThanOrEqual(Double(parsed) / Double(count), 0.6, "too many generated programs fail to parse")
        // Ctrl-C must take effect within a few seconds even in a debug or sanitizer build.
        XCTAssertLessThan(slowest.seconds, 10 * Self.slowdown, "a program ignored the interrupt:\n\(slowest.program)")
    }

    /// A rendered diagnostic's message without its location, and numbers and quoted words masked, so
    /// errors of one kind count together.
    static func message(of rendered: String) -> String {
        let header = rendered.prefix { $0 != "\n" }
        let text = header.range(of: ": error: ").map { String(header[$0.upperBound...]) } ?? String(header)
        return text.replacingOccurrences(of: "'[^']*'", with: "'…'", options: .regularExpression)
            .replacingOccurrences(of: "[0-9][0-9.e+-]*", with: "N", options: .regularExpression)
    }

    /// A parser diagnostic's range (and its notes') lies inside the source and agrees with its offsets.
    private func checkRanges(of diagnostic: Diagnostic, in source: Source, file: StaticString = #filePath, line: UInt = #line) {
        let ranges = [diagnostic.range] + diagnostic.notes.compactMap(\.range)
        for range in ranges where range.file == source.name {
            XCTAssertTrue(0 <= range.start.offset && range.start.offset <= range.end.offset
                          && range.end.offset <= source.scalars.count,
                          "\(diagnostic.message) at \(range.start.offset)..<\(range.end.offset) of \(source.scalars.count):\n\(source.text)",
                          file: file, line: line)
            guard range.start.offset <= source.scalars.count else { continue }
            XCTAssertEqual(source.location(at: range.start.offset), range.start, diagnostic.message, file: file, line: line)
        }
    }

    /// True when `excerpt` is the part of a long `line` a diagnostic shows: a run of it, with `…` where
    /// it was cut.
    private static func isWindow(_ excerpt: String, of line: String) -> Bool {
        guard line.unicodeScalars.count > DiagnosticRenderer.maximumExcerptWidth else { return false }
        var inner = Substring(excerpt)
        if inner.hasPrefix("…") { inner = inner.dropFirst() }
        if inner.hasSuffix("…") { inner = inner.dropLast() }
        return !inner.isEmpty && line.contains(inner)
    }

    /// Every `path:line:column:` a rendered diagnostic names for the program lies inside it, and the
    /// renderer could show that line with a caret under it.
    private func checkLocations(in rendered: String, text: String, path: String) {
        let source = Source(name: path, text: text)
        let lines = rendered.components(separatedBy: "\n")
        // (`path: note: N more errors not shown` counts what was left out and points nowhere.)
        for (index, line) in lines.enumerated() where line.hasPrefix(path + ":") && !line.hasPrefix(path + ": ") {
            let fields = line.dropFirst(path.count + 1).split(separator: ":", maxSplits: 2)
            guard fields.count == 3, let row = Int(fields[0]), let column = Int(fields[1]) else {
                XCTFail("a diagnostic without a location: \(line)")
                continue
            }
            guard row >= 1, row <= source.lineCount else {
                XCTFail("line \(row) is outside the program (\(source.lineCount) lines): \(rendered)\n\(text)")
                continue
            }
            let width = source.lineText(row).unicodeScalars.count
            XCTAssertTrue(column >= 1 && column <= width + 1, "column \(column) is outside line \(row): \(rendered)\n\(text)")
            // The excerpt follows the header (a message may itself span lines when it quotes a value).
            let shown = source.lineText(row)
            let excerpt = lines[(index + 1)...].firstIndex { $0 == shown || Self.isWindow($0, of: shown) }
            XCTAssertTrue(excerpt.map { $0 + 1 < lines.count && lines[$0 + 1].contains("^") } ?? false,
                          "no caret under: \(rendered)\n\(text)")
        }
    }
}
