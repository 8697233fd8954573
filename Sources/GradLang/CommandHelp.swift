/// The help entry of one command or statement: syntax, meaning and an example.
///
/// Each entry is defined next to the parser of its command (`Parser+Data.swift` holds `data`'s), so the
/// text cannot drift from the grammar; this file only gathers them, with an exhaustive switch so a new
/// command cannot be added without help.
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

    /// `text` with the summary broken at spaces to fit `width` columns (a terminal would cut words).
    public func text(width: Int) -> String {
        ([syntax] + ChartText.wrap(summary, width: width, indent: "  ") + ["  example: \(example)"]).joined(separator: "\n")
    }

    /// `help`: one line per topic with its syntax.
    public static var overview: String {
        let width = all.map(\.topic.word.count).max() ?? 0
        return all.map { entry in
            entry.topic.word + String(repeating: " ", count: width + 2 - entry.topic.word.count) + entry.syntax
        }.joined(separator: "\n")
    }

    static func entry(for command: CommandWord) -> CommandHelp {
        switch command {
        case .seed: .seed
        case .data: .data
        case .split: .split
        case .standardize: .standardize
        case .features: .features
        case .net: .net
        case .layer: .layer
        case .act: .act
        case .`init`: .initCommand
        case .loss: .loss
        case .optim: .optim
        case .lr: .lr
        case .schedule: .schedule
        case .clip: .clip
        case .batch: .batch
        case .record: .record
        case .train: .train
        case .backward: .backward
        case .step: .step
        case .reset: .reset
        case .eval: .eval
        case .show: .show
        case .gradcheck: .gradcheck
        case .save: .save
        case .load: .load
        case .export: .export
        case .run: .run
        case .history: .history
        case .help: .help
        case .explain: .explain
        case .diagnose: .diagnose
        case .plot: .plot
        case .compare: .compare
        case .sweep: .sweep
        case .report: .report
        }
    }
}
