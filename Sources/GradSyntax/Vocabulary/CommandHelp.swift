/// The help entry of one command or statement: syntax, meaning and an example.
///
/// A command's entry is part of its `CommandDeclaration`, beside its parser; statements' entries are beside
/// theirs, and built-in functions' in `Builtins+Help.swift`.
public struct CommandHelp: Hashable, Sendable {
    public let topic: HelpTopic
    /// Usage line, e.g. `data NAME [COUNT] [classes N] [noise X]`.
    public let syntax: String
    /// What the command does, in a sentence or two.
    public let summary: String
    /// A line that works when typed.
    public let example: String

    /// Creates an entry.
    public init(_ topic: HelpTopic, syntax: String, summary: String, example: String) {
        self.topic = topic
        self.syntax = syntax
        self.summary = summary
        self.example = example
    }

    /// The entry for `topic`.
    public static func entry(for topic: HelpTopic) -> CommandHelp {
        switch topic {
        case .command(let command): entry(for: command)
        case .statement(let keyword): statement(keyword)
        case .function(let function): function.help
        }
    }

    /// Every entry: commands in table order, then scripting statements, then built-in functions.
    public static var all: [CommandHelp] { HelpTopic.all.map(entry(for:)) }

    /// `help <topic>`: syntax, summary and example, one per line.
    public var text: String {
        "\(syntax)\n  \(summary)\n  example: \(example)"
    }

    /// `text` broken at spaces to fit `width` columns (a terminal would cut words): the syntax and the
    /// example hang under their first word, the summary's table rows under their descriptions.
    public func text(width: Int) -> String {
        let summaryLines = Self.logicalLines(summary).flatMap { TextWrap.fit("  " + $0, width: width) }
        return (TextWrap.lines(syntax, width: width, hanging: "  ") + summaryLines
                + TextWrap.lines("example: \(example)", width: width, indent: "  ", hanging: "    ")).joined(separator: "\n")
    }

    /// The summary's lines with the source's own continuation lines of a table row (indented under its
    /// description) joined back on, so they are re-broken for the width at hand.
    static func logicalLines(_ summary: String) -> [String] {
        var lines: [String] = []
        var rowIndent: Int?  // the leading spaces of the latest table row (`term   description`)
        for line in summary.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            if let rowIndent, indent > rowIndent + 2, !line.allSatisfy({ $0 == " " }) {
                lines[lines.count - 1] += " " + line.dropFirst(indent)
            } else {
                lines.append(String(line))
                rowIndent = TextWrap.descriptionColumn(String(line), after: indent) == nil ? nil : indent
            }
        }
        return lines
    }

    /// `help`: one line per topic with its syntax, which hangs under itself when it is too long for `width`.
    public static func overview(width: Int) -> String {
        let column = (all.map(\.topic.word.count).max() ?? 0) + 2
        return all.flatMap { entry in
            let indent = entry.topic.word + String(repeating: " ", count: column - entry.topic.word.count)
            return TextWrap.lines(entry.syntax, width: width, indent: indent, hanging: String(repeating: " ", count: column))
        }.joined(separator: "\n")
    }

    static func entry(for command: CommandWord) -> CommandHelp { command.declaration.help }
}
