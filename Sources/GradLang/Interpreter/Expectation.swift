import GradSyntax

/// The outcome of one `expect` statement, as the summary and the autograder report it.
public struct ExpectationResult: Sendable, Equatable {
    public var message: String
    public var points: Double
    public var passed: Bool
    /// The values involved, e.g. `acc = 0.87 (needs > 0.9)`.
    public var detail: String
    /// Where the expectation is written (`file:line`).
    public var location: String
    /// Every name the condition reads with its value, pass or fail (`acc = 0.91, gradratio = 0.16`).
    public var values: String = ""
    /// Who sees the result: only `visible` tests are shown to students.
    public var visibility: TestVisibility = .visible

    public var earned: Double { passed ? points : 0 }

    /// The result's row in the summary: `  FAIL  message  [0/5]  acc = 0.87 (needs > 0.9)`.
    public var row: String {
        "  \(passed ? "PASS" : "FAIL")  \(message)  [\(Format.number(earned))/\(Format.number(points))]\(passed ? "" : "  " + detail)"
    }

    /// The lines printed at the end of a run that had expectations.
    static func summary(_ results: [ExpectationResult]) -> [String] {
        let passed = results.filter(\.passed).count
        var lines = ["", "expectations: \(passed) passed, \(results.count - passed) failed"]
        lines += results.map(\.row)
        let earned = results.map(\.earned).reduce(0, +), total = results.map(\.points).reduce(0, +)
        lines.append("score: \(Format.number(earned))/\(Format.number(total))")
        return lines
    }
}

/// One `leaderboard` statement as it ran: a named value for Gradescope's leaderboard.
public struct LeaderboardResult: Sendable, Equatable, Codable {
    public var name: String
    /// A number or a text, as Gradescope accepts both.
    public var value: LeaderboardValue
    public var order: LeaderboardOrder

    /// Creates a leaderboard entry.
    public init(name: String, value: LeaderboardValue, order: LeaderboardOrder) {
        self.name = name
        self.value = value
        self.order = order
    }
}

/// A leaderboard value: Gradescope shows numbers and text (such as stars).
public enum LeaderboardValue: Sendable, Equatable, Codable {
    case number(Double)
    case text(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }
}
