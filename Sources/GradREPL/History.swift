/// The REPL's history rules, kept free of files and terminals so they can be tested directly:
/// blank entries are not kept, an entry equal to the one before it is collapsed into it, and only the
/// newest `limit` entries survive. Entries may span several lines (a `for` block typed over three lines
/// is recalled whole by one Up, as in Lua's REPL).
public struct History: Equatable, Sendable {
    /// How many entries are kept when no other limit is given.
    public static let defaultLimit = 1000

    /// Oldest first.
    public private(set) var entries: [String]
    /// The most entries kept; older ones are dropped first.
    public let limit: Int

    /// Creates a history from `entries` (oldest first), applying the same rules as `add`.
    public init(entries: [String] = [], limit: Int = History.defaultLimit) {
        self.entries = []
        self.limit = max(1, limit)
        for entry in entries { add(entry) }
    }

    /// Records `entry`; returns false when the rules dropped it (blank, or a repeat of the previous entry).
    @discardableResult
    public mutating func add(_ entry: String) -> Bool {
        let trimmed = entry.trimmingTrailingNewlines()
        guard trimmed.contains(where: { !$0.isWhitespace }), trimmed != entries.last else { return false }
        entries.append(trimmed)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    // The file format: one entry per line. A multi-line entry keeps its newlines as `\n`, and a literal backslash is
    // doubled, so any entry survives a save and load unchanged.

    /// Reads the file format written by `encoded()`; unknown escapes are kept literally.
    public static func decode(_ text: String, limit: Int = History.defaultLimit) -> History {
        let entries = text.split(separator: "\n", omittingEmptySubsequences: true).map { unescape(Substring($0)) }
        return History(entries: entries, limit: limit)
    }

    /// The file contents for these entries: one per line, newline-terminated.
    public func encoded() -> String {
        entries.map { Self.escape($0) + "\n" }.joined()
    }

    private static func escape(_ entry: String) -> String {
        var result = ""
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func unescape(_ line: Substring) -> String {
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in line.unicodeScalars {
            if escaping {
                switch scalar {
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "\\": result.append("\\")
                default: result.append(contentsOf: ["\\", scalar])
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        if escaping { result.append("\\") }
        return String(result)
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var result = Substring(self)
        while let last = result.last, last.isNewline { result = result.dropLast() }
        return String(result)
    }
}
