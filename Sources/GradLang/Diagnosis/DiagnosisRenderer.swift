import GradSyntax

/// Turns `diagnose` findings into the lines the user reads: a headline, then per finding its evidence
/// and its fixes (each fix a line that can be pasted at the prompt).
public enum DiagnosisRenderer {
    /// The lines for `findings`, each fitted to `width` columns; `context` says what was examined
    /// ("step 120, 21 layers"). With `color`, headlines are red (problems) or green (healthy).
    public static func lines(_ findings: [Finding], context: String, width: Int, color: Bool = false) -> [String] {
        unwrappedLines(findings, context: context, color: color).flatMap { TextWrap.fit($0, width: width) }
    }

    private static func unwrappedLines(_ findings: [Finding], context: String, color: Bool) -> [String] {
        let problems = findings.filter { $0.kind != .healthy }
        guard !problems.isEmpty else {
            var lines = ["diagnose (\(context)): " + paint("looks healthy", .green, color)]
            for finding in findings { lines += finding.evidence.map { "  - " + $0 } }
            return lines
        }
        var lines = ["diagnose (\(context)): \(problems.count) finding\(problems.count == 1 ? "" : "s")"]
        for (index, finding) in problems.enumerated() {
            lines.append("\(index + 1). " + paint("\(finding.kind.rawValue)", .red, color)
                         + (finding.title.hasPrefix(finding.kind.rawValue) ? finding.title.dropFirst(finding.kind.rawValue.count) : ": \(finding.title)"))
            lines += finding.evidence.map { "   - " + $0 }
            lines += finding.fixes.map { "   fix: " + $0 }
        }
        lines.append("after a fix, train again and run 'diagnose' to see whether it worked")
        return lines
    }

    private enum Tint: String {
        case red = "31", green = "32"
    }

    private static func paint(_ text: String, _ tint: Tint, _ color: Bool) -> String {
        color ? "\u{1B}[1;\(tint.rawValue)m\(text)\u{1B}[0m" : text
    }
}
