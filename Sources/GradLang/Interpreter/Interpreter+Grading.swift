import Foundation
import GradCore
import GradSyntax

/// What the grader needs from the interpreter beyond running text: the session's caps, confined file
/// paths, and `expect` results that carry the values they were decided on.
extension Interpreter {
    /// The session's memory and training caps (see `SessionLimits`).
    public var limits: SessionLimits {
        get { session.limits }
        set { session.limits = newValue }
    }

    /// How many `expect` statements have run so far; the grader counts from here to tell the teacher's
    /// expectations from the submission's own.
    public var expectationCount: Int { expectations.count }

    /// The file `path` names for reading from a script in `directory`, as `fileAccess` allows.
    func readableFile(_ path: String, at range: SourceRange, directory: URL?) throws -> URL {
        try runSession(at: range) { try fileAccess.readableURL(path, relativeTo: directory) }
    }

    /// The file `path` names for writing from a script in `directory`, as `fileAccess` allows.
    func writableFile(_ path: String, at range: SourceRange, directory: URL?) throws -> URL {
        try runSession(at: range) { try fileAccess.writableURL(path, relativeTo: directory) }
    }

    /// `expect`: decides the condition, records it with the values involved, and carries on.
    func recordExpectation(_ condition: Expr, message: Expr?, points: Expr?, visibility: TestVisibility,
                           range: SourceRange) throws {
        let outcome: (passed: Bool, detail: String)
        do {
            outcome = (try truth(condition), try comparisonNote(condition) ?? "")
        } catch let error as RuntimeError where expectErrorsAreFailures {
            outcome = (false, "error: \(error.message)")
        }
        let text = try message.map { try evaluate($0).description } ?? "expectation at line \(range.start.line)"
        let worth = try points.map { expression in
            let value = try number(expression, what: "points")
            // A negative or zero worth would turn a failure into a gain, or make the expectation pointless.
            guard value.isFinite, value > 0 else {
                throw RuntimeError(.invalidValue, "points must be a positive number, got \(Format.number(value))", at: expression.range)
            }
            return value
        } ?? OptionDefaults.expectPoints
        var result = ExpectationResult(
            message: text, points: worth, passed: outcome.passed, detail: outcome.detail,
            location: "\(range.start.file):\(range.start.line)")
        result.values = involvedValues(condition)
        if result.values.isEmpty || outcome.detail.hasPrefix("error: ") { result.values = outcome.detail }
        result.visibility = visibility
        expectations.append(result)
    }

    /// `leaderboard`: records the value under its column name (a later entry with the same name replaces
    /// an earlier one, so a test file may refine it).
    func recordLeaderboard(name: Expr, value: Expr, order: LeaderboardOrder) throws {
        let column = try evaluate(name).description
        let entry: LeaderboardValue
        switch try evaluate(value) {
        // JSON has no NaN or infinity: such a value is posted as its text ("nan"), never dropped.
        case .number(let number) where number.isFinite: entry = .number(number)
        case let other: entry = .text(other.description)
        }
        let result = LeaderboardResult(name: column, value: entry, order: order)
        if let index = leaderboard.firstIndex(where: { $0.name == column }) {
            leaderboard[index] = result
        } else {
            leaderboard.append(result)
        }
    }

    /// Every name, session value, built-in call and index the condition reads, with its value now
    /// (`acc = 0.9123, grad(1) = 2.1e-3`). User functions are not called again: they may train.
    func involvedValues(_ condition: Expr) -> String {
        var seen: Set<String> = []
        var parts: [String] = []
        func note(_ expression: Expr) {
            let text = sources[expression.range.start.file]?.text(in: expression.range) ?? ""
            guard !text.isEmpty, seen.insert(text).inserted else { return }
            let shown: String
            if let value = try? evaluate(expression) {
                let description = value.quotedDescription
                shown = description.count > 60 ? String(description.prefix(57)) + "..." : description
            } else {
                shown = "(error)"
            }
            parts.append("\(text) = \(shown)")
        }
        func visit(_ expression: Expr) {
            switch expression {
            case .number, .string, .boolean: break
            case .variable, .session, .index: note(expression)
            case .call(.builtin, _, _): note(expression)
            case .call(.user, let arguments, _): arguments.forEach(visit)
            case .list(let elements, _): elements.forEach(visit)
            case .rangeLiteral(let lower, let upper, _): visit(lower); visit(upper)
            case .unary(_, let operand, _): visit(operand)
            case .binary(_, let lhs, let rhs, _): visit(lhs); visit(rhs)
            }
        }
        visit(condition)
        return parts.joined(separator: ", ")
    }
}
