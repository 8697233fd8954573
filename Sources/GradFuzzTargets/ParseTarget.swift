import GradLang
import GradSyntax

/// Lexer and parser on arbitrary text, plus everything the REPL asks of a half-typed line: every
/// diagnostic must point inside the text, and rendering, dumping, completion and the "is this line
/// incomplete" question must all return.
public enum ParseTarget: FuzzTarget {
    public static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let source = Source(name: "fuzz.grad", text: bytes.text)
        let (program, diagnostics) = Parser.parse(source, knownNames: ["x"])
        let count = source.scalars.count
        for diagnostic in diagnostics {
            let range = diagnostic.range
            guard range.start.offset >= 0, range.start.offset <= range.end.offset, range.end.offset <= count else {
                preconditionFailure("diagnostic range \(range.start.offset)..<\(range.end.offset) outside \(count) scalars")
            }
        }
        _ = DiagnosticRenderer().render(diagnostics, in: source)
        _ = program.dump
        _ = Parser.isIncomplete(source.text)
        // The cursor anywhere in the line, derived from the input so the fuzzer can steer it.
        let cursor = bytes.isEmpty ? 0 : Int(bytes[0]) % (source.text.count + 1)
        _ = Completion.candidates(for: source.text, cursor: cursor, variables: ["x"])
    }
}
