extension Parser {
    /// One statement, chosen by its first token (see the order below: keywords, assignment, commands,
    /// calls and known names; anything else is a misspelt command).
    mutating func parseStatement() throws -> Statement {
        let first = current
        guard case .identifier(let word) = first.kind else {
            let expr = try parseExpression()
            return .expression(expr, range: expr.range)
        }
        if let keyword = StatementKeyword.lookup(word) {
            advance()
            return try parseScripting(keyword, first)
        }
        if peek(1).kind == .equal {
            // (`loss` is a value too: assigning to it gets the reserved-name error.)
            if let command = CommandWord.lookup(word), SessionValue.lookup(word) == nil, !knownNames.contains(word) {
                throw commandWrittenAsAssignment(command, first)
            }
            return try parseAssignment()
        }
        if let command = CommandWord.lookup(word) {
            advance()
            commandWords = command.spellings
            commandKeywords = command.keywords
            defer {
                commandWords = []
                commandKeywords = []
            }
            let parsed = try parseCommand(command, first)
            return .command(parsed, range: range(from: first))
        }
        let isCall = peek(1).kind == .leftParen && first.isAdjacent(to: peek(1))
        if isCall || knownNames.contains(word) || SessionValue.lookup(word) != nil
            || ReservedWords.operators.contains(word) {
            let expr = try parseExpression()
            return .expression(expr, range: expr.range)
        }
        throw unknownCommand(word)
    }

    private mutating func unknownCommand(_ word: String) -> ParseAbort {
        let candidates = CommandWord.statementWords + knownNames.sorted()
        let habit = statementHabit(word).map { [$0] } ?? Suggestion.note(for: word, in: candidates)
        return fail(.unknownCommand, "unknown command '\(word)'", notes: habit + [Note("type 'help' for the list of commands")])
    }

    /// Dispatches on the command word; each family lives in its own file with its help text.
    mutating func parseCommand(_ command: CommandWord, _ word: Token) throws -> Command {
        switch command {
        case .seed: return .seed(value: try parseRequiredArgument(for: word, "a seed", notes: [example(.seed)]))
        case .data: return .data(try parseData(word))
        case .split:
            return .split(fraction: try parseRequiredArgument(for: word, "the training fraction", notes: [example(.split)]))
        case .standardize: return try parseBare(.standardize, word)
        case .features: return .features(try parseFeatures(word))
        case .net: return .net(try parseNet(word))
        case .bptt: return try parseBPTT(word)
        case .layer: return .layer(try parseLayer(word))
        case .act: return try parseAct(word)
        case .`init`: return try parseInit(word)
        case .loss: return .loss(try parseLoss(word))
        case .optim: return .optimizer(try parseOptimizer(word))
        case .lr: return .learningRate(value: try parseRequiredArgument(for: word, "a learning rate", notes: [example(.lr)]))
        case .schedule: return .schedule(try parseSchedule(word))
        case .clip: return .clip(try parseClip(word))
        case .batch: return .batch(size: try parseRequiredArgument(for: word, "a batch size", notes: [example(.batch)]))
        case .record: return .record(every: try parseRecord(word))
        case .train: return try parseTrain(word)
        case .backward: return try parseBare(.backward, word)
        case .step: return try parseBare(.step, word)
        case .reset: return try parseBare(.reset, word)
        case .eval: return try parseBare(.eval, word)
        case .show:
            let target = try parseRequiredWord(ShowTarget.self, after: word, "what to show", noun: "target")
            if target.value == .clip, !atStatementEnd { return .showClip(rows: try parseClipRows(word)) }
            return .show(target: target)
        case .gradcheck: return try parseBare(.gradcheck, word)
        case .save:
            if case .identifier("session") = current.kind {
                advance()
                return .saveSession(path: try parsePath(after: word))
            }
            return .save(path: try parsePath(after: word))
        case .history: return try parseBare(.history, word)
        case .load: return .load(path: try parsePath(after: word))
        case .export: return try parseExport(word)
        case .run: return .run(name: try parseWordArgument(after: word, "a run name", notes: [example(.run)]))
        case .help: return try parseHelp(word)
        case .explain:
            return .explain(topic: try parseRequiredWord(ExplainTopic.self, after: word, "a topic", noun: "topic"))
        case .diagnose: return try parseBare(.diagnose, word)
        case .plot: return try parsePlot(word)
        case .compare: return try parseCompare(word)
        case .sweep: return .sweep(try parseSweep(word))
        case .report: return .report(path: try parsePath(after: word))
        }
    }

    /// A scripting statement whose keyword has been consumed.
    mutating func parseScripting(_ keyword: StatementKeyword, _ first: Token) throws -> Statement {
        switch keyword {
        case .let: try parseLet(first)
        case .for: try parseFor(first)
        case .if: try parseIf(first)
        case .def: try parseFunction(first)
        case .return: try parseReturn(first)
        case .include: .include(path: try parsePath(after: first), range: range(from: first))
        case .print: .print(items: try parseItems(), range: range(from: first))
        case .assert: try parseAssert(first)
        case .expect: try parseExpect(first)
        case .leaderboard: try parseLeaderboard(first)
        }
    }

    private mutating func parseLet(_ first: Token) throws -> Statement {
        let name = try parseBindingName("variable")
        _ = try expect(.equal, "'=' after the variable name", notes: [Note("write let \(name.name) = value")])
        let value = try parseExpression()
        knownNames.insert(name.name)
        return .letBinding(name: name, value: value, range: range(from: first))
    }

    private mutating func parseReturn(_ first: Token) throws -> Statement {
        guard functionDepth > 0 else {
            throw fail(.misplacedStatement, "'return' outside a function", at: first.range)
        }
        let value = atStatementEnd ? nil : try parseExpression()
        return .returnStatement(value: value, range: range(from: first))
    }

    private mutating func parseAssert(_ first: Token) throws -> Statement {
        let condition = try parseArgument()
        let message = atStatementEnd ? nil : try parseArgument()
        return .assert(condition: condition, message: message, range: range(from: first))
    }

    private mutating func parseAssignment() throws -> Statement {
        let name = try parseBindingName("variable")
        let equal = try expect(.equal, "'='")
        let value = try parseExpression()
        return .assignment(name: name, value: value, range: name.range.union(equal.range).union(value.range))
    }

    private mutating func parseFor(_ first: Token) throws -> Statement {
        let variable = try parseBindingName("loop variable")
        guard matchWord("in") != nil else {
            let notes = current.text == "in" ? [] : Suggestion.note(for: current.text, in: ["in"])
            throw failExpected("'in' after the loop variable", notes: notes)
        }
        let sequence = try parseExpression()
        knownNames.insert(variable.name)
        let body = try parseBlock()
        return .forLoop(variable: variable, sequence: sequence, body: body, range: range(from: first))
    }

    private mutating func parseIf(_ first: Token) throws -> Statement {
        let condition = try parseExpression()
        let then = try parseBlock()
        // `else` may start the next line (`}` newline `else {`), so look past newlines for it.
        var lookahead = index
        while tokens[lookahead].kind == .newline { lookahead += 1 }
        guard case .identifier("else") = tokens[lookahead].kind else {
            return .ifElse(condition: condition, then: then, else: nil, range: range(from: first))
        }
        index = lookahead
        advance()
        let elseBlock: Block
        if let elseIf = matchWord("if") {
            let nested = try parseIf(elseIf)
            elseBlock = Block(statements: [nested], range: nested.range)
        } else {
            elseBlock = try parseBlock()
        }
        return .ifElse(condition: condition, then: then, else: elseBlock, range: range(from: first))
    }

    private mutating func parseFunction(_ first: Token) throws -> Statement {
        guard blockDepth == 0 else {
            throw fail(.misplacedStatement, "functions must be defined at the top level", at: first.range)
        }
        let name = try parseBindingName("function")
        if CommandWord.lookup(name.name) != nil {
            throw fail(.reservedName, "'\(name.name)' is a command and cannot name a function", at: name.range)
        }
        let opener = try expect(.leftParen, "'(' after the function name",
                                notes: [Note("write def \(name.name)(a, b) { ... }")])
        let nesting = enter(opener)
        var parameters: [Identifier] = []
        while !check(.rightParen) {
            let parameter = try parseBindingName("parameter")
            if let earlier = parameters.first(where: { $0.name == parameter.name }) {
                throw fail(.duplicateOption, "parameter '\(parameter.name)' is declared twice", at: parameter.range,
                           notes: [Note("first declared here", range: earlier.range)])
            }
            parameters.append(parameter)
            if match(.comma) == nil { break }
        }
        _ = try expect(.rightParen, "')' after the parameters")
        leave(nesting)
        knownNames.insert(name.name)
        let outerNames = knownNames
        knownNames.formUnion(parameters.map(\.name))
        functionDepth += 1
        defer {
            functionDepth -= 1
            knownNames = outerNames.union([name.name])
        }
        let body = try parseBlock()
        return .function(name: name, parameters: parameters, body: body, range: range(from: first))
    }

    private mutating func parseExpect(_ first: Token) throws -> Statement {
        let condition = try parseArgument()
        let keywords = ["points"] + TestVisibility.words
        commandKeywords = keywords
        defer { commandKeywords = [] }
        var message: Expr?
        var points: Expr?
        var visibility = TestVisibility.visible
        var slots = OptionSlots()
        while !atStatementEnd {
            if let word = matchWord("points") {
                try claim(&slots, "points", word)
                points = try parseRequiredArgument(for: word, "the number of points")
            } else if let word = matchWord(TestVisibility.self) {
                try claim(&slots, "visibility", word.token)
                visibility = word.value
            } else if message == nil, startsValue {
                message = try parseArgument()
            } else {
                throw unknownWord(after: first, candidates: keywords)
            }
        }
        return .expect(condition: condition, message: message, points: points, visibility: visibility,
                       range: range(from: first))
    }

    /// `leaderboard "name" value [asc|desc]`: the name and the value are required; the order defaults to
    /// Gradescope's (higher is better).
    private mutating func parseLeaderboard(_ first: Token) throws -> Statement {
        let name = try parseRequiredArgument(for: first, "the column name in quotes",
                                             notes: [Note("for example: leaderboard \"test accuracy\" test_acc")])
        let value = try parseRequiredArgument(for: first, "the value to post")
        var order = LeaderboardOrder.desc
        if !atStatementEnd {
            guard let word = matchWord(LeaderboardOrder.self) else {
                throw unknownWord(after: first, candidates: LeaderboardOrder.words)
            }
            order = word.value
        }
        guard atStatementEnd else { throw unknownWord(after: first, candidates: LeaderboardOrder.words) }
        return .leaderboard(name: name, value: value, order: order, range: range(from: first))
    }

    /// `print` items: expressions separated by spaces or commas; none prints an empty line.
    private mutating func parseItems() throws -> [Expr] {
        var items: [Expr] = []
        while !atStatementEnd {
            items.append(try parseArgument())
            if match(.comma) != nil, atStatementEnd {
                throw failExpected("an expression after ','", id: .expectedExpression)
            }
        }
        return items
    }

    /// A name being bound by `let`, `for`, `def` or a parameter list; keywords and built-ins are refused.
    mutating func parseBindingName(_ role: String) throws -> Identifier {
        let token = current
        guard case .identifier(let name) = token.kind else {
            throw failExpected("a \(role) name")
        }
        if let reason = ReservedWords.reason(for: name) {
            throw fail(.reservedName, "\(reason) and cannot name a \(role)",
                       notes: [Note("choose another name, such as '\(name)_'")])
        }
        advance()
        return Identifier(name, range: token.range)
    }

    /// A command that takes no arguments.
    private mutating func parseBare(_ command: Command, _ word: Token) throws -> Command {
        guard atStatementEnd else {
            throw fail(.unexpectedToken, "'\(word.text)' takes no arguments",
                       notes: [Note("see 'help \(word.text)'")])
        }
        return command
    }
}
