import Foundation
import GradLang
import GradSyntax

/// What the grading worker (the child process that runs the untrusted submission) hands back to the
/// grader: how each phase ended and the tests' expectations. It travels as JSON in a file the
/// submission cannot write to, never on the submission's own output, so a student cannot forge it.
struct WorkerReport: Codable, Equatable {
    /// One `expect` as it ran.
    struct Expectation: Codable, Equatable {
        var message: String
        var points: Double
        var passed: Bool
        var values: String
        var location: String
        var visibility: TestVisibility

        init(_ result: ExpectationResult) {
            message = result.message
            points = result.points
            passed = result.passed
            values = result.values
            location = result.location
            visibility = result.visibility
        }
    }

    /// The submission's diagnostics when it stopped with an error (or a failed `assert`); nil when it ran.
    var submissionError: String?
    /// The tests' diagnostics when they stopped before the end; nil when they ran to the end.
    var testsError: String?
    /// The graded expectations: the tests' when there are tests, else the submission's own.
    var expectations: [Expectation]
    /// The submission's own `expect` lines that were not graded because tests were given.
    var ungradedOwnExpectations: Int
    /// What the tests printed (kept from the student, shown to the teacher with `--verbose`).
    var testsOutput = ""
    /// The `leaderboard` entries the tests (or the submission, without tests) recorded.
    var leaderboard: [LeaderboardResult] = []

    /// Reads a report the worker wrote.
    static func read(from url: URL) throws -> WorkerReport {
        try JSONDecoder().decode(WorkerReport.self, from: Data(contentsOf: url))
    }

    /// Writes the report atomically, so the grader never reads half of one.
    func write(to url: URL) throws {
        try JSONEncoder().encode(self).write(to: url, options: .atomic)
    }
}
