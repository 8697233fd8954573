import Foundation
import GradTestSupport
import XCTest
@testable import GradLang
@testable import GradREPL
import GradSyntax

/// The grader's own logic without the real worker: durations, the table, the scoring of worker reports,
/// and what happens when the worker crashes, ends without a report, or leaves processes behind. The
/// workers here are small shell scripts standing in for `grad check --worker-report …`.
final class GraderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grader")
    }

    private func file(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        return url.path
    }

    private final class Buffer: TextStream {
        var text = ""
        func write(_ text: String) { self.text += text }
    }

    func testDurations() {
        XCTAssertEqual(GradingRequest.seconds("60"), 60)
        XCTAssertEqual(GradingRequest.seconds("60s"), 60)
        XCTAssertEqual(GradingRequest.seconds("1.5m"), 90)
        XCTAssertEqual(GradingRequest.seconds("500ms"), 0.5)
        XCTAssertEqual(GradingRequest.seconds("1h"), 3600)
        for bad in ["", "0", "-3s", "soon", "s", "infs"] { XCTAssertNil(GradingRequest.seconds(bad), bad) }
    }

    func testTableRowsAndTotal() {
        let report = GradeReport(
            submission: "a.grad", tests: "t.grad", status: .graded, message: "", score: 3, maxScore: 5,
            expectations: [
                .init(name: "learns", points: 3, maxPoints: 3, passed: true, values: "acc = 0.91", location: "t.grad:1"),
                .init(name: "balanced", points: 0, maxPoints: 2, passed: false, values: "gradratio = 1e-9", location: "t.grad:2"),
            ],
            output: "", testsOutput: "")
        XCTAssertEqual(GradeTable.lines(report), [
            "grading a.grad against t.grad",
            "#  result  points  expectation  values",
            "-  ------  ------  -----------  ------",
            "1  pass       3/3  learns       acc = 0.91",
            "2  FAIL       0/2  balanced     gradratio = 1e-9",
            "score: 3/5 (60.0%)",
        ])
    }

    func testAStoppedSubmissionScoresZeroButKeepsEveryDeclaredExpectation() {
        let worker = WorkerReport(submissionError: "a.grad:3:1: error: boom", testsError: nil, expectations: [],
                                  ungradedOwnExpectations: 0)
        let declared = [DeclaredExpectation(message: "learns", points: 3, location: "t.grad:1"),
                        DeclaredExpectation(message: "fast", points: 2, location: "t.grad:2")]
        let report = GradeReport.from(worker, declared: declared, request: GradingRequest(submission: "a.grad", tests: "t.grad"),
                                      output: "")
        XCTAssertEqual(report.status, .error)
        XCTAssertEqual(report.score, 0)
        XCTAssertEqual(report.maxScore, 5)
        XCTAssertTrue(report.message.contains("a.grad:3:1: error: boom"))
    }

    func testACrashingWorkerScoresZeroWithTheReason() throws {
        let submission = try file("a.grad", "expect true \"one\" points 4\n")
        let worker = try file("crash.sh", "#!/bin/sh\nkill -SEGV $$\n", executable: true)
        let output = Buffer()
        let status = Grader.run(GradingRequest(submission: submission), executable: worker, output: output, errors: output)
        XCTAssertEqual(status, ExitStatus.scriptFailure)
        XCTAssertTrue(output.text.contains("crashed (Segmentation fault, signal \(SIGSEGV)); this is a bug in grad"), output.text)
        XCTAssertFalse(output.text.contains("memory"), output.text)
        XCTAssertTrue(output.text.contains("1  FAIL       0/4  one"), output.text)
    }

    func testAStackOverflowIsNotBlamedOnMemoryAndTheCrashReportIsKeptFromStudents() throws {
        let submission = try file("a.grad", "expect true \"one\" points 4\n")
        let dump = "\\n*** Signal 11: Backtracing from 0x55af95931f87... done ***\\n💣 Program crashed: Bad pointer dereference at 0x00007ffd\\n\\nrax 0x0000000000000000\\nrbx 0x1\\n"
        let worker = try file("overflow.sh", """
            #!/bin/sh
            echo 'the submission printed this'
            echo '\(StackOverflowReport.marker)' >&2
            printf '\(dump)' >&2
            kill -SEGV $$

            """, executable: true)
        let json = directory.appendingPathComponent("results.json").path
        let output = Buffer()
        _ = Grader.run(GradingRequest(submission: submission, jsonPath: json, gradescope: true), executable: worker,
                       output: output, errors: output)
        XCTAssertTrue(output.text.contains("overflowed its stack"), output.text)
        XCTAssertFalse(output.text.contains("memory"), output.text)
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let studentOutput = results?["output"] as? String ?? ""
        XCTAssertTrue(studentOutput.contains("the submission printed this"), studentOutput)
        XCTAssertFalse(studentOutput.contains("rax 0x"), studentOutput)
        XCTAssertFalse(studentOutput.contains("Program crashed") || studentOutput.contains("Backtracing"), studentOutput)
        let teacher = (results?["extra_data"] as? [String: Any])?["crash_log"] as? String ?? ""
        XCTAssertTrue(teacher.contains("Program crashed: Bad pointer dereference") && teacher.contains("rax 0x"), teacher)
    }

    func testAFailedAllocationIsReportedAsRunningOutOfTheGradersMemoryLimit() {
        let sentence = Grader.describe(signal: SIGILL, memoryBytes: 1e9, output: "Fatal error: Could not allocate memory.\n")
        XCTAssertTrue(sentence.contains("ran out of memory (the worker may use about 3 GB: the 1 GB of --memory-limit plus room"), sentence)
    }

    func testAWorkerThatEndsWithoutAReportScoresZero() throws {
        let submission = try file("a.grad", "expect true\n")
        let worker = try file("quiet.sh", "#!/bin/sh\necho 'forged: score 100/100'\nexit 0\n", executable: true)
        let output = Buffer()
        XCTAssertEqual(Grader.run(GradingRequest(submission: submission, verbose: true), executable: worker,
                                  output: output, errors: output), ExitStatus.scriptFailure)
        XCTAssertTrue(output.text.contains("ended without a report"), output.text)
        XCTAssertTrue(output.text.contains("score: 0/1"), "printing a score does not earn it: \(output.text)")
    }

    func testATimedOutWorkerIsKilledWithEverythingItStarted() throws {
        let submission = try file("a.grad", "expect true\n")
        let pidFile = directory.appendingPathComponent("grandchild.pid").path
        let worker = try file("hang.sh", "#!/bin/sh\nsleep 60 &\necho $! > '\(pidFile)'\nwait\n", executable: true)
        let started = Date()
        let output = Buffer()
        let status = Grader.run(GradingRequest(submission: submission, timeout: 0.5), executable: worker,
                                output: output, errors: output)
        XCTAssertEqual(status, ExitStatus.scriptFailure)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(output.text.contains("did not finish within 0.5 s"), output.text)
        let grandchild = try XCTUnwrap(Int32(String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertFalse(Self.isRunning(grandchild), "the worker's own children are killed too")
    }

    /// Whether `pid` is a live process (a killed one may linger as a zombie until it is reaped).
    private static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return !stat[close...].hasPrefix(") Z")
    }

    func testLongOutputKeepsItsEnd() {
        let text = String(repeating: "x", count: GradeReport.outputLimit) + "the error at the end"
        let kept = Grader.shortened(text, cut: false)
        XCTAssertTrue(kept.hasSuffix("the error at the end"))
        XCTAssertTrue(kept.hasPrefix("[the first 20 characters of output are left out]"), String(kept.prefix(80)))
    }
}
