extension Parser {
    /// `export history "FILE"` — the format follows the extension; `export tensorboard "DIR"` names a folder.
    mutating func parseExport(_ command: Token) throws -> Command {
        let what = try parseRequiredWord(ExportTarget.self, after: command, "what to export", noun: "target")
        let path = try parsePath(after: command)
        return .export(what: what, path: path)
    }

    /// `help [TOPIC]`; an unknown topic is a parse error with a did-you-mean, and an `explain` topic
    /// is pointed to `explain`.
    mutating func parseHelp(_ command: Token) throws -> Command {
        guard !atStatementEnd else { return .help(topic: nil) }
        let token = current
        guard case .identifier(let word) = token.kind else {
            throw failExpected("a command name after 'help'")
        }
        guard let topic = HelpTopic.lookup(word) else {
            var notes = Suggestion.note(for: word, in: HelpTopic.all.map(\.word))
            if ExplainTopic.lookup(word) != nil { notes.append(Note("for the concept, try 'explain \(word)'")) }
            throw fail(.unknownHelpTopic, "no help for '\(word)'",
                       notes: notes + [Note("type 'help' for the list of commands")])
        }
        advance()
        return .help(topic: Located(topic, range: token.range))
    }
}

extension CommandDeclaration {
    static let show = CommandDeclaration(
        .show,
        keywords: [.of(ShowTarget.self)], followers: { ShowTarget.lookup($0) == .clip ? ["last", "all"] : nil },
        usage: [[.anyOf(ShowTarget.self)]],
        summary: "Prints a table: the network, per-layer gradient/activation/weight statistics (a recurrent "
            + "layer's W_ih and W_hh sides first, as rows r1, r2, …), clipping, "
            + "settings, data, the training history, the named runs or the input features. 'show clip' lists the "
            + "last \(ViewLimits.clipRowsShown) recorded steps' norm before and after clipping and the coefficient; "
            + "'show clip last N' or 'show clip all' lists more.",
        example: "show grads")
    static let gradcheck = CommandDeclaration(
        .gradcheck, usage: [[]],
        summary: "Checks back-propagation against finite differences; prints the largest relative error per layer.",
        example: "gradcheck")
    static let save = CommandDeclaration(
        .save,
        keywords: [.literal(["session"])],
        usage: [[.value("\"FILE\"")], [.literal("session"), .value("\"FILE.grad\"")]],
        summary: "Saves the network and its settings as JSON (atomically); 'save session' writes the commands that rebuild this session, bit for bit, as a script.",
        example: "save session \"experiment.grad\"")
    static let history = CommandDeclaration(
        .history, usage: [[]],
        summary: "Lists the commands that built this session's state (data, network, settings, training), as 'save session' would write them.",
        example: "history")
    static let load = CommandDeclaration(
        .load, usage: [[.value("\"FILE\"")]], summary: "Loads a network saved with 'save'.",
        example: "load \"model.json\"")
    static let export = CommandDeclaration(
        .export,
        keywords: [.of(ExportTarget.self)],
        usage: [
            [.choice([.word(ExportTarget.history), .word(ExportTarget.grads), .word(ExportTarget.data)]),
             .value("\"FILE.csv|FILE.json\"")],
            [.word(ExportTarget.tensorboard), .value("\"DIR\"")],
        ],
        summary: "Writes the training history (every recorded statistic per step) or the latest step's gradients "
            + "(one row per entry, after clipping) or the data set as loaded or generated (features, then y, or "
            + "y1…yN for a target per step; exact numbers, to train on the same rows elsewhere); the format follows "
            + "the extension, and pandas reads both as they are. "
            + "'tensorboard' writes the history as TensorBoard event files in DIR (kept runs and sweep cells in DIR/NAME): "
            + "'tensorboard --logdir DIR' shows them.",
        example: "export history \"history.csv\"")
    static let run = CommandDeclaration(
        .run, usage: [[.value("\"NAME\"")]],
        summary: "Keeps the current results (losses, accuracy, per-layer gradients) under NAME, so runs can be compared with 'show runs'.",
        example: "run \"baseline\"")
    static let help = CommandDeclaration(
        .help,
        keywords: [.literal(HelpTopic.all.map(\.word))],
        usage: [[.optional(.value("COMMAND"))]], summary: "Lists the commands, or explains one.",
        example: "help net")
    static let explain = CommandDeclaration(
        .explain,
        keywords: [.of(ExplainTopic.self)],
        usage: [[.anyOf(ExplainTopic.self)]],
        summary: "Explains a concept in plain words, using the current network's numbers.",
        example: "explain vanishing")
}

extension CommandHelp {
    /// Help for the scripting statements, next to their parser in spirit: the grammar is in
    /// `Parser+Statements.swift`.
    static func statement(_ keyword: StatementKeyword) -> CommandHelp {
        switch keyword {
        case .let: CommandHelp(.statement(.let), syntax: "let NAME = EXPR",
                               summary: "Defines a variable; 'NAME = EXPR' changes it later.", example: "let depth = 20")
        case .for: CommandHelp(.statement(.for), syntax: "for NAME in LIST|A..B { ... }",
                               summary: "Repeats the block for each element (a range includes both ends).",
                               example: "for d in [5, 10, 20] { net dense ${d}x64 relu; train 10 }")
        case .if: CommandHelp(.statement(.if), syntax: "if COND { ... } [else { ... }]",
                              summary: "Runs a block when the condition holds.",
                              example: "if gradratio > 100 { print \"vanishing\" }")
        case .def: CommandHelp(.statement(.def), syntax: "def NAME(A, B) { ... return EXPR }",
                               summary: "Defines a function.", example: "def half(x) { return x / 2 }")
        case .return: CommandHelp(.statement(.return), syntax: "return [EXPR]",
                                  summary: "Leaves a function with a value.",
                                  example: "def double(x) { return x * 2 }")
        case .include: CommandHelp(.statement(.include), syntax: "include \"FILE\"",
                                   summary: "Runs another script in the current session.",
                                   example: "include \"setup.grad\"")
        case .print: CommandHelp(.statement(.print), syntax: "print EXPR ...",
                                 summary: "Prints values separated by spaces; strings interpolate $x and ${expr}.",
                                 example: "print \"layer 1 gradient:\" grad(1)")
        case .assert: CommandHelp(.statement(.assert), syntax: "assert COND [\"MESSAGE\"]",
                                  summary: "Stops the script with an error (exit code 1) when the condition is false.",
                                  example: "assert acc > 0.9 \"should learn the spiral\"")
        case .expect: CommandHelp(.statement(.expect),
                                  syntax: Usage.sequence([
                                      .word(StatementKeyword.expect), .value("COND"), .optional(.value("\"MESSAGE\"")),
                                      .optional(.sequence([.literal("points"), .value("N")])),
                                      .optional(.choice(TestVisibility.allCases.filter { $0 != .visible }.map(Usage.word))),
                                  ]).text,
                                  summary: "Records a pass or fail without stopping; a summary prints at the end. "
                                      + "N, the points it is worth, must be positive (\(Format.number(OptionDefaults.expectPoints)) when not given). "
                                      + "A test marked hidden (or after_due_date, after_published) counts for the "
                                      + "grade, but students see only how many such tests there are and their points.",
                                  example: "expect gradratio < 10 \"gradients balanced\" points 2 hidden")
        case .leaderboard: CommandHelp(.statement(.leaderboard), syntax: Usage.sequence([.word(StatementKeyword.leaderboard), .value("\"NAME\""), .value("VALUE"),
                                                                     .optional(.anyOf(LeaderboardOrder.self))]).text,
                                       summary: "In an assignment's tests: posts a value to Gradescope's leaderboard "
                                           + "(desc: higher is better, the default; asc: lower is better).",
                                       example: "leaderboard \"test accuracy\" test_acc")
        }
    }
}
