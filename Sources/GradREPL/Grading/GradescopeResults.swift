import Foundation
import GradLang

/// A grade in Gradescope's autograder `results.json` format
/// (https://gradescope-autograders.readthedocs.io/en/latest/specs/): a total `score`, one test per
/// expectation with its `score` and `max_score`, the run time in seconds, and top-level `output` that
/// students see (why the score is zero, and what the submission printed); a crash log only in `extra_data`.
struct GradescopeResults: Encodable {
    struct Test: Encodable {
        var name: String
        var number: String
        var score: Double
        var maxScore: Double
        /// `passed` or `failed`, which Gradescope shows as the test's colour.
        var status: String
        var output: String
        var visibility: String
    }

    var score: Double
    var executionTime: Double
    var output: String
    var tests: [Test]
    /// Gradescope keeps `extra_data` from students: the crash log of a worker that crashed goes there.
    var extraData: [String: String]?

    /// The Gradescope form of `report`, which took `seconds` to produce.
    init(_ report: GradeReport, seconds: Double, visibility: String) {
        score = report.score
        executionTime = (seconds * 100).rounded() / 100
        var parts: [String] = []
        parts.append("score: \(Format.number(report.score))/\(Format.number(report.maxScore))")
        if !report.message.isEmpty { parts.append(report.message) }
        if !report.output.isEmpty { parts.append("output of \(report.submission):\n\(report.output)") }
        output = parts.joined(separator: "\n\n")
        extraData = report.crashLog.map { ["crash_log": $0] }
        tests = report.expectations.enumerated().map { index, entry in
            Test(name: entry.name, number: "\(index + 1)", score: entry.points, maxScore: entry.maxPoints,
                 status: entry.passed ? "passed" : "failed",
                 output: (entry.passed ? "passed" : "failed") + (entry.values.isEmpty ? "" : ": \(entry.values)")
                    + " (\(entry.location))",
                 visibility: visibility)
        }
    }

    /// The JSON Gradescope reads: snake-case keys, sorted so files compare cleanly.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}
