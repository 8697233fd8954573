import Foundation
import GradLang
import GradSyntax

/// grad's values as the Language Server Protocol's JSON shapes (ranges in UTF-16, severities, kinds).
enum LSPValues {
    static func position(_ offset: Int, in source: Source) -> [String: Any] {
        let (line, character) = source.utf16Position(of: offset)
        return ["line": line, "character": character]
    }

    static func range(_ start: Int, _ end: Int, in source: Source) -> [String: Any] {
        ["start": position(start, in: source), "end": position(end, in: source)]
    }

    /// The diagnostic with its notes (did-you-mean, what to do) below the message, as the terminal shows them.
    static func diagnostic(_ diagnostic: Diagnostic, in source: Source) -> [String: Any] {
        let severity: Int
        switch diagnostic.severity {
        case .error: severity = 1
        case .warning: severity = 2
        case .note: severity = 3
        }
        let message = ([diagnostic.message] + diagnostic.notes.map { "note: " + $0.message }).joined(separator: "\n")
        return ["range": range(diagnostic.range.start.offset, diagnostic.range.end.offset, in: source),
                "severity": severity, "source": "grad", "code": diagnostic.id.description, "message": message]
    }

    /// A completion item; commands, keywords and built-ins carry their help's usage line.
    static func completionItem(_ word: String, replacing range: [String: Any], definedNames: Set<String>) -> [String: Any] {
        let bare = word.hasPrefix("$") ? String(word.dropFirst()) : word
        var item: [String: Any] = ["label": word, "textEdit": ["range": range, "newText": word]]
        if let topic = HelpTopic.lookup(bare) {
            item["kind"] = 14  // Keyword
            item["detail"] = CommandHelp.entry(for: topic).syntax
        } else {
            item["kind"] = definedNames.contains(bare) ? 6 : 14  // Variable, else a vocabulary word
        }
        return item
    }

    static func symbol(_ symbol: DocumentOutline.Symbol, in source: Source) -> [String: Any] {
        [
            "name": symbol.name,
            "kind": symbol.kind == .function ? 12 : 13,  // Function, Variable
            "range": range(symbol.range.start.offset, symbol.range.end.offset, in: source),
            "selectionRange": range(symbol.nameRange.start.offset, symbol.nameRange.end.offset, in: source),
            "children": symbol.children.map { self.symbol($0, in: source) },
        ]
    }

    /// Help text as Markdown: the usage line as code, then the explanation.
    static func markdown(_ help: String) -> String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        let usage = lines.first.map(String.init) ?? ""
        let rest = lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n\n")
        return "```grad\n\(usage)\n```\n\(rest)"
    }
}
