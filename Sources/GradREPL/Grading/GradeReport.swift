import Foundation
import GradCore
import GradLang
import GradSyntax

/// The grade of one submission: every expectation with its points and the values it was decided on,
/// the total, and why the submission scored zero when it did. `--json` writes it as it is.
public struct GradeReport: Codable, Equatable, Sendable {
    /// How grading went.
    public enum Status: String, Codable, Sendable {
        /// The submission ran to the end and the expectations were scored.
        case graded
        /// The submission stopped with an error or a failed `assert`: it scores zero.
        case error
        /// The submission did not finish within the time limit and was stopped: it scores zero.
        case timeout
        /// The submission ended the grading process abnormally (a crash, or a system limit): it scores zero.
        case crashed
    }

    /// One graded expectation.
    public struct Entry: Codable, Equatable, Sendable {
        /// The `expect` line's message.
        public var name: String
        /// Points earned (0 or `maxPoints`).
        public var points: Double
        public var maxPoints: Double
        public var passed: Bool
        /// The values the condition read (`acc = 0.91`), or why it was not decided.
        public var values: String
        /// `file:line` of the `expect`.
        public var location: String
        /// Who sees the result: students see only `visible` tests (see `TestVisibility`).
        public var visibility: TestVisibility = .visible
    }

    public var submission: String
    public var tests: String?
    public var status: Status
    /// Why the score is zero, or what else the teacher should know (the tests stopped early); empty when
    /// everything ran.
    public var message: String
    public var score: Double
    public var maxScore: Double
    public var expectations: [Entry]
    /// What the submission printed, possibly shortened (see `GradeReport.outputLimit`).
    public var output: String
    /// What the tests printed, for the teacher.
    public var testsOutput: String
    /// The tests' diagnostics when they stopped before the end. They quote the tests' code, so students
    /// see them only when no test is hidden.
    public var testsError: String?
    /// The values the tests posted with `leaderboard`.
    public var leaderboard: [LeaderboardResult] = []
    /// The seed the session started from: with the submission's hash and grad's version, all a regrade needs.
    public var seed: UInt64 = 0
    /// The SHA-256 of the submitted file, in hex; nil when there was no readable file.
    public var submissionSHA256: String?
    /// The grad that graded, and the numerics its digits depend on: the same version, script and seed give
    /// the same score on every machine (README, Reproducibility).
    public var gradVersion = GradCoreVersion.string
    public var numerics = GradCoreVersion.numerics
    /// The Swift runtime's crash report (backtrace and registers) when the grading process crashed: for
    /// the teacher and grad's maintainers, never part of `output`.
    public var crashLog: String?

    /// The most characters of a submission's output kept in a report.
    public static let outputLimit = 20_000

    /// True when every expectation passed and there was at least one.
    public var isFullMarks: Bool { status == .graded && !expectations.isEmpty && expectations.allSatisfy(\.passed) }

    /// The expectations students see the results of.
    public var publicExpectations: [Entry] { expectations.filter(\.visibility.isPublic) }

    /// The expectations whose results students do not see (until Gradescope releases them).
    public var hiddenExpectations: [Entry] { expectations.filter { !$0.visibility.isPublic } }

    /// The tests' diagnostics for a reader who may see the tests' code: the teacher always, a student
    /// only when no test is hidden.
    func testsError(showHidden: Bool) -> String? {
        showHidden || hiddenExpectations.isEmpty ? testsError : nil
    }

    /// The report as grad's own JSON: sorted keys and snake case, stable from run to run.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}

extension GradeReport {
    /// Scores a worker's report: the expectations it ran, then any listed but never reached (the tests
    /// stopped early), each at zero. A submission that stopped with an error scores zero throughout.
    static func from(_ worker: WorkerReport, declared: [DeclaredExpectation], request: GradingRequest,
                     output: String) -> GradeReport {
        if let error = worker.submissionError {
            return failed(.error, message: "the submission stopped with an error, so it scores 0:\n\(error)",
                          declared: declared, request: request, output: output)
        }
        var entries = worker.expectations.map { result in
            Entry(name: result.message, points: result.passed ? result.points : 0, maxPoints: result.points,
                  passed: result.passed, values: result.values, location: result.location, visibility: result.visibility)
        }
        var notes: [String] = []
        if worker.testsError != nil {
            let reached = Set(worker.expectations.map(\.location))
            let missed = declared.filter { !reached.contains($0.location) }
            entries += missed.map { Entry(name: $0.message, points: 0, maxPoints: $0.points, passed: false,
                                          values: "not reached: the tests stopped before this line", location: $0.location,
                                          visibility: $0.visibility) }
            notes.append("the tests stopped before the end (\(missed.count) expectation\(missed.count == 1 ? "" : "s") not reached)")
        }
        if entries.isEmpty {
            // Full marks need at least one expectation, so say why the exit status is 1.
            notes.append("there is nothing to grade: \(request.tests ?? request.submission) has no 'expect' lines")
        }
        if worker.ungradedOwnExpectations > 0 {
            notes.append("the submission's own \(worker.ungradedOwnExpectations) expect line\(worker.ungradedOwnExpectations == 1 ? " is" : "s are") not graded; the tests are")
        }
        var report = GradeReport(
            submission: request.submission, tests: request.tests, status: .graded, message: notes.joined(separator: "\n"),
            score: entries.map(\.points).reduce(0, +), maxScore: entries.map(\.maxPoints).reduce(0, +),
            expectations: entries, output: output, testsOutput: worker.testsOutput)
        report.leaderboard = worker.leaderboard
        report.testsError = worker.testsError
        report.identify(request)
        return report
    }

    /// A zero for a submission that did not get as far as being scored: every declared expectation is
    /// listed with its points and none earned.
    static func failed(_ status: Status, message: String, declared: [DeclaredExpectation], request: GradingRequest,
                       output: String) -> GradeReport {
        let reason: String
        switch status {
        case .graded, .error: reason = "not graded: the submission stopped with an error"
        case .timeout: reason = "not graded: the submission ran out of time"
        case .crashed: reason = "not graded: the submission crashed"
        }
        let entries = declared.map {
            Entry(name: $0.message, points: 0, maxPoints: $0.points, passed: false, values: reason, location: $0.location,
                  visibility: $0.visibility)
        }
        var report = GradeReport(
            submission: request.submission, tests: request.tests, status: status, message: message, score: 0,
            maxScore: entries.map(\.maxPoints).reduce(0, +), expectations: entries, output: output, testsOutput: "")
        report.identify(request)
        return report
    }

    /// Records what identifies this grade for a regrade: the seed and the submitted file's hash.
    mutating func identify(_ request: GradingRequest) {
        seed = request.seed ?? 0
        submissionSHA256 = SubmissionFile.sha256(at: URL(fileURLWithPath: request.submission))
    }
}
