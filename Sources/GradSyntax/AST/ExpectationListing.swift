/// An `expect` found by reading a program without running it.
///
/// When a submission never reaches the tests (it stopped with an error, crashed or ran out of time), the
/// grader still lists every expectation with its points, each scored zero, so the student sees what was
/// at stake and the maximum score stays right. Only what is written literally can be known this way: a
/// message with `${…}` keeps its text as written, points that are not a plain number count as 1, and an
/// `expect` inside a loop or function is listed once.
public struct DeclaredExpectation: Sendable, Equatable {
    public var message: String
    public var points: Double
    /// `file:line`, as `ExpectationResult.location` spells it, so the two can be matched.
    public var location: String
    /// Who sees the result (only `visible` tests are public).
    public var visibility: TestVisibility

    /// Creates a declared expectation.
    public init(message: String, points: Double, location: String, visibility: TestVisibility = .visible) {
        self.message = message
        self.points = points
        self.location = location
        self.visibility = visibility
    }

    /// The expectations `text` declares, in source order; or, when it does not parse, its diagnostics
    /// rendered for printing.
    public static func list(in text: String, name: String) -> Result<[DeclaredExpectation], ListingFailure> {
        let source = Source(name: name, text: text)
        let (program, diagnostics) = Parser.parse(source)
        guard diagnostics.isEmpty else {
            let renderer = DiagnosticRenderer(color: false)
            return .failure(ListingFailure(rendered: diagnostics.map { renderer.render($0, in: source) }))
        }
        var found: [DeclaredExpectation] = []
        collect(program.statements, source: source, into: &found)
        return .success(found)
    }

    private static func collect(_ statements: [Statement], source: Source, into found: inout [DeclaredExpectation]) {
        for statement in statements {
            switch statement {
            case .expect(_, let message, let points, let visibility, let range):
                found.append(DeclaredExpectation(
                    message: message.map { literalText($0, source: source) } ?? "expectation at line \(range.start.line)",
                    points: points.flatMap(literalNumber) ?? 1,
                    location: "\(range.start.file):\(range.start.line)", visibility: visibility))
            case .forLoop(_, _, let body, _), .function(_, _, let body, _):
                collect(body.statements, source: source, into: &found)
            case .ifElse(_, let then, let otherwise, _):
                collect(then.statements, source: source, into: &found)
                if let otherwise { collect(otherwise.statements, source: source, into: &found) }
            case .letBinding, .assignment, .returnStatement, .include, .print, .assert, .leaderboard, .expression, .command:
                break
            }
        }
    }

    /// A string literal's text; with interpolations, the text between the quotes as written.
    private static func literalText(_ expression: Expr, source: Source) -> String {
        if case .string(let segments, _) = expression {
            var text = ""
            for segment in segments {
                guard case .text(let piece, _) = segment else { return String(source.text(in: expression.range).dropFirst().dropLast()) }
                text += piece
            }
            return text
        }
        return source.text(in: expression.range)
    }

    private static func literalNumber(_ expression: Expr) -> Double? {
        switch expression {
        case .number(let value, _): value
        case .unary(.negate, .number(let value, _), _): -value
        default: nil
        }
    }
}

/// A program the grader could not list because it does not parse.
public struct ListingFailure: Error, Sendable {
    /// Each diagnostic rendered with its source line, ready to print.
    public var rendered: [String]
}
