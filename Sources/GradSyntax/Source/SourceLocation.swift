/// A point in a source text: file name, 1-based line and column, and the 0-based offset in Unicode scalars.
///
/// Columns count Unicode scalars (not bytes, not grapheme clusters), which is what the lexer walks over,
/// so a caret drawn under column `c` lines up for ordinary text.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// Name used in diagnostics: a file path, `<repl>`, `<-e>`, `<stdin>`.
    public var file: String
    /// Offset from the start of the text, in Unicode scalars.
    public var offset: Int
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location; `line` and `column` are 1-based.
    public init(file: String, offset: Int, line: Int, column: Int) {
        self.file = file
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `file:line:col`, the prefix of every rendered diagnostic.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A half-open span `start..<end` of a source text; every token, AST node and diagnostic carries one.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourceLocation
    /// One past the last scalar of the span (equal to `start` for an empty span such as end of input).
    public var end: SourceLocation

    /// Creates a range; `end` is exclusive.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// An empty range at `location`.
    public init(at location: SourceLocation) {
        self.init(start: location, end: location)
    }

    /// The file the range lies in.
    public var file: String { start.file }

    /// Number of scalars covered.
    public var length: Int { max(0, end.offset - start.offset) }

    /// The smallest range covering both `self` and `other` (same file assumed).
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: other.start.offset < start.offset ? other.start : start,
                    end: other.end.offset > end.offset ? other.end : end)
    }

    /// A sub-range of a single-line range, `from` and `length` in scalars relative to `start`.
    /// Used to point inside one token, e.g. at `64` in the dimension word `x64`.
    public func slice(from: Int, length: Int) -> SourceRange {
        func moved(_ delta: Int) -> SourceLocation {
            SourceLocation(file: start.file, offset: start.offset + delta, line: start.line,
                           column: start.column + delta)
        }
        return SourceRange(start: moved(from), end: moved(from + length))
    }

    /// `file:line:col` of the start.
    public var description: String { start.description }
}

/// A named source text with line lookup, shared by the lexer (to make locations) and the renderer
/// (to print the offending line).
public struct Source: Sendable {
    /// Name used in diagnostics (`vanishing.grad`, `<repl>`).
    public let name: String
    /// The full text.
    public let text: String
    /// The text as Unicode scalars; offsets in `SourceLocation` index this array.
    public let scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line; `lineStarts[0] == 0`.
    let lineStarts: [Int]
    /// The text as UTF-8, and where each scalar starts in it (one extra entry for the end), so slices
    /// of the text are cheap to make: the lexer makes one per token.
    let utf8: [UInt8]
    let utf8Offsets: [Int]

    /// Wraps `text` under the diagnostic name `name`.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        scalars = Array(text.unicodeScalars)
        utf8 = Array(text.utf8)
        var starts = [0]
        var offsets = [Int]()
        offsets.reserveCapacity(scalars.count + 1)
        var byte = 0
        var index = 0
        while index < scalars.count {
            offsets.append(byte)
            byte += UTF8.width(scalars[index])
            if scalars[index] == "\n" { starts.append(index + 1) }
            index += 1
        }
        offsets.append(byte)
        utf8Offsets = offsets
        lineStarts = starts
    }

    /// The text of scalars `start..<end` (clamped to the text).
    public func slice(_ start: Int, _ end: Int) -> String {
        let lower = min(max(0, start), scalars.count)
        let upper = min(max(lower, end), scalars.count)
        return String(decoding: utf8[utf8Offsets[lower]..<utf8Offsets[upper]], as: UTF8.self)
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The location of scalar offset `offset` (clamped to the text).
    public func location(at offset: Int) -> SourceLocation {
        let clamped = min(max(0, offset), scalars.count)
        // Binary search for the last line start <= clamped.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: name, offset: clamped, line: low + 1, column: clamped - lineStarts[low] + 1)
    }

    /// The range of scalars `start..<end`.
    public func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(start: location(at: start), end: location(at: end))
    }

    /// The text of 1-based line `line`, without its newline (empty when out of range).
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        if end > start, scalars[end - 1] == "\r" { end -= 1 }
        return slice(start, end)
    }

    /// The text covered by `range` (clamped to the text).
    public func text(in range: SourceRange) -> String {
        slice(range.start.offset, range.end.offset)
    }
}
