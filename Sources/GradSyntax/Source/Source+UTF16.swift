/// Positions as editors count them: the Language Server Protocol's default is a 0-based line and a
/// character offset in UTF-16 code units, where grad counts Unicode scalars.
extension Source {
    /// The 0-based line and UTF-16 character of scalar `offset`.
    public func utf16Position(of offset: Int) -> (line: Int, character: Int) {
        let location = location(at: offset)
        let lineStart = location.offset - (location.column - 1)
        let character = scalars[lineStart..<location.offset].reduce(0) { $0 + $1.utf16.count }
        return (location.line - 1, character)
    }

    /// The scalar offset of 0-based `line` and UTF-16 `character`, clamped to the line (a position inside
    /// a surrogate pair lands on its scalar).
    public func offset(line: Int, utf16Character character: Int) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineStarts.count else { return scalars.count }
        let end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : scalars.count
        var offset = lineStarts[line]
        var units = 0
        while offset < end, units + scalars[offset].utf16.count <= character {
            units += scalars[offset].utf16.count
            offset += 1
        }
        return offset
    }
}
