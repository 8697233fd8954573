import XCTest
@testable import GradLang
@testable import GradSyntax

/// Parses `text` and returns the AST dump, failing the test if any diagnostic was produced.
func dump(_ text: String, knownNames: Set<String> = [], file: StaticString = #filePath, line: UInt = #line) -> String {
    let (program, diagnostics) = Parser.parse(text, name: "t.grad", knownNames: knownNames)
    XCTAssertEqual(diagnostics.map(\.description), [], "unexpected diagnostics for: \(text)", file: file, line: line)
    return program.dump
}

/// Parses `text` and returns its diagnostics rendered without colour, as a user sees them; given `ids`, first
/// checks that they are the ids of those diagnostics.
func rendered(_ text: String, _ ids: [MessageID]? = nil, name: String = "t.grad",
              file: StaticString = #filePath, line: UInt = #line) -> String {
    let source = Source(name: name, text: text)
    let (_, diagnostics) = Parser.parse(source)
    if let ids { XCTAssertEqual(diagnostics.map(\.id), ids, text, file: file, line: line) }
    return DiagnosticRenderer().render(diagnostics, in: source)
}

/// The ids of the diagnostics of `text`.
func diagnosticIDs(_ text: String) -> [MessageID] {
    Parser.parse(text, name: "t.grad").1.map(\.id)
}

/// The kinds of the tokens of `text`, without the final end of input.
func tokenKinds(_ text: String) -> [TokenKind] {
    Array(Lexer.tokenize(Source(name: "t.grad", text: text)).tokens.map(\.kind).dropLast())
}

/// Records everything an interpreter prints, diagnostics inline where they happened, in order.
final class Lines: OutputSink {
    var lines: [String] = []
    func line(_ text: String) { lines.append(text) }
    func diagnostic(_ text: String) { lines.append(text) }
    func progress(_ text: String, final: Bool) {}
}

/// Runs `script` in a fresh quiet interpreter, checks that it ends with `status`, and returns the
/// interpreter and what it printed.
func runScript(_ script: String, expect status: RunStatus = .success,
               file: StaticString = #filePath, line: UInt = #line) -> (Interpreter, Lines) {
    let output = Lines()
    let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: output)
    XCTAssertEqual(interpreter.run(source: script, name: "t.grad"), status, output.lines.joined(separator: "\n"),
                   file: file, line: line)
    return (interpreter, output)
}

/// A quiet interpreter under a memory cap of `memory` bytes (1 GB by default, so tests do not depend on this
/// machine's memory), with what it prints.
func cappedSession(memory: Double = 1e9) -> (Interpreter, Lines) {
    let output = Lines()
    let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: output)
    interpreter.limits = SessionLimits(memoryBytes: memory, memoryNote: "test limit")
    return (interpreter, output)
}

/// Compares a chart's lines, printing the actual ones in full on a mismatch (to read or paste).
func assertLines(_ actual: [String], _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual, expected, "actual:\n" + actual.joined(separator: "\n"), file: file, line: line)
}
