import GradSyntax

/// A runtime value of the scripting language.
public enum Value: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case boolean(Bool)
    case list([Value])
    /// What a function without `return`, or a command used as an expression, yields.
    case none

    /// How `print` and string interpolation show the value.
    public var description: String {
        switch self {
        case .number(let value): Format.number(value)
        case .string(let text): text
        case .boolean(let flag): flag ? "true" : "false"
        case .list(let items): "[" + items.map(\.quotedDescription).joined(separator: ", ") + "]"
        case .none: "none"
        }
    }

    /// Like `description`, but strings inside lists are quoted so `["a", "b"]` reads back as written.
    var quotedDescription: String {
        if case .string(let text) = self { return "\"\(text)\"" }
        return description
    }

    /// The word used in type errors ("expected a number, got a string").
    var typeName: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .boolean: "a boolean"
        case .list: "a list"
        case .none: "nothing"
        }
    }
}

/// An error raised while running (not parsing) a program: a message with a stable id at a source range.
struct RuntimeError: Error {
    var id: MessageID
    var message: String
    var range: SourceRange
    var notes: [Note] = []

    init(_ id: MessageID, _ message: String, at range: SourceRange, notes: [Note] = []) {
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// A syntax diagnostic met while running: a word read at run time by the parser's grammar.
    init(_ diagnostic: Diagnostic) {
        self.init(diagnostic.id, diagnostic.message, at: diagnostic.range, notes: diagnostic.notes)
    }

    var diagnostic: Diagnostic { Diagnostic(id: id, message: message, range: range, notes: notes) }
}
