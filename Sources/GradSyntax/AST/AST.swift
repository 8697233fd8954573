/// A parsed source text: its statements in order.
public struct Program: Hashable, Sendable {
    public var statements: [Statement]
    /// The whole text.
    public var range: SourceRange

    /// Creates a program.
    public init(statements: [Statement], range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}

/// `{ ... }`: the statements of a loop, branch or function body.
public struct Block: Hashable, Sendable {
    public var statements: [Statement]
    /// From `{` to `}` inclusive.
    public var range: SourceRange

    /// Creates a block.
    public init(statements: [Statement], range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}

/// A name as written, with where it was written.
public struct Identifier: Hashable, Sendable {
    public var name: String
    public var range: SourceRange

    /// Creates an identifier.
    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A vocabulary value (a `ShowTarget`, a `TrainUnit`...) with the range of the word that chose it.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var range: SourceRange

    /// Creates a located value.
    public init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A vocabulary slot filled either by the word itself (`relu`) or by an interpolation (`$act`, `${...}`)
/// whose string value the evaluator resolves at run time with the same table (see `Parser.resolve`).
public enum Interpolable<Value: Hashable & Sendable>: Hashable, Sendable {
    case literal(Value, range: SourceRange)
    case interpolated(Expr)

    /// Where the slot was written.
    public var range: SourceRange {
        switch self {
        case .literal(_, let range): range
        case .interpolated(let expr): expr.range
        }
    }
}

/// One statement: a scripting construct or a typed command.
public indirect enum Statement: Hashable, Sendable {
    /// `let name = value`
    case letBinding(name: Identifier, value: Expr, range: SourceRange)
    /// `name = value` (the variable must exist)
    case assignment(name: Identifier, value: Expr, range: SourceRange)
    /// `for variable in sequence { body }` over a list or a range
    case forLoop(variable: Identifier, sequence: Expr, body: Block, range: SourceRange)
    /// `if condition { then } else { else }`; `else if` nests an `ifElse` in a one-statement block
    case ifElse(condition: Expr, then: Block, else: Block?, range: SourceRange)
    /// `def name(parameters) { body }`
    case function(name: Identifier, parameters: [Identifier], body: Block, range: SourceRange)
    /// `return [value]` inside a `def`
    case returnStatement(value: Expr?, range: SourceRange)
    /// `include "path"`
    case include(path: Expr, range: SourceRange)
    /// `print item item, item` — items joined by single spaces
    case print(items: [Expr], range: SourceRange)
    /// `assert condition ["message"]` — stops the script when false
    case assert(condition: Expr, message: Expr?, range: SourceRange)
    /// `expect condition ["message"] [points N] [hidden]` — recorded, summarised at the end
    case expect(condition: Expr, message: Expr?, points: Expr?, visibility: TestVisibility, range: SourceRange)
    /// `leaderboard "name" value [asc|desc]` — a value the autograder posts to Gradescope's leaderboard
    case leaderboard(name: Expr, value: Expr, order: LeaderboardOrder, range: SourceRange)
    /// An expression on its own (a call, or a value the REPL echoes)
    case expression(Expr, range: SourceRange)
    /// A command such as `net dense 20x64 relu`
    case command(Command, range: SourceRange)

    /// Where the statement was written (without its terminating newline).
    public var range: SourceRange {
        switch self {
        case .letBinding(_, _, let range), .assignment(_, _, let range), .forLoop(_, _, _, let range),
             .ifElse(_, _, _, let range), .function(_, _, _, let range), .returnStatement(_, let range),
             .include(_, let range), .print(_, let range), .assert(_, _, let range),
             .expect(_, _, _, _, let range), .leaderboard(_, _, _, let range), .expression(_, let range), .command(_, let range):
            range
        }
    }
}

/// An expression. Every node carries the range it was written at, for runtime diagnostics.
public indirect enum Expr: Hashable, Sendable {
    case number(value: Double, range: SourceRange)
    /// A string literal; a literal without interpolation has a single `.text` segment (or none when empty).
    case string(segments: [StringSegment], range: SourceRange)
    case boolean(value: Bool, range: SourceRange)
    case list(elements: [Expr], range: SourceRange)
    /// `lower..upper`, inclusive of both ends (`1..5` is 1, 2, 3, 4, 5)
    case rangeLiteral(lower: Expr, upper: Expr, range: SourceRange)
    case variable(name: String, range: SourceRange)
    /// A value read from the training session (`loss`, `acc`, `gradratio`...)
    case session(SessionValue, range: SourceRange)
    case unary(op: UnaryOperator, operand: Expr, range: SourceRange)
    /// Arithmetic, comparison and the short-circuit `and` / `or`
    case binary(op: BinaryOperator, lhs: Expr, rhs: Expr, range: SourceRange)
    case call(callee: Callee, arguments: [Expr], range: SourceRange)
    /// `base[index]`, e.g. `args[0]`; negative indices count from the end
    case index(base: Expr, index: Expr, range: SourceRange)

    /// Where the expression was written.
    public var range: SourceRange {
        switch self {
        case .number(_, let range), .string(_, let range), .boolean(_, let range), .list(_, let range),
             .rangeLiteral(_, _, let range), .variable(_, let range), .session(_, let range),
             .unary(_, _, let range), .binary(_, _, _, let range), .call(_, _, let range),
             .index(_, _, let range):
            range
        }
    }
}

/// A piece of a string literal after parsing.
public enum StringSegment: Hashable, Sendable {
    case text(String, range: SourceRange)
    /// `$x` or `${expr}`; the value is formatted as `print` would.
    case interpolation(Expr)
}

/// Prefix operators.
public enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-"
    case not = "not"
}

/// Infix operators, from loosest to tightest: `or`, `and`, comparisons, `..` (a range literal, not here),
/// `+ -`, `* / %`, `^` (right-associative, binds tighter than unary minus: `-2^2` is -4).
public enum BinaryOperator: String, Hashable, Sendable {
    case or = "or", and = "and"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
}

/// Who a call goes to: a built-in (arity checked by the parser) or a user `def`.
public enum Callee: Hashable, Sendable {
    case builtin(BuiltinFunction, range: SourceRange)
    case user(Identifier)

    /// The callee's name as written.
    public var name: String {
        switch self {
        case .builtin(let function, _): function.rawValue
        case .user(let identifier): identifier.name
        }
    }
}
