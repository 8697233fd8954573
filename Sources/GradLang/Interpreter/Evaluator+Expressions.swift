import Foundation
import GradCore
import GradSyntax

/// Expression evaluation, with the type checks that turn mistakes into located messages.
extension Interpreter {
    /// The longest list a range literal may produce, so `1..1e12` is an error rather than an exhausted machine.
    static let maximumRangeLength = 10_000_000

    func evaluate(_ expression: Expr) throws -> Value {
        switch expression {
        case .number(let value, _):
            return .number(value)
        case .string(let segments, let range):
            let pieces = try segments.map { segment in
                switch segment {
                case .text(let piece, _): piece
                case .interpolation(let inner): try evaluate(inner).description
                }
            }
            return try checkedString(pieces, at: range)
        case .boolean(let value, _):
            return .boolean(value)
        case .list(let elements, let range):
            return try checkedList(try elements.map(evaluate), at: range)
        case .rangeLiteral(let lower, let upper, let range):
            let low = try integer(lower, what: "a range's start"), high = try integer(upper, what: "a range's end")
            guard high < low || high - low < Self.maximumRangeLength else {
                throw RuntimeError(.limitExceeded, "the range \(low)..\(high) is longer than \(Self.maximumRangeLength) items", at: range)
            }
            return .list(high < low ? [] : (low...high).map { .number(Double($0)) })
        case .variable(let name, let range):
            if let value = environment.lookup(name) { return value }
            var notes: [Note] = []
            if let close = Suggestion.closest(to: name, in: environment.names + SessionValue.words) {
                notes.append(Note("did you mean '\(close)'?"))
            }
            throw RuntimeError(.undefinedName, "'\(name)' is not defined", at: range, notes: notes)
        case .session(let value, let range):
            return try sessionValue(value, at: range)
        case .unary(let op, let operand, let range):
            switch op {
            case .negate: return .number(-(try number(operand, what: "the operand of '-'")))
            case .not:
                guard case .boolean(let flag) = try evaluate(operand) else {
                    throw RuntimeError(.typeMismatch, "'not' needs a boolean", at: range)
                }
                return .boolean(!flag)
            }
        case .binary(let op, let lhs, let rhs, let range):
            return try binary(op, lhs, rhs, range: range)
        case .call(let callee, let arguments, let range):
            return try call(callee, arguments, range: range)
        case .index(let base, let index, let range):
            return try element(of: base, at: index, range: range)
        }
    }

    /// `list[i]` or `string[i]`; negative indices count from the end.
    private func element(of base: Expr, at index: Expr, range: SourceRange) throws -> Value {
        let container = try evaluate(base)
        let position = try integer(index, what: "an index")
        switch container {
        case .list(let items):
            let resolved = position < 0 ? items.count + position : position
            guard items.indices.contains(resolved) else {
                throw RuntimeError(.indexOutOfRange, "index \(position) is out of range for a list of \(items.count)", at: range)
            }
            return items[resolved]
        case .string(let text):
            let characters = Array(text)
            let resolved = position < 0 ? characters.count + position : position
            guard characters.indices.contains(resolved) else {
                throw RuntimeError(.indexOutOfRange, "index \(position) is out of range for a string of \(characters.count)", at: range)
            }
            return .string(String(characters[resolved]))
        default:
            throw RuntimeError(.typeMismatch, "only lists and strings can be indexed, not \(container.typeName)", at: base.range)
        }
    }

    private func binary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, range: SourceRange) throws -> Value {
        // The parser caps how long a chain of operators may be, but a function body's expression runs
        // on top of every call that led to it, so the stack that is left is checked as well.
        guard !environment.stackGuard.isNearlyExhausted() else { throw stackExhausted(at: range) }
        switch op {
        case .and:
            guard try truth(lhs) else { return .boolean(false) }
            return .boolean(try truth(rhs))
        case .or:
            if try truth(lhs) { return .boolean(true) }
            return .boolean(try truth(rhs))
        case .equal: return .boolean(try evaluate(lhs) == evaluate(rhs))
        case .notEqual: return .boolean(try evaluate(lhs) != evaluate(rhs))
        default: break
        }
        let left = try evaluate(lhs), right = try evaluate(rhs)
        if op == .add, case .string(let a) = left { return try joinedStrings(a, right.description, at: range) }
        if op == .add, case .string(let b) = right { return try joinedStrings(left.description, b, at: range) }
        if op == .add, case .list(let a) = left, case .list(let b) = right { return try joinedLists(a, b, at: range) }
        guard case .number(let a) = left, case .number(let b) = right else {
            throw RuntimeError(.typeMismatch, "'\(op.rawValue)' needs numbers, got \(left.typeName) and \(right.typeName)", at: range)
        }
        switch op {
        case .less: return .boolean(a < b)
        case .lessEqual: return .boolean(a <= b)
        case .greater: return .boolean(a > b)
        case .greaterEqual: return .boolean(a >= b)
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide: return .number(a / b)
        case .remainder: return .number(a.truncatingRemainder(dividingBy: b))
        case .power: return .number(GradMath.pow(a, b))
        case .and, .or, .equal, .notEqual: return .none
        }
    }

    private func call(_ callee: Callee, _ arguments: [Expr], range: SourceRange) throws -> Value {
        switch callee {
        case .builtin(let function, _):
            return try builtin(function, arguments, range: range)
        case .user(let name):
            guard let function = environment.functions[name.name] else {
                var notes: [Note] = []
                if let close = Suggestion.closest(to: name.name, in: Array(environment.functions.keys) + BuiltinFunction.words) {
                    notes.append(Note("did you mean '\(close)'?"))
                }
                throw RuntimeError(.undefinedName, "there is no function '\(name.name)'", at: name.range, notes: notes)
            }
            guard function.parameters.count == arguments.count else {
                throw RuntimeError(
                    .wrongArgumentCount, "'\(name.name)' takes \(function.parameters.count) argument\(function.parameters.count == 1 ? "" : "s"), got \(arguments.count)",
                    at: range)
            }
            guard environment.callDepth < Environment.maximumCallDepth else {
                throw RuntimeError(.limitExceeded, "calls are nested more than \(Environment.maximumCallDepth) deep (runaway recursion?)", at: range)
            }
            guard !environment.stackGuard.isNearlyExhausted() else { throw stackExhausted(at: range) }
            var locals: [String: Value] = [:]
            for (parameter, argument) in zip(function.parameters, arguments) { locals[parameter.name] = try evaluate(argument) }
            let flow = try environment.withFrame(locals) { try executeBlock(function.body, directory: function.directory) }
            if case .returned(let value) = flow { return value }
            return .none
        }
    }

    /// The error for a call or an expression that would go past the stack's reserve.
    private func stackExhausted(at range: SourceRange) -> RuntimeError {
        guard environment.callDepth > 0 else {
            return RuntimeError(.limitExceeded, "this expression is nested too deeply for this thread's stack", at: range)
        }
        return RuntimeError(.limitExceeded, "calls are nested too deeply for this thread's stack (\(environment.callDepth) deep; runaway recursion?)",
                            at: range)
    }

    // MARK: conversions

    func truth(_ expression: Expr) throws -> Bool {
        switch try evaluate(expression) {
        case .boolean(let flag): return flag
        case let other:
            throw RuntimeError(.typeMismatch, "expected true or false, got \(other.typeName)", at: expression.range,
                               notes: [Note("compare explicitly, e.g. 'acc > 0.9'")])
        }
    }

    func number(_ expression: Expr, what: String) throws -> Double {
        switch try evaluate(expression) {
        case .number(let value): return value
        case .string(let text) where Double(text.trimmingCharacters(in: .whitespaces)) != nil:
            // Script arguments are strings: say how to use one as the number it spells.
            throw RuntimeError(.typeMismatch, "\(what) must be a number, got the string \"\(text)\"", at: expression.range,
                               notes: [Note("convert it with num(…), e.g. num(args[0])")])
        case let other: throw RuntimeError(.typeMismatch, "\(what) must be a number, got \(other.typeName)", at: expression.range)
        }
    }

    /// A number that must be finite: a parameter of an activation or initialiser, where infinity or NaN
    /// could neither train nor be saved (JSON has no spelling for them).
    func finiteNumber(_ expression: Expr, what: String) throws -> Double {
        let value = try number(expression, what: what)
        guard value.isFinite else {
            throw RuntimeError(.invalidValue, "\(what) must be a finite number, got \(Format.number(value))", at: expression.range)
        }
        return value
    }

    /// Whole numbers in scripts stay below this: a Double counts every integer exactly up to 2⁵³, and no
    /// count grad takes (steps, rows, layers) comes near it.
    static let largestWholeNumber = 1e15

    func integer(_ expression: Expr, what: String) throws -> Int {
        let value = try number(expression, what: what)
        guard value.isFinite, value == value.rounded() else {
            throw RuntimeError(.invalidValue, "\(what) must be a whole number, got \(Format.number(value))", at: expression.range)
        }
        guard abs(value) < Self.largestWholeNumber else {
            throw RuntimeError(.invalidValue, "\(what) is too large: \(Format.number(value)) (the limit is 1e15)", at: expression.range)
        }
        return Int(value)
    }

    func positiveInteger(_ expression: Expr, what: String) throws -> Int {
        let value = try integer(expression, what: what)
        guard value > 0 else { throw RuntimeError(.invalidValue, "\(what) must be at least 1, got \(value)", at: expression.range) }
        return value
    }

    func string(_ expression: Expr, what: String) throws -> String {
        switch try evaluate(expression) {
        case .string(let text): return text
        case let other: throw RuntimeError(.typeMismatch, "\(what) must be a string, got \(other.typeName)", at: expression.range)
        }
    }

    /// The value of a word slot: a literal as the parser read it, or an interpolated string read by the
    /// same grammar (`$act` holding "leaky 0.2" is the slope 0.2, as written out), with errors at the
    /// interpolation.
    func resolved<Word>(_ slot: Interpolable<Word>, what: String,
                        by resolve: (String, SourceRange) throws -> Word) throws -> Word {
        switch slot {
        case .literal(let word, _):
            return word
        case .interpolated(let expression):
            let text = try string(expression, what: what)
            do {
                return try resolve(text, expression.range)
            } catch let diagnostic as Diagnostic {
                throw RuntimeError(diagnostic)
            }
        }
    }
}
