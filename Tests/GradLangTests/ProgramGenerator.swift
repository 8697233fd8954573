import Foundation
import GradCore
import GradLang
import GradSyntax

/// A seeded generator of random grad programs built from the language's grammar: statements,
/// expressions and every command with its options, drawn from the same vocabulary enums the parser
/// matches against (so a new word is generated as soon as it exists).
///
/// Most choices are well-formed and small, so most programs parse and many run to the end; a few
/// percent of choices are deliberately awkward — sizes of 0, 1 or 10¹⁵, NaN-producing arithmetic,
/// a string where a number belongs, a missing file — which is where interpreters trap. Sizes stay small
/// enough that a program runs in milliseconds: data sets of at most a few hundred rows, a handful of
/// narrow layers, a few epochs; the huge values are ones the session must refuse before allocating.
/// Commands are in `ProgramGenerator+Commands.swift`; deep nesting, long chains and growing values in
/// `ProgramGenerator+Stress.swift`.
struct ProgramGenerator {
    var rng: SeededGenerator
    /// Variables bound so far, by the kind of value they were given.
    var numbers: [String] = []
    var lists: [String] = []
    var strings: [String] = []
    /// User functions defined so far, with their parameter counts.
    var functions: [(name: String, arity: Int)] = []
    /// Parameters of the function being generated (numbers inside its body).
    var parameters: [String] = []
    /// Nesting of blocks and expressions, bounded so programs stay readable and quick.
    var depth = 0
    var freshNames = 0
    /// Names of runs kept so far (`run`, `sweep` cells), for `compare`.
    var runNames: [String] = []
    /// Whether the data has a test split (`test_loss` needs one) and models saved so far (for `load`).
    var hasSplit = false
    var savedModels: [String] = []

    /// Files every program may refer to; `prepare(folder:)` writes them.
    static let csvFile = "table.csv"
    static let brokenModels = ["truncated.json", "wrong_shape.json", "wrong_type.json", "empty.json", "not_json.json"]

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    /// Writes the fixtures programs read: a small CSV and model files that are broken in different ways.
    static func prepare(folder: URL) throws {
        var csv = "x1,x2,label\n"
        for row in 0..<40 { csv += "\(Double(row) / 10),\(Double(row % 7) - 3),\(row % 3 == 0 ? "a" : "b")\n" }
        try csv.write(to: folder.appendingPathComponent(csvFile), atomically: true, encoding: .utf8)
        let valid = #"{"architecture":{"hidden":[],"inputWidth":2,"outputWidth":2},"format":"grad-model","version":1,"state_dict":{}"#
        let fixtures = [
            "truncated.json": String(valid.prefix(60)),
            "wrong_shape.json": valid.replacingOccurrences(of: "\"inputWidth\":2", with: "\"inputWidth\":7"),
            "wrong_type.json": #"{"format":"grad-model","version":"one","architecture":[],"state_dict":3}"#,
            "empty.json": "",
            "not_json.json": "weights: lots\n",
        ]
        for (name, text) in fixtures {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// A whole program: usually a small setup (seed, data, network) and then 2–12 random statements.
    mutating func program() -> String {
        numbers = []
        lists = []
        strings = []
        functions = []
        parameters = []
        runNames = []
        hasSplit = false
        savedModels = []
        depth = 0
        var lines: [String] = []
        // Most programs start the way experiments do, so the commands after them have something to act on.
        if chance(0.95) {
            lines.append("seed \(int(0...99))")
            lines.append("data \(pick(["spiral", "moons", "circles", "xor", "blobs", "checker"])) \(pick([60, 100, 150]))")
            if chance(0.3) {
                lines.append("split 0.8")
                hasSplit = true
            }
            if chance(0.95) { lines.append("net dense \(int(1...3))x\(pick([4, 8]))\(chance(0.5) ? activation() : "")") }
            if chance(0.9) { lines.append("train 1") }
        }
        for _ in 0..<int(2...12) { lines.append(statement(topLevel: true)) }
        return lines.joined(separator: chance(0.9) ? "\n" : "; ") + "\n"
    }

    // MARK: random choices

    mutating func chance(_ probability: Double) -> Bool { rng.nextUniform() < probability }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + rng.nextInt(below: range.count)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[rng.nextInt(below: items.count)] }

    /// True for the few percent of choices that should be awkward rather than sensible
    /// (`GRAD_GENERATOR_AWKWARD=0.2` makes a long run hunt harder, at the cost of fewer complete programs).
    mutating func awkward() -> Bool { chance(Self.awkwardRate) }

    static let awkwardRate = ProcessInfo.processInfo.environment["GRAD_GENERATOR_AWKWARD"].flatMap(Double.init) ?? 0.05

    mutating func freshName(_ prefix: String) -> String {
        freshNames += 1
        return "\(prefix)\(freshNames)"
    }

    /// Values that are legal to write but hard to handle: extremes, non-integers, wrong types, NaN.
    static let awkwardValues = [
        "0", "-1", "1e9", "1e15", "1e16", "1e300", "-1e300", "2.5", "0.5", "1e-300", "4.9e-324",
        "9007199254740993", "(0/0)", "(1/0)", "(-1/0)", "sqrt(-1)", "log(0)", "1e308 * 10", "\"ten\"",
        "[]", "[1, 2]", "true", "1..3", "-0", "1e400",
    ]

    /// A number for a size or count: usually one of `sensible`, sometimes an awkward value.
    mutating func size(_ sensible: [String]) -> String {
        awkward() ? pick(Self.awkwardValues) : pick(sensible)
    }

    // MARK: statements

    /// One statement; `def` only at top level (the parser refuses it elsewhere).
    mutating func statement(topLevel: Bool) -> String {
        depth += 1
        defer { depth -= 1 }
        let roll = rng.nextInt(below: 100)
        switch roll {
        case 0..<50: return command()
        case 50..<56: return letStatement()
        case 56..<59 where !numbers.isEmpty: return assignment()
        case 59..<64 where depth < 3: return ifStatement()
        case 64..<69 where depth < 3: return forStatement()
        case 69..<73 where topLevel: return functionDefinition()
        case 73..<80: return "print " + (0..<int(0...3)).map { _ in anyExpression() }.joined(separator: pick([" ", ", "]))
        case 80..<84: return "expect \(condition()) \"\(freshName("claim"))\"" + (chance(0.5) ? " points \(int(1...5))" : "")
        case 84..<86: return "assert \(chance(0.9) ? "true" : condition()) \"\(freshName("assertion"))\""
        case 86..<88: return include()
        case 88..<93 where !functions.isEmpty: return call()
        case 93..<95 where topLevel: return stress()
        default: return command()
        }
    }

    mutating func block() -> String {
        let body = (0..<int(1...3)).map { _ in statement(topLevel: false) }
        return chance(0.5) ? "{ " + body.joined(separator: "; ") + " }" : "{\n" + body.joined(separator: "\n") + "\n}"
    }

    mutating func letStatement() -> String {
        let name = freshName(pick(["n", "xs", "s"]))
        switch name.first {
        case "n":
            defer { numbers.append(name) }
            return "let \(name) = \(number())"
        case "x":
            defer { lists.append(name) }
            return "let \(name) = \(list())"
        default:
            defer { strings.append(name) }
            return "let \(name) = \(string())"
        }
    }

    mutating func assignment() -> String {
        if awkward() || numbers.isEmpty { return "\(freshName("undefined")) = \(number())" }
        return "\(pick(numbers)) = \(number())"
    }

    mutating func ifStatement() -> String {
        var text = "if \(condition()) \(block())"
        if chance(0.4) { text += " else \(chance(0.3) ? ifStatement() : block())" }
        return text
    }

    mutating func forStatement() -> String {
        let name = freshName("i")
        let sequence = awkward() ? pick(["1..1e12", "5", "\"abc\"", "1..100000"]) : pick(["1..3", "[1, 2]", "0..1", "3..1"])
        numbers.append(name)
        defer { numbers.removeAll { $0 == name } }
        return "for \(name) in \(sequence) \(block())"
    }

    /// A function; sometimes recursive, to reach the call-depth limit from several directions.
    mutating func functionDefinition() -> String {
        let name = freshName("f")
        let arity = int(0...2)
        let names = (0..<arity).map { _ in freshName("p") }
        let saved = (numbers, parameters)
        parameters = names
        numbers += names
        defer {
            (numbers, parameters) = saved
            functions.append((name, arity))
        }
        if arity == 1, chance(0.3) {
            let p = names[0]
            // Bounded recursion (depth p) or runaway recursion, depending on the argument it gets.
            return "def \(name)(\(p)) { if \(p) <= 0 { return 0 } \n return \(name)(\(p) - 1) + 1 }"
        }
        let body = (0..<int(0...2)).map { _ in statement(topLevel: false) }
        return "def \(name)(\(names.joined(separator: ", "))) {\n" + (body + ["return \(number())"]).joined(separator: "\n") + "\n}"
    }

    mutating func call() -> String {
        let function = pick(functions)
        let count = awkward() ? function.arity + 1 : function.arity
        let arguments = (0..<count).map { _ in chance(0.2) ? pick(["3", "150", "250", "1e9"]) : number() }
        return "\(function.name)(\(arguments.joined(separator: ", ")))"
    }

    mutating func include() -> String {
        // The program itself (an include cycle), a saved session, or files that are missing or not scripts.
        if awkward() { return "include \"\(pick(["missing.grad", "../missing/x.grad", ProgramGenerator.csvFile, "case.grad"]))\"" }
        return "save session \"session.grad\"; include \"session.grad\""
    }

    // MARK: expressions

    mutating func anyExpression() -> String {
        switch rng.nextInt(below: 4) {
        case 0: number()
        case 1: string()
        case 2: list()
        default: condition()
        }
    }

    /// A numeric expression: literals, variables, session values, arithmetic and built-in calls.
    mutating func number() -> String {
        depth += 1
        defer { depth -= 1 }
        if awkward() { return pick(Self.awkwardValues) }
        let leaf = depth > 4
        switch rng.nextInt(below: leaf ? 3 : 10) {
        case 0: return pick(["0", "1", "2", "3", "10", "0.5", "1e-3", "2.5e2"])
        case 1: return numbers.isEmpty ? "\(int(0...9))" : pick(numbers)
        case 2:
            let values = SessionValue.allCases.filter { $0 != .args && $0 != .nan && (hasSplit || awkward() || ($0 != .testLoss && $0 != .testAcc)) }
            return pick(values).rawValue
        case 3, 4:
            let op = pick(["+", "-", "*", "/", "%", "^"])
            return "\(number()) \(op) \(number())"
        case 5: return "-\(number())"
        case 6: return "(\(number()))"
        case 7: return builtinCall()
        case 8 where !lists.isEmpty: return "\(pick(lists))[\(pick(["0", "-1", "1", "5", "1e300"]))]"
        case 8 where !functions.isEmpty:
            let function = pick(functions)
            return "\(function.name)(\((0..<function.arity).map { _ in pick(["1", "2", "0"]) }.joined(separator: ", ")))"
        default: return "len(\(list()))"
        }
    }

    /// A call to a built-in, with the right number of arguments most of the time (a wrong count is a
    /// parse error) and sometimes an argument of the wrong type.
    mutating func builtinCall() -> String {
        let function = pick(BuiltinFunction.allCases)
        var count = function.arity.lowerBound + (function.arity.count > 1 ? int(0...1) : 0)
        if awkward() { count = pick([0, 3]) }
        let arguments = (0..<count).map { _ -> String in
            if chance(0.05) { return pick(["\"x\"", "[]", "true", "args"]) }
            switch function {
            case .grad, .actstd, .gradstd, .bgrad, .update: return pick(["1", "-1", "2", "0", "99", "layers"])
            case .len: return chance(0.5) ? list() : string()
            case .min, .max: return count == 1 ? list() : number()
            default: return number()
            }
        }
        return "\(function.rawValue)(\(arguments.joined(separator: ", ")))"
    }

    mutating func condition() -> String {
        depth += 1
        defer { depth -= 1 }
        switch rng.nextInt(below: depth > 4 ? 2 : 6) {
        case 0: return pick(["true", "false", "nan"])
        case 1: return "\(number()) \(pick(["<", "<=", ">", ">=", "==", "!="])) \(number())"
        case 2: return "not \(condition())"
        case 3: return "\(condition()) \(pick(["and", "or"])) \(condition())"
        case 4: return "\(string()) == \(string())"
        default: return "(\(condition()))"
        }
    }

    mutating func string() -> String {
        depth += 1
        defer { depth -= 1 }
        if !strings.isEmpty, chance(0.2) { return pick(strings) }
        var text = "\""
        for _ in 0..<int(0...3) {
            switch rng.nextInt(below: depth > 4 ? 2 : 5) {
            case 0: text += pick(["hello", "loss ", "a b", "é ∇", "\\n", "\\t", "\\\"", "\\$", awkward() ? "\\q" : "!"])
            case 1: text += numbers.isEmpty ? "x" : "$" + pick(numbers)
            case 2: text += "${\(number())}"
            case 3: text += "${\(condition())}"
            default: text += "${\(list())}"
            }
        }
        return text + (chance(0.01) ? "" : "\"")
    }

    mutating func list() -> String {
        depth += 1
        defer { depth -= 1 }
        if !lists.isEmpty, chance(0.3) { return pick(lists) }
        switch rng.nextInt(below: depth > 4 ? 1 : 4) {
        case 0: return "[" + (0..<int(0...3)).map { _ in pick(["1", "2", "0.5", "-3"]) }.joined(separator: ", ") + "]"
        case 1: return "[" + (0..<int(1...3)).map { _ in anyExpression() }.joined(separator: ", ") + "]"
        case 2: return awkward() ? pick(["1..1e8", "1..1e300", "(0/0)..3", "1..\"x\""]) : "\(int(-2...2))..\(int(0...4))"
        default: return chance(0.5) ? "args" : "\(list()) + \(list())"
        }
    }
}
