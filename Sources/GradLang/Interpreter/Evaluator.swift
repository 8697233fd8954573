import Foundation
import GradCore
import GradSyntax

/// Statement execution: the control flow of the scripting language. Commands are in `Commands*.swift`.
extension Interpreter {
    /// The result of running a statement: carry on, or leave the current function with a value.
    enum Flow {
        case normal
        case returned(Value)
    }

    func execute(_ statements: [Statement], directory: URL?) throws {
        for statement in statements {
            if case .returned = try execute(statement, directory: directory) { return }
            // Ctrl-C stops the whole entry or script, not just the `train` that was running.
            if interrupted { throw ScriptInterrupted() }
        }
    }

    func executeBlock(_ block: Block, directory: URL?) throws -> Flow {
        for statement in block.statements {
            let flow = try execute(statement, directory: directory)
            if case .returned = flow { return flow }
            if interrupted { throw ScriptInterrupted() }
        }
        return .normal
    }

    func execute(_ statement: Statement, directory: URL?) throws -> Flow {
        switch statement {
        case .letBinding(let name, let value, _):
            let result = try evaluate(value)
            guard environment.declare(name.name, result) else {
                throw RuntimeError(.alreadyDefined, "'\(name.name)' is already defined in this block", at: name.range,
                                   notes: [Note("to change it, write '\(name.name) = …' without 'let'")])
            }
        case .assignment(let name, let value, _):
            let result = try evaluate(value)
            guard environment.assign(name.name, result) else {
                var notes = [Note("declare it first: 'let \(name.name) = …'")]
                if let close = Suggestion.closest(to: name.name, in: environment.names) { notes.insert(Note("did you mean '\(close)'?"), at: 0) }
                throw RuntimeError(.undefinedName, "there is no variable '\(name.name)' to assign to", at: name.range, notes: notes)
            }
        case .forLoop(let variable, let sequence, let body, _):
            for item in try iterationItems(sequence) {
                if interrupted { break }
                let flow = try environment.withScope([variable.name: item]) { try executeBlock(body, directory: directory) }
                if case .returned = flow { return flow }
            }
        case .ifElse(let condition, let then, let otherwise, _):
            if try truth(condition) {
                return try environment.withScope { try executeBlock(then, directory: directory) }
            } else if let otherwise {
                return try environment.withScope { try executeBlock(otherwise, directory: directory) }
            }
        case .function(let name, let parameters, let body, _):
            environment.define(name.name, Environment.Function(parameters: parameters, body: body, directory: directory))
        case .returnStatement(let value, _):
            return .returned(try value.map(evaluate) ?? .none)
        case .include(let path, let range):
            try include(path, range: range, directory: directory)
        case .print(let items, _):
            let text = try items.map { try evaluate($0).description }.joined(separator: " ")
            output.line(text)
        case .assert(let condition, let message, let range):
            guard try truth(condition) else {
                let text = try message.map { try evaluate($0).description } ?? "assertion failed"
                throw ScriptStop(diagnostic: Diagnostic(
                    id: .assertionFailed, message: "assertion failed: \(text)", range: range,
                    notes: try comparisonNote(condition).map { [Note($0)] } ?? []))
            }
        case .expect(let condition, let message, let points, let visibility, let range):
            try recordExpectation(condition, message: message, points: points, visibility: visibility, range: range)
        case .leaderboard(let name, let value, let order, _):
            try recordLeaderboard(name: name, value: value, order: order)
        case .expression(let expression, _):
            let value = try evaluate(expression)
            if options.echoExpressions, value != .none { output.line(value.description) }
        case .command(let command, let range):
            try run(command, range: range, directory: directory)
        }
        return .normal
    }

    /// The elements a `for` loop visits: a list's items or a range's integers.
    private func iterationItems(_ sequence: Expr) throws -> [Value] {
        switch try evaluate(sequence) {
        case .list(let items): return items
        case let other:
            throw RuntimeError(.typeMismatch, "'for' needs a list or a range, got \(other.typeName)", at: sequence.range,
                               notes: [Note("e.g. 'for d in [5, 10, 20] { … }' or 'for i in 1..5 { … }'")])
        }
    }

    /// For a failed comparison, the values on both sides (`acc = 0.87, needs > 0.9`).
    func comparisonNote(_ condition: Expr) throws -> String? {
        guard case .binary(let op, let lhs, let rhs, _) = condition,
            [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op)
        else { return nil }
        let left = try evaluate(lhs), right = try evaluate(rhs)
        return "\(left.description) \(op.rawValue) \(right.description) is false"
    }

    private func include(_ pathExpr: Expr, range: SourceRange, directory: URL?) throws {
        let path = try string(pathExpr, what: "the file to include")
        let url = try readableFile(path, at: pathExpr.range, directory: directory).standardizedFileURL
        if includeStack.contains(url) {
            throw RuntimeError(.includeFailed, "'\(path)' is already being included (an include cycle)", at: range)
        }
        guard includeStack.count < 32 else { throw RuntimeError(.includeFailed, "includes are nested more than 32 deep", at: range) }
        let text: String
        switch SourceText.read(url) {
        case .success(let contents): text = contents
        case .failure(let problem):
            throw RuntimeError(.includeFailed, "cannot include '\(path)': \(problem.reason)", at: pathExpr.range)
        }
        let name = url.path
        let source = Source(name: name, text: text)
        sources[name] = source
        let (program, diagnostics) = Parser.parse(source, knownNames: Set(environment.names))
        guard diagnostics.isEmpty else {
            report(diagnostics)
            throw RuntimeError(.includeFailed, "'\(path)' has syntax errors", at: pathExpr.range)
        }
        includeStack.append(url)
        defer { includeStack.removeLast() }
        try execute(program.statements, directory: url.deletingLastPathComponent())
    }
}
