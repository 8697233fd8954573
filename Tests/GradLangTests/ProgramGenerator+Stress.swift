/// Statements that push on the interpreter's limits rather than its grammar: nesting deeper than the
/// parser allows, operator chains near and past their cap, and values that double until the memory
/// limit or the list-nesting cap stops them. Each must end in an error or a result, never a crash.
extension ProgramGenerator {
    mutating func stress() -> String {
        switch rng.nextInt(below: 8) {
        case 0:
            let depth = pick([10, 32, 33, 60])
            return String(repeating: "if true { ", count: depth) + "print 1" + String(repeating: " }", count: depth)
        case 1:
            let depth = pick([10, 31, 33, 60])
            return "print " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        case 2:
            let terms = pick([10, 999, 1000, 1001, 3000])
            return "print " + Array(repeating: pick(["1", "0.5", "nan"]), count: terms).joined(separator: pick([" + ", " * ", " - "]))
        case 3:
            let terms = pick([10, 1001, 3000])
            return "print " + Array(repeating: pick(["true", "false"]), count: terms).joined(separator: pick([" and ", " or "]))
        case 4:
            let name = freshName("xs")
            return "let \(name) = [1]; print \(name)" + String(repeating: "[0]", count: pick([2, 1001, 2000]))
        case 5:
            let name = freshName("s")
            strings.append(name)
            let doubled = chance(0.5) ? "\(name) + \(name)" : "\"${\(name)}${\(name)}\""
            return "let \(name) = \"ab\"; for \(freshName("i")) in 1..\(pick([5, 40])) { \(name) = \(doubled) }"
        case 6:
            let name = freshName("xs")
            lists.append(name)
            let grown = pick(["\(name) + \(name)", "[\(name)]", "[\(name), \(name)]"])
            return "let \(name) = [1]; for \(freshName("i")) in 1..\(pick([5, 40, 1000])) { \(name) = \(grown) }"
        default:
            // A long chain in a recursive function: the parser accepts it, the stack check may stop it.
            let name = freshName("f")
            let chain = Array(repeating: "n", count: pick([10, 900])).joined(separator: " + ")
            return "def \(name)(n) { if n <= 0 { return 0 }\n return \(name)(n - 1) + \(chain) }; print \(name)(\(pick([3, 190])))"
        }
    }
}
