import Foundation
import GradSyntax

/// Variables and functions. Globals live for the whole session; each function call gets its own frame of
/// locals (no closures over the caller's variables), and `for` bodies get a scope for the loop variable.
final class Environment {
    struct Function {
        var parameters: [Identifier]
        var body: Block
        /// The folder of the script that defined it: relative paths in its body resolve there, wherever
        /// it is called from.
        var directory: URL? = nil
    }

    private var globals: [String: Value] = [:]
    /// Innermost last; empty at top level.
    private var scopes: [[String: Value]] = []
    /// How many scopes belong to the current function call (its frame starts at `frameStart`).
    private var frameStart = 0
    private(set) var functions: [String: Function] = [:]
    /// Nested user-function calls right now, to stop runaway recursion with a message.
    private(set) var callDepth = 0
    static let maximumCallDepth = 200
    /// Checked at every call too: the cap above does not bound the stack a call uses (see `StackGuard`).
    var stackGuard = StackGuard()

    /// Every name a script can refer to now (for the parser's knowledge and for completion).
    var names: [String] {
        Array(Set(globals.keys).union(scopes.flatMap(\.keys)).union(functions.keys)).sorted()
    }

    func lookup(_ name: String) -> Value? {
        for scope in scopes[frameStart...].reversed() {
            if let value = scope[name] { return value }
        }
        return globals[name]
    }

    /// `let`: a new variable in the innermost scope (shadowing is allowed; redeclaring in the same scope is not).
    func declare(_ name: String, _ value: Value) -> Bool {
        if scopes.count > frameStart {
            if scopes[scopes.count - 1][name] != nil { return false }
            scopes[scopes.count - 1][name] = value
        } else {
            // At top level `let` may redefine: REPL users re-run lines.
            globals[name] = value
        }
        return true
    }

    /// `x = …`: updates the nearest existing variable; false when there is none.
    func assign(_ name: String, _ value: Value) -> Bool {
        for index in stride(from: scopes.count - 1, through: frameStart, by: -1) where scopes[index][name] != nil {
            scopes[index][name] = value
            return true
        }
        guard globals[name] != nil else { return false }
        globals[name] = value
        return true
    }

    func define(_ name: String, _ function: Function) { functions[name] = function }

    /// Takes every variable visible in `other` (as a global) and its functions: a sweep cell starts
    /// with what the script had defined where the sweep ran.
    func inherit(from other: Environment) {
        for name in other.names {
            if let value = other.lookup(name) { globals[name] = value }
        }
        functions.merge(other.functions) { _, theirs in theirs }
    }

    /// Runs `body` with a fresh scope on top.
    func withScope<T>(_ initial: [String: Value] = [:], _ body: () throws -> T) rethrows -> T {
        scopes.append(initial)
        defer { scopes.removeLast() }
        return try body()
    }

    /// Runs `body` as a function call: only globals and `arguments` are visible.
    func withFrame<T>(_ arguments: [String: Value], _ body: () throws -> T) rethrows -> T {
        let savedStart = frameStart
        scopes.append(arguments)
        frameStart = scopes.count - 1
        callDepth += 1
        defer {
            callDepth -= 1
            scopes.removeLast()
            frameStart = savedStart
        }
        return try body()
    }
}
