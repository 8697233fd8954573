import Foundation
import GradCore
import GradLang
import GradSyntax

/// The child side of `grad check`: runs the submission and then the teacher's tests in one session,
/// confined (files, memory, training steps, CPU), and writes a `WorkerReport` for the grader.
///
/// It runs in its own process so that the grader survives anything the submission does: a crash ends
/// this process only, and a submission that never finishes is killed from outside.
public enum GradingWorker {
    /// Runs `request` with writes confined to `scratch`, writes the report to `results`, and returns the
    /// process exit code (0 when the report was written, whatever the submission did).
    public static func run(_ request: GradingRequest, scratch: URL, results: URL) -> Int32 {
        WorkerGuard.install(cpuSeconds: request.timeout, memoryBytes: request.memoryBytes)
        StackOverflowReport.install()
        let output = WorkerOutput()
        let interpreter = Interpreter(
            options: InterpreterOptions(color: false, seed: request.seed, interactiveProgress: false, timings: false),
            output: output)
        interpreter.limits = SessionLimits(
            memoryBytes: request.memoryBytes, totalSteps: request.totalSteps,
            memoryNote: "the grader's limit, set with 'grad check --memory-limit'")
        let submission = URL(fileURLWithPath: request.submission)
        interpreter.fileAccess = .confined(
            reading: [submission.deletingLastPathComponent()] + request.readableFolders.map { URL(fileURLWithPath: $0) },
            scratch: scratch)

        var report = WorkerReport(submissionError: nil, testsError: nil, expectations: [], ungradedOwnExpectations: 0)
        let text: String
        do {
            text = try SubmissionFile.program(at: submission)
        } catch {
            report.submissionError = "\(error)"
            return write(report, to: results)
        }
        if interpreter.run(source: text, name: request.submission) == .failed {
            report.submissionError = output.takeDiagnostics().joined(separator: "\n")
            return write(report, to: results)
        }
        _ = output.takeDiagnostics()
        guard let testsPath = request.tests else {
            report.expectations = interpreter.expectationResults.map(WorkerReport.Expectation.init)
            report.leaderboard = interpreter.leaderboard
            return write(report, to: results)
        }

        // The tests see the student's session as it was left, but run under the teacher's rules: they may
        // read their own folder, and one expectation that cannot be evaluated does not hide the rest.
        let tests = URL(fileURLWithPath: testsPath)
        let own = interpreter.expectationCount
        interpreter.fileAccess = .confined(reading: [tests.deletingLastPathComponent()], scratch: scratch)
        interpreter.expectErrorsAreFailures = true
        interpreter.leaderboard = []
        output.capturing = true
        let testsText: String
        switch SourceText.read(tests) {
        case .success(let contents): testsText = contents
        case .failure(let problem):
            report.testsError = "cannot run the tests '\(testsPath)': \(problem.reason)"
            return write(report, to: results)
        }
        if interpreter.run(source: testsText, name: testsPath) == .failed {
            report.testsError = output.takeDiagnostics().joined(separator: "\n")
        }
        report.testsOutput = output.captured.joined(separator: "\n")
        report.expectations = interpreter.expectationResults.dropFirst(own).map(WorkerReport.Expectation.init)
        report.ungradedOwnExpectations = own
        report.leaderboard = interpreter.leaderboard
        return write(report, to: results)
    }

    private static func write(_ report: WorkerReport, to url: URL) -> Int32 {
        do {
            try report.write(to: url)
            return 0
        } catch {
            StandardStream.error.write("grad check: cannot write the grading report: \(error)\n")
            return ExitStatus.scriptFailure
        }
    }
}

/// The worker's output: the submission's lines and diagnostics go to stdout/stderr (the grader keeps
/// them as the transcript); the tests' output is kept apart, for the teacher.
final class WorkerOutput: OutputSink {
    /// True while the tests run: their lines are collected instead of printed.
    var capturing = false
    private(set) var captured: [String] = []
    private var diagnostics: [String] = []

    func line(_ text: String) {
        if capturing { captured.append(text) } else { StandardStream.output.write(text + "\n") }
    }

    func diagnostic(_ text: String) {
        diagnostics.append(text)
        if capturing { captured.append(text) } else { StandardStream.error.write(text + "\n") }
    }

    /// Training progress is left out: a transcript needs the results, not the live line.
    func progress(_ text: String, final: Bool) {}

    /// The diagnostics since the last call.
    func takeDiagnostics() -> [String] {
        defer { diagnostics = [] }
        return diagnostics
    }
}
