import Foundation
import GradCore
import GradLang
import GradSyntax

/// A grade in Gradescope's autograder `results.json` format
/// (https://gradescope-autograders.readthedocs.io/en/latest/specs/), laid out as otter-grader does:
/// first one always-visible "Public tests" entry that summarises the public tests and says how many
/// hidden tests there are and what they carry, then one entry per `expect` with its own `visibility`
/// (`visible`, `hidden`, `after_due_date`, `after_published`). The top-level `extra_data` records
/// what a regrade needs to reproduce the score exactly: grad's version, its numerics, the seed and the
/// submission's SHA-256, and the crash log of a worker that crashed (Gradescope keeps `extra_data` from
/// students).
struct GradescopeResults: Encodable {
    struct Test: Encodable {
        var name: String
        var number: String?
        /// Nil on the summary entry, which carries no points of its own (otter's layout).
        var score: Double?
        var maxScore: Double?
        /// `passed` or `failed`, which Gradescope shows as the test's colour.
        var status: String
        var output: String
        var visibility: String
    }

    /// A column of Gradescope's leaderboard; `order` is `asc` when lower is better (Gradescope's default
    /// is `desc`, and it is then left out).
    struct LeaderboardColumn: Encodable {
        var name: String
        var value: LeaderboardValue
        var order: String?
    }

    /// Gradescope stores this with the result; instructors see it, students do not.
    struct ExtraData: Encodable {
        var gradVersion: String
        var numerics: String
        var seed: UInt64
        var submissionSha256: String?
        var status: String
        var crashLog: String?
    }

    var score: Double
    var executionTime: Double
    var output: String
    /// What `run_autograder` printed is for the instructor: it holds the whole table, hidden tests included.
    var stdoutVisibility = "hidden"
    var extraData: ExtraData
    var tests: [Test]
    var leaderboard: [LeaderboardColumn]?

    /// The name of the summary entry, as otter-grader names it.
    static let publicTestsName = "Public tests"

    /// The Gradescope form of `report`, which took `seconds` to produce; `defaultVisibility` is given to
    /// the tests written without a visibility word.
    init(_ report: GradeReport, seconds: Double, defaultVisibility: TestVisibility) {
        score = report.score
        executionTime = (seconds * 100).rounded() / 100
        var parts: [String] = []
        parts.append("public tests: \(Format.number(report.publicExpectations.map(\.points).reduce(0, +)))"
                     + "/\(Format.number(report.publicExpectations.map(\.maxPoints).reduce(0, +)))")
        if !report.message.isEmpty { parts.append(report.message) }
        if let error = report.testsError(showHidden: false) { parts.append(error) }
        if !report.output.isEmpty { parts.append("output of \(report.submission):\n\(report.output)") }
        output = parts.joined(separator: "\n\n")
        extraData = ExtraData(gradVersion: GradCoreVersion.string, numerics: GradCoreVersion.numerics, seed: report.seed,
                              submissionSha256: report.submissionSHA256, status: report.status.rawValue,
                              crashLog: report.crashLog)
        tests = [Self.summary(report)] + report.expectations.enumerated().map { index, entry in
            let visibility = entry.visibility == .visible ? defaultVisibility : entry.visibility
            return Test(name: entry.name, number: "\(index + 1)", score: entry.points, maxScore: entry.maxPoints,
                        status: entry.passed ? "passed" : "failed",
                        output: (entry.passed ? "passed" : "failed") + (entry.values.isEmpty ? "" : ": \(entry.values)")
                            + " (\(entry.location))",
                        visibility: visibility.rawValue)
        }
        leaderboard = report.leaderboard.isEmpty ? nil : report.leaderboard.map {
            LeaderboardColumn(name: $0.name, value: $0.value, order: $0.order == .asc ? "asc" : nil)
        }
    }

    /// The always-visible entry: each public test's result, and the hidden tests only counted.
    static func summary(_ report: GradeReport) -> Test {
        let shown = report.publicExpectations
        var lines = shown.map { "\($0.passed ? "pass" : "FAIL")  \($0.name)" + ($0.passed ? "" : "  (\($0.values))") }
        if shown.isEmpty { lines.append("there are no public tests") }
        lines.append(GradeTable.hiddenNote(report))
        return Test(name: publicTestsName, number: nil, score: nil, maxScore: nil,
                    status: shown.allSatisfy(\.passed) && report.status == .graded ? "passed" : "failed",
                    output: lines.joined(separator: "\n"), visibility: TestVisibility.visible.rawValue)
    }

    /// The JSON Gradescope reads: snake-case keys, sorted so files compare cleanly.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}
