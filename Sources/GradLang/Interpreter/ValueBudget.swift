import GradSyntax

/// Limits on the values scripts build. Doubling a string or a list in a loop, or wrapping a list in a
/// list again and again, is refused with an error naming the limit, before anything is allocated:
/// otherwise the allocator aborts the process, or printing (and freeing) a list nested a million deep
/// overflows the stack.
extension Interpreter {
    /// Lists nested deeper than this are refused: printing, comparing and freeing one recurse per level.
    static let maximumListNesting = 100
    /// The most items a list may hold, counting those of the lists inside it (a list shared by several
    /// elements counts each time: printing it writes it out each time).
    static let maximumListItems = 2 * maximumRangeLength

    /// `a + b` for two strings (or a string and a value shown as text), once its size passes the checks.
    func joinedStrings(_ left: String, _ right: String, at range: SourceRange) throws -> Value {
        let bytes = Double(left.utf8.count) + Double(right.utf8.count)
        // The operands are alive while the result is built, so both count.
        try checkValueMemory(2 * bytes, for: "a string of \(Format.bytes(bytes))", at: range)
        return .string(left + right)
    }

    /// `a + b` for two lists, once its size passes the checks (the items themselves are shared, not copied).
    func joinedLists(_ left: [Value], _ right: [Value], at range: SourceRange) throws -> Value {
        let count = left.count + right.count
        guard count <= Self.maximumListItems else {
            throw RuntimeError(.limitExceeded, "a list of \(count) items is longer than the \(Self.maximumListItems) allowed", at: range)
        }
        try checkValueMemory(2 * Double(count) * Double(MemoryLayout<Value>.stride), for: "a list of \(count) items",
                             at: range)
        return .list(left + right)
    }

    /// A list literal's value, once its nesting and its items (with those of nested lists) pass the checks.
    func checkedList(_ items: [Value], at range: SourceRange) throws -> Value {
        let footprint = Self.footprint(of: items)
        guard footprint.depth <= Self.maximumListNesting else {
            throw RuntimeError(.limitExceeded, "lists are nested more than \(Self.maximumListNesting) deep", at: range)
        }
        guard footprint.items <= Self.maximumListItems else {
            throw RuntimeError(.limitExceeded, "a list of more than \(Self.maximumListItems) items (counting nested lists) is too long",
                               at: range)
        }
        try checkValueMemory(footprint.bytes, for: "a list of \(footprint.items) items", at: range)
        return .list(items)
    }

    /// A string joined from pieces (interpolation), once its size passes the memory check.
    func checkedString(_ pieces: [String], at range: SourceRange) throws -> Value {
        let bytes = pieces.reduce(0.0) { $0 + Double($1.utf8.count) }
        try checkValueMemory(2 * bytes, for: "a string of \(Format.bytes(bytes))", at: range)
        return .string(pieces.joined())
    }

    private func checkValueMemory(_ bytes: Double, for what: String, at range: SourceRange) throws {
        try runSession(at: range) {
            try session.checkMemory(bytes, for: what, hint: "build smaller strings and lists")
        }
    }

    /// Items (nested ones included), bytes and nesting depth of a list holding `items`, measured without
    /// recursion and giving up once the count passes `maximumListItems` or the depth `maximumListNesting`
    /// (so a list shared a million times over is measured in bounded time).
    static func footprint(of items: [Value]) -> (items: Int, bytes: Double, depth: Int) {
        var pending: [(items: [Value], depth: Int)] = [(items, 1)]
        var count = 0, bytes = 0.0, deepest = 1
        while let (list, depth) = pending.popLast() {
            deepest = max(deepest, depth)
            count += list.count
            bytes += Double(list.count * MemoryLayout<Value>.stride)
            if count > maximumListItems || deepest > maximumListNesting { break }
            for item in list {
                switch item {
                case .list(let inner): pending.append((inner, depth + 1))
                case .string(let text): bytes += Double(text.utf8.count)
                case .number, .boolean, .none: break
                }
            }
        }
        return (count, bytes, deepest)
    }
}
