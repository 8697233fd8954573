import Foundation
import GradTestSupport
import XCTest

/// `grad check` run as users and autograders run it: the built binary grading real submissions in a
/// temporary folder, with the table on stdout, the JSON files, the exit codes and the confinement.
final class GradingEndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-check-e2e")
    }

    @discardableResult
    private func file(_ name: String, _ text: String) throws -> String {
        try writeFile(name, text, in: directory)
    }

    private func check(_ arguments: [String], timeout: Double = 60) throws -> GradBinary.Result {
        try GradBinary.run(["check"] + arguments, directory: directory, timeout: timeout)
    }

    private func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private static let learner = """
        seed 1
        data moons 300
        net dense 3x16 tanh init xavier
        optim adam lr 0.02
        train 20
        let my_acc = acc
        print "student finished"

        """

    private static let tests = """
        expect acc > 0.8 "the network learns the moons" points 3
        expect my_acc == acc "the student's variable is visible" points 1
        expect layers == 4 "three hidden layers" points 1
        expect acc > 0.9999 "perfect accuracy" points 2

        """

    // The table and the total

    func testTestsRunInTheStudentsSessionAndEveryExpectationIsARow() throws {
        try file("a1.grad", Self.learner)
        try file("hidden/tests.grad", Self.tests)
        let result = try check(["a1.grad", "--against", "hidden/tests.grad", "--json", "r.json"])
        XCTAssertEqual(result.status, 1, "a failed expectation exits 1\n\(result.standardOutput)\(result.standardError)")
        let out = result.standardOutput
        XCTAssertTrue(out.contains("grading a1.grad against hidden/tests.grad"), out)
        XCTAssertTrue(out.contains("1  pass       3/3  the network learns the moons"), out)
        XCTAssertTrue(out.contains("2  pass       1/1  the student's variable is visible"), out)
        XCTAssertTrue(out.contains("4  FAIL       0/2  perfect accuracy"), out)
        XCTAssertTrue(out.contains("acc = 0."), "values involved are shown: \(out)")
        XCTAssertTrue(out.contains("score: 5/7 (71.4%)"), out)
        XCTAssertFalse(out.contains("student finished"), "the submission's output is not mixed into the table")

        let report = try json("r.json")
        XCTAssertEqual(report["status"] as? String, "graded")
        XCTAssertEqual(report["numerics"] as? String, "grad kernels 2: bit-identical across machines")
        XCTAssertNotNil(report["grad_version"] as? String)
        XCTAssertEqual(report["score"] as? Double, 5)
        XCTAssertEqual(report["max_score"] as? Double, 7)
        let rows = try XCTUnwrap(report["expectations"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["name"] as? String }, [
            "the network learns the moons", "the student's variable is visible", "three hidden layers", "perfect accuracy",
        ])
        XCTAssertEqual(rows[1]["location"] as? String, "hidden/tests.grad:2")
        XCTAssertTrue((report["output"] as? String ?? "").contains("student finished"))
    }

    func testFullMarksExitZero() throws {
        try file("a1.grad", Self.learner)
        try file("tests.grad", "expect acc > 0.8 \"learns\" points 2\n")
        let result = try check(["a1.grad", "--against", "tests.grad"])
        XCTAssertEqual(result.status, 0, result.standardOutput + result.standardError)
        XCTAssertTrue(result.standardOutput.contains("score: 2/2 (100.0%)"), result.standardOutput)
    }

    func testWithoutTestsTheSubmissionsOwnExpectationsAreGraded() throws {
        try file("own.grad", Self.learner + "expect acc > 0.8 \"mine\" points 4\nexpect false \"impossible\"\n")
        let result = try check(["own.grad"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("grading own.grad by its own expect lines"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("score: 4/5"), result.standardOutput)
    }

    func testTheSubmissionsOwnExpectationsDoNotCountAgainstTests() throws {
        try file("own.grad", Self.learner + "expect true \"free points\" points 100\n")
        try file("tests.grad", "expect acc > 0.8 \"learns\" points 2\n")
        let result = try check(["own.grad", "--against", "tests.grad"])
        XCTAssertTrue(result.standardOutput.contains("score: 2/2"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("own 1 expect line is not graded"), result.standardOutput)
    }

    func testAnExpectationThatCannotBeEvaluatedFailsAndTheRestStillRun() throws {
        try file("a1.grad", Self.learner)
        try file("tests.grad", "expect grad(40) > 0 \"layer 40\" points 1\nexpect acc > 0.8 \"learns\" points 2\n")
        let result = try check(["a1.grad", "--against", "tests.grad"])
        XCTAssertTrue(result.standardOutput.contains("error: there is no layer 40"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("score: 2/3"), result.standardOutput)
    }

    func testTestsThatStopEarlyListTheExpectationsNotReached() throws {
        try file("a1.grad", Self.learner)
        try file("tests.grad", "expect acc > 0.8 \"learns\" points 2\nassert false \"stop here\"\nexpect true \"later\" points 3\n")
        let result = try check(["a1.grad", "--against", "tests.grad"])
        XCTAssertTrue(result.standardOutput.contains("the tests stopped before the end (1 expectation not reached)"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("later"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("score: 2/5"), result.standardOutput)
    }

    // Submissions that fail score zero, with the reason, and the expectations still listed

    func testAnErroringSubmissionScoresZeroWithTheError() throws {
        try file("broken.grad", "data moons 100\nnet dense 2x8 relu\nprint undefined_name\n")
        try file("tests.grad", Self.tests)
        let result = try check(["broken.grad", "--against", "tests.grad", "--json", "r.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("the submission stopped with an error, so it scores 0"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("broken.grad:3:7: error: 'undefined_name' is not defined"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("score: 0/7"), result.standardOutput)
        let report = try json("r.json")
        XCTAssertEqual(report["status"] as? String, "error")
        XCTAssertEqual(report["max_score"] as? Double, 7, "the maximum comes from the tests file")
    }

    func testASubmissionWithASyntaxErrorScoresZero() throws {
        try file("syntax.grad", "net dense 2x8 relu (\n")
        try file("tests.grad", Self.tests)
        let result = try check(["syntax.grad", "--against", "tests.grad"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("syntax.grad:1:"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("score: 0/7"), result.standardOutput)
    }

    func testASubmissionThatNeverEndsIsStoppedAtTheTimeout() throws {
        try file("forever.grad", "let i = 0\nfor a in 1..1000000 { for b in 1..1000000 { i = i + 1 } }\n")
        try file("tests.grad", Self.tests)
        let started = Date()
        let result = try check(["forever.grad", "--against", "tests.grad", "--timeout", "1s", "--json", "r.json"], timeout: 30)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "the grader does not hang")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("did not finish within 1 s; it was stopped and scores 0"), result.standardOutput)
        XCTAssertEqual(try json("r.json")["status"] as? String, "timeout")
    }

    func testInterruptingTheGraderStopsTheWorkerToo() throws {
        let path = try file("forever.grad", "let i = 0\nfor a in 1..1000000 { for b in 1..1000000 { i = i + 1 } }\n")
        let grader = try GradBinary.start(["check", path, "--timeout", "60s"], directory: directory)
        Thread.sleep(forTimeInterval: 1)
        XCTAssertFalse(Self.processes(mentioning: path).isEmpty, "the worker should be running")
        grader.send(SIGINT)
        let result = try grader.wait(timeout: 10)
        XCTAssertEqual(result.status, 130)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(Self.processes(mentioning: path), [], "no grader or worker is left running")
    }

    /// Live processes whose command line contains `text` (from /proc; zombies excluded).
    private static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let line = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
                  line.contains(text),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            return !stat[close...].hasPrefix(") Z")
        }
    }

    func testTrainingBeyondTheStepAllowanceIsAnError() throws {
        try file("greedy.grad", "data moons 100\nnet dense 2x8 relu\ntrain 500 steps\n")
        let result = try check(["greedy.grad", "--max-steps", "200"])
        XCTAssertTrue(result.standardOutput.contains("this would train 500 steps, but only 200 of the 200 allowed"), result.standardOutput)
    }

    func testANetworkOverTheMemoryLimitIsRefused() throws {
        try file("huge.grad", "data moons 100\nnet dense 4x4096 relu\n")
        let result = try check(["huge.grad", "--memory-limit", "50"])
        XCTAssertTrue(result.standardOutput.contains("over the limit of 50 MB"), result.standardOutput)
        // The note names the limit in force, not the machine's memory.
        XCTAssertTrue(result.standardOutput.contains("set with 'grad check --memory-limit'"), result.standardOutput)
        XCTAssertFalse(result.standardOutput.contains("half of this machine"), result.standardOutput)
    }

    // Files

    func testWritesGoToAScratchFolderAndReadsStayBesideTheSubmission() throws {
        try file("sub/files.grad", """
            data moons 100
            net dense 2x8 relu
            train 3
            save "model.json"
            export history "h.csv"
            load "model.json"
            expect true "saved and loaded"
            save "../outside.json"

            """)
        let result = try check(["sub/files.grad"])
        XCTAssertTrue(result.standardOutput.contains("'../outside.json' is outside the folder this script may write to"), result.standardOutput)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("sub").path)
        XCTAssertEqual(left, ["files.grad"], "nothing is written beside the submission")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("outside.json").path))
    }

    func testIncludeAndDataMayNotReadOutsideTheSubmissionsFolder() throws {
        try file("hidden/tests.grad", Self.tests)
        try file("sub/peek.grad", "include \"../hidden/tests.grad\"\n")
        try file("sub/csv.grad", "data csv \"/etc/passwd\" target \"root\"\n")
        try file("sub/helper.grad", "let helped = 1\n")
        try file("sub/ok.grad", "include \"helper.grad\"\nexpect helped == 1 \"includes beside itself work\"\n")
        let peek = try check(["sub/peek.grad", "--against", "hidden/tests.grad"])
        XCTAssertTrue(peek.standardOutput.contains("is outside the folders this script may read"), peek.standardOutput)
        XCTAssertTrue(peek.standardOutput.contains("score: 0/7"), peek.standardOutput)
        let csv = try check(["sub/csv.grad"])
        XCTAssertTrue(csv.standardOutput.contains("'/etc/passwd' is outside the folders this script may read"), csv.standardOutput)
        XCTAssertEqual(try check(["sub/ok.grad"]).status, 0)
    }

    // Formats, determinism, the command line

    func testGradescopeResultsFormat() throws {
        try file("a1.grad", Self.learner)
        try file("tests.grad", Self.tests)
        let result = try check(["a1.grad", "--against", "tests.grad", "--gradescope", "--json", "results.json",
                                "--visibility", "after_due_date"])
        XCTAssertEqual(result.status, 1)
        let report = try json("results.json")
        XCTAssertEqual(report["score"] as? Double, 5)
        XCTAssertNotNil(report["execution_time"] as? Double)
        XCTAssertTrue((report["output"] as? String ?? "").contains("student finished"), "students see their output")
        let tests = try XCTUnwrap(report["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.count, 5, "the public summary, then one test per expect")
        XCTAssertEqual(tests[0]["name"] as? String, "Public tests")
        for test in tests.dropFirst() {
            for key in ["name", "score", "max_score", "output", "visibility"] { XCTAssertNotNil(test[key], key) }
            XCTAssertEqual(test["visibility"] as? String, "after_due_date", "--visibility applies to unmarked tests")
        }
        XCTAssertEqual(tests[4]["max_score"] as? Double, 2)
        XCTAssertEqual(tests[4]["score"] as? Double, 0)
    }

    func testTheSameSubmissionGetsTheSameResultEveryTime() throws {
        try file("a1.grad", Self.learner)
        try file("tests.grad", Self.tests)
        _ = try check(["a1.grad", "--against", "tests.grad", "--json", "first.json"])
        _ = try check(["a1.grad", "--against", "tests.grad", "--json", "second.json"])
        let first = try Data(contentsOf: directory.appendingPathComponent("first.json"))
        let second = try Data(contentsOf: directory.appendingPathComponent("second.json"))
        XCTAssertEqual(first, second)
    }

    func testTestsWithSyntaxErrorsAreTheTeachersToFix() throws {
        try file("a1.grad", Self.learner)
        try file("tests.grad", "expect acc > \"broken\n")
        let result = try check(["a1.grad", "--against", "tests.grad"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardError.contains("the tests in 'tests.grad' have errors"), result.standardError)
    }

    func testAMissingSubmissionScoresZeroAndStillWritesResults() throws {
        try file("tests.grad", Self.tests)
        let result = try check(["absent.grad", "--against", "tests.grad", "--gradescope", "--json", "results.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("there is no readable submission 'absent.grad'"), result.standardOutput)
        XCTAssertEqual(try json("results.json")["score"] as? Double, 0)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try check(["a1.grad", "--against", "absent_tests.grad"]).status, 2)
        try file("a1.grad", Self.learner)
        let badTimeout = try check(["a1.grad", "--timeout", "soon"])
        XCTAssertEqual(badTimeout.status, 2)
        XCTAssertTrue(badTimeout.standardError.contains("--timeout"), badTimeout.standardError)
    }

    func testAScriptNamedCheckStillRuns() throws {
        try file("check", "print \"I am a script\"\n")
        XCTAssertEqual(try GradBinary.run(["./check"], directory: directory).standardOutput, "I am a script\n")
        XCTAssertEqual(try GradBinary.run(["--", "check"], directory: directory).standardOutput, "I am a script\n")
    }
}
