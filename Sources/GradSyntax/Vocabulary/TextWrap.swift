/// Breaking text at spaces to fit a terminal's width, for prose, help, chart titles and footers.
///
/// A terminal breaks an over-long line at whatever column it reaches, mid-word ("evaluat/ion"). Text that
/// grad writes as prose is broken here instead, between words, and continuation lines are indented so a
/// list item or a table row still reads as one entry. Widths count what a terminal shows: ANSI escapes
/// take no room. A word longer than a whole line (a long path) is the one thing cut mid-word.
public enum TextWrap {
    /// `text` broken at spaces into lines of at most `width` visible characters; the first starts with
    /// `indent`, the others with `hanging` (the same as `indent` when not given).
    public static func lines(_ text: String, width: Int, indent: String = "", hanging: String? = nil) -> [String] {
        let hanging = hanging ?? indent
        var lines: [String] = []
        var current = indent, visible = visibleCount(indent), lineStart = visible, hasContent = false
        func startLine() {
            lines.append(current.trimmingTrailingSpaces())
            (current, visible, hasContent) = (hanging, visibleCount(hanging), false)
            lineStart = visible
        }
        for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(piece)
            var length = visibleCount(String(word))
            if hasContent, visible + 1 + length > width { startLine() }
            if hasContent {
                current += " "
                visible += 1
            }
            // Only a word wider than a whole line is cut (never inside an escape): after the last `|` or `,`
            // that fits, as in a list of choices, else at the line's end.
            while length > width - visible, length > width - lineStart, width > visible, !word.contains("\u{1B}") {
                let room = width - visible
                let head = word.prefix(room)
                let cut = head.lastIndex { $0 == "|" || $0 == "," }.map { head.distance(from: head.startIndex, to: $0) + 1 } ?? room
                current += word.prefix(cut)
                word = word.dropFirst(cut)
                length -= cut
                hasContent = true
                startLine()
            }
            current += word
            visible += length
            hasContent = hasContent || !word.isEmpty
        }
        lines.append(current.trimmingTrailingSpaces())
        return lines
    }

    /// One already-formatted line fitted to `width`: returned as it is when it fits, otherwise broken at
    /// spaces with continuation lines indented under the start of its text — after a list marker
    /// (`- `, `fix: `, `3. `) or, in a two-column row (`term   description`), under the description.
    public static func fit(_ line: String, width: Int) -> [String] {
        guard visibleCount(line) > width else { return [line] }
        let leading = line.prefix { $0 == " " }.count
        let body = line.dropFirst(leading)
        var hanging = leading + markerWidth(body)
        if hanging == leading, let column = descriptionColumn(line, after: leading) { hanging = column }
        // A hanging indent that leaves too little room reads worse than none.
        if hanging > width / 2 { hanging = min(leading + 2, width / 2) }
        let indent = String(repeating: " ", count: leading)
        return lines(String(body), width: width, indent: indent, hanging: String(repeating: " ", count: hanging))
    }

    /// Every line of a multi-line `text` fitted to `width` (see `fit`).
    public static func block(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { fit(String($0), width: width) }
    }

    /// Characters a terminal shows for `text`: ANSI escape sequences take no room.
    public static func visibleCount(_ text: String) -> Int {
        var count = 0, inEscape = false
        for character in text {
            if character == "\u{1B}" { inEscape = true; continue }
            if inEscape { if character == "m" { inEscape = false }; continue }
            count += 1
        }
        return count
    }

    /// The width of a list marker at the start of `body` (`- `, `• `, `fix: `, `note: `, `12. `), or 0.
    private static func markerWidth(_ body: Substring) -> Int {
        for marker in ["- ", "• ", "fix: ", "note: "] where body.hasPrefix(marker) { return marker.count }
        let digits = body.prefix { $0.isASCII && $0.isNumber }.count
        if digits > 0, body.dropFirst(digits).hasPrefix(". ") { return digits + 2 }
        return 0
    }

    /// In a row `term   description` (a gap of three or more spaces after the first word or words), the
    /// column where the description starts.
    static func descriptionColumn(_ line: String, after leading: Int) -> Int? {
        let characters = Array(line)
        var index = leading, gapStart: Int?
        while index < characters.count {
            if characters[index] == " " {
                gapStart = gapStart ?? index
            } else {
                if let start = gapStart, index - start >= 3 { return index }
                gapStart = nil
            }
            index += 1
        }
        return nil
    }
}
