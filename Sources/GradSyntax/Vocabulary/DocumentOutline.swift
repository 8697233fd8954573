/// What an editor shows of a script without running it: the parser's diagnostics and the names the script
/// defines with `def` and `let`. The language server is a thin layer over this and `Inspection`.
public struct DocumentOutline: Sendable {
    /// A name the script defines.
    public struct Symbol: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case function, variable
        }

        public var name: String
        public var kind: Kind
        /// The whole definition (`def f(a) { … }`, `let x = 1`).
        public var range: SourceRange
        /// The name in the definition.
        public var nameRange: SourceRange
        /// Definitions inside a `def` body.
        public var children: [Symbol]
    }

    /// Parse errors and the errors the parser can know without running (unknown commands and options,
    /// with did-you-mean; wrong argument counts), as the REPL and scripts report them.
    public let diagnostics: [Diagnostic]
    /// Top-level definitions in order, each `def` with its nested ones.
    public let symbols: [Symbol]
    /// The text as the parser saw it (its scalars and lines).
    public let source: Source

    /// Parses `text`; `name` labels it in diagnostics.
    public init(text: String, name: String) {
        source = Source(name: name, text: text)
        // Calls to functions defined further down are not unknown commands: the names come from a first pass.
        let (draft, _) = Parser.parse(source)
        let names = Set(Self.symbols(in: draft.statements).flatMap(Self.flattened).map(\.name))
        let (program, diagnostics) = Parser.parse(source, knownNames: names)
        self.diagnostics = diagnostics
        symbols = Self.symbols(in: program.statements)
    }

    /// The definition `name` refers to: a `def` first, else the first `let`.
    public func definition(of name: String) -> Symbol? {
        let all = symbols.flatMap(Self.flattened)
        return all.first { $0.name == name && $0.kind == .function } ?? all.first { $0.name == name }
    }

    /// Every defined name, for completion.
    public var names: [String] { symbols.flatMap(Self.flattened).map(\.name) }

    private static func flattened(_ symbol: Symbol) -> [Symbol] {
        [symbol] + symbol.children.flatMap(flattened)
    }

    private static func symbols(in statements: [Statement]) -> [Symbol] {
        statements.flatMap { statement -> [Symbol] in
            switch statement {
            case .letBinding(let name, _, let range):
                return [Symbol(name: name.name, kind: .variable, range: range, nameRange: name.range, children: [])]
            case .function(let name, _, let body, let range):
                return [Symbol(name: name.name, kind: .function, range: range, nameRange: name.range,
                               children: symbols(in: body.statements))]
            case .forLoop(_, _, let body, _):
                return symbols(in: body.statements)
            case .ifElse(_, let then, let otherwise, _):
                return symbols(in: then.statements) + symbols(in: otherwise?.statements ?? [])
            case .assignment, .returnStatement, .include, .print, .assert, .expect, .leaderboard, .expression, .command:
                return []
            }
        }
    }
}
