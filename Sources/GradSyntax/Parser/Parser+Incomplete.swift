import GradSyntax

extension Parser {
    /// Lua's rule for the REPL: the entry is incomplete — read another line — when parsing it fails only
    /// because input ended inside an open `{`, `(`, `[`, `${` or string. Any other error is reported now.
    public static func isIncomplete(_ text: String, knownNames: Set<String> = []) -> Bool {
        // A trailing newline makes "statement cut short at the end of a line" an ordinary error, so only
        // an open delimiter keeps the entry going, not e.g. `let x =`.
        let (_, diagnostics) = parse(text + "\n", name: "<repl>", knownNames: knownNames)
        return !diagnostics.isEmpty
            && diagnostics.allSatisfy { $0.id == .unexpectedEndOfInput || $0.id == .unterminatedMultilineString }
    }
}
