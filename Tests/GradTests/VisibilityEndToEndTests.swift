import Foundation
import GradTestSupport
import XCTest

/// Public and hidden tests as students and Gradescope see them: the table hides the hidden rows but
/// counts them, `--show-hidden` shows everything, and `results.json` uses exactly the fields Gradescope
/// documents, each test with its own visibility, otter's "Public tests" summary first, the regrade
/// record in `extra_data` and the leaderboard.
final class VisibilityEndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-visibility")
        try Self.submission.write(to: directory.appendingPathComponent("hw.grad"), atomically: true, encoding: .utf8)
        try Self.tests.write(to: directory.appendingPathComponent("tests.grad"), atomically: true, encoding: .utf8)
    }

    private static let submission = """
        seed 1
        data moons 300
        net dense 2x16 tanh init xavier
        optim adam lr 0.02
        train 10
        leaderboard "accuracy" 1.0

        """

    private static let tests = """
        expect acc > 0.8 "the network learns the moons" points 2
        expect layers == 3 "two hidden layers (secret rule)" points 1 hidden
        expect acc > 0.9999 "perfect accuracy" points 3 after_published
        expect loss < 10 "finite loss" points 1 after_due_date
        leaderboard "accuracy" acc
        leaderboard "final loss" loss asc
        leaderboard "diverged" 0 / 0

        """

    // Gradescope's autograder specification (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
    // every key it documents for the whole result, for one test and for one leaderboard column.
    private static let documentedTopLevel: Set<String> = [
        "score", "execution_time", "output", "output_format", "test_output_format", "test_name_format", "visibility",
        "stdout_visibility", "extra_data", "tests", "leaderboard",
    ]
    private static let documentedTest: Set<String> = [
        "score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags", "visibility",
        "extra_data",
    ]
    private static let documentedLeaderboard: Set<String> = ["name", "value", "order"]
    private static let visibilities: Set<String> = ["hidden", "after_due_date", "after_published", "visible"]

    func testStudentsSeePublicRowsAndOnlyTheCountAndPointsOfHiddenOnes() throws {
        let run = try GradBinary.run(["check", "hw.grad", "--against", "tests.grad"], directory: directory)
        let out = run.standardOutput
        XCTAssertTrue(out.contains("the network learns the moons"), out)
        XCTAssertFalse(out.contains("secret rule"), "a hidden test's message is not shown: \(out)")
        XCTAssertFalse(out.contains("perfect accuracy"), out)
        XCTAssertFalse(out.contains("layers = 3"), "nor the values it read: \(out)")
        XCTAssertTrue(out.contains("public tests: 2/2 (100.0%)"), out)
        XCTAssertTrue(out.contains("hidden tests: 3 worth 5 points"), out)
        XCTAssertEqual(run.status, 0, "every test the student sees passed")
    }

    func testTheTeacherSeesEveryRowWithItsVisibility() throws {
        let run = try GradBinary.run(["check", "hw.grad", "--against", "tests.grad", "--show-hidden"], directory: directory)
        let out = run.standardOutput
        XCTAssertTrue(out.contains("two hidden layers (secret rule) [hidden]"), out)
        XCTAssertTrue(out.contains("perfect accuracy [after_published]"), out)
        XCTAssertTrue(out.contains("score: 4/7"), out)
        XCTAssertEqual(run.status, 1, "a hidden test failed")
    }

    func testGradescopeResultsUseOnlyDocumentedFieldsAndEachTestsVisibility() throws {
        let run = try GradBinary.run(["check", "hw.grad", "--against", "tests.grad", "--gradescope", "--json", "results.json"],
                                     directory: directory)
        XCTAssertNotEqual(run.status, 2, run.standardError)
        let data = try Data(contentsOf: directory.appendingPathComponent("results.json"))
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertTrue(Set(results.keys).isSubset(of: Self.documentedTopLevel), "\(results.keys)")
        XCTAssertEqual(results["score"] as? Double, 4)
        XCTAssertEqual(results["stdout_visibility"] as? String, "hidden", "stdout holds the teacher's table")

        let tests = try XCTUnwrap(results["tests"] as? [[String: Any]])
        for test in tests {
            XCTAssertTrue(Set(test.keys).isSubset(of: Self.documentedTest), "\(test.keys)")
            XCTAssertTrue(Self.visibilities.contains(test["visibility"] as? String ?? ""), "\(test)")
        }
        XCTAssertEqual(tests.map { $0["name"] as? String }, [
            "Public tests", "the network learns the moons", "two hidden layers (secret rule)", "perfect accuracy", "finite loss",
        ])
        XCTAssertEqual(tests.map { $0["visibility"] as? String },
                       ["visible", "visible", "hidden", "after_published", "after_due_date"])
        let summary = try XCTUnwrap(tests[0]["output"] as? String)
        XCTAssertNil(tests[0]["score"], "the summary carries no points of its own (otter's layout)")
        XCTAssertTrue(summary.contains("hidden tests: 3 worth 5 points"), summary)
        XCTAssertFalse(summary.contains("secret"), summary)
        XCTAssertEqual(tests[3]["score"] as? Double, 0)
        XCTAssertEqual(tests[3]["max_score"] as? Double, 3)

        let extra = try XCTUnwrap(results["extra_data"] as? [String: Any])
        XCTAssertEqual(extra["seed"] as? Int, 0)
        // `grad --version` prints "grad VERSION" and then "numerics: NUMERICS".
        let version = try GradBinary.run(["--version"]).standardOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(extra["grad_version"] as? String, version.first?.replacingOccurrences(of: "grad ", with: ""))
        XCTAssertEqual((extra["numerics"] as? String).map { "numerics: " + $0 }, version.dropFirst().first)
        XCTAssertEqual(extra["submission_sha256"] as? String, try sha256sum(directory.appendingPathComponent("hw.grad")))

        let leaderboard = try XCTUnwrap(results["leaderboard"] as? [[String: Any]])
        for column in leaderboard { XCTAssertTrue(Set(column.keys).isSubset(of: Self.documentedLeaderboard), "\(column)") }
        XCTAssertEqual(leaderboard.map { $0["name"] as? String }, ["accuracy", "final loss", "diverged"],
                       "only the tests post: the submission's own 'accuracy' 1.0 is dropped")
        XCTAssertLessThan(try XCTUnwrap(leaderboard[0]["value"] as? Double), 1)
        XCTAssertNil(leaderboard[0]["order"], "desc is Gradescope's default")
        XCTAssertEqual(leaderboard[1]["order"] as? String, "asc")
        XCTAssertEqual(leaderboard[2]["value"] as? String, "nan", "JSON has no NaN: it is posted as text")
    }

    func testTestsThatStopEarlyDoNotShowTheirCodeToStudentsWhenSomeAreHidden() throws {
        try writeFile("stopping.grad", "expect acc > 0.5 \"learns\" points 1\nassert layers == 99 \"secret rule\"\n"
                      + "expect true \"later\" points 1 hidden\n", in: directory)
        let student = try GradBinary.run(["check", "hw.grad", "--against", "stopping.grad", "--gradescope", "--json", "r.json"],
                                         directory: directory)
        XCTAssertTrue(student.standardOutput.contains("the tests stopped before the end (1 expectation not reached)"),
                      student.standardOutput)
        XCTAssertFalse(student.standardOutput.contains("secret rule"), student.standardOutput)
        let results = try String(contentsOf: directory.appendingPathComponent("r.json"), encoding: .utf8)
        let output = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(results.utf8)) as? [String: Any])?["output"] as? String)
        XCTAssertFalse(output.contains("secret rule"), output)

        let teacher = try GradBinary.run(["check", "hw.grad", "--against", "stopping.grad", "--show-hidden"], directory: directory)
        XCTAssertTrue(teacher.standardOutput.contains("assertion failed: secret rule"), teacher.standardOutput)
    }

    /// The hash as coreutils' `sha256sum` computes it: the reference the regrade record must match.
    private func sha256sum(_ file: URL) throws -> String {
        String(try ExternalTool.run(["sha256sum", file.path]).output.prefix { $0 != " " })
    }
}
