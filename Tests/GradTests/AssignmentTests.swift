import Foundation
@testable import GradREPL
import GradTestSupport
import XCTest

/// Every assignment in `scripts/assignments/` as a teacher uses it: each folder's files are what
/// `grad assign` generates from its `master.grad`, byte for byte; the reference solution scores full
/// marks against the tests and the unmodified starter below half, so the assignment asks for the fix.
final class AssignmentTests: XCTestCase {
    static let folder = GradBinary.packageRoot.appendingPathComponent("scripts/assignments")

    private var assignments: [URL] {
        get throws {
            try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: [.isDirectoryKey])
                .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
    }

    private func score(_ script: URL, against tests: URL) throws -> (score: Double, max: Double, table: String) {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("assignment-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: results) }
        // Under a sanitizer (scripts/sanitize) debug code is 10-50x slower: allow for it.
        let sanitized = ProcessInfo.processInfo.environment["GRAD_SANITIZER"] != nil
        let run = try GradBinary.run(["check", script.path, "--against", tests.path, "--json", results.path, "--show-hidden"]
                                     + (sanitized ? ["--timeout", "900s"] : []), timeout: sanitized ? 1000 : 120)
        XCTAssertNotEqual(run.status, 2, "grading could not run: \(run.standardError)")
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        XCTAssertEqual(report["status"] as? String, "graded", "\(script.path) did not run to the end:\n\(run.standardOutput)")
        return (try XCTUnwrap(report["score"] as? Double), try XCTUnwrap(report["max_score"] as? Double), run.standardOutput)
    }

    func testTheCommittedFilesAreWhatGradAssignGenerates() throws {
        XCTAssertGreaterThanOrEqual(try assignments.count, 4)
        for assignment in try assignments {
            let master = assignment.appendingPathComponent("master.grad")
            let generated = try MasterFile.split(String(contentsOf: master, encoding: .utf8), name: master.path)
            for file in AssignmentBuilder.files(generated) {
                let committed = try Data(contentsOf: assignment.appendingPathComponent(file.path))
                XCTAssertEqual(committed, Data(file.text.utf8),
                               "\(assignment.lastPathComponent)/\(file.path) differs from what 'grad assign' makes of master.grad; "
                               + "run 'grad assign \(assignment.lastPathComponent)/master.grad' again")
            }
        }
    }

    func testSolutionsScoreFullMarksAndStartersBelowHalf() throws {
        // A sanitized run grades one assignment: the grading path is the same for all, the training not.
        let all = try assignments
        let graded = ProcessInfo.processInfo.environment["GRAD_SANITIZER"] == nil ? all : Array(all.prefix(1))
        for assignment in graded {
            let tests = assignment.appendingPathComponent("autograder/tests.grad")
            let solution = try score(assignment.appendingPathComponent("autograder/solution.grad"), against: tests)
            XCTAssertGreaterThan(solution.max, 0, assignment.lastPathComponent)
            XCTAssertEqual(solution.score, solution.max, "\(assignment.lastPathComponent): the solution loses points\n\(solution.table)")
            let starter = try score(assignment.appendingPathComponent("student/starter.grad"), against: tests)
            XCTAssertEqual(starter.max, solution.max, assignment.lastPathComponent)
            XCTAssertLessThan(starter.score, starter.max / 2, "\(assignment.lastPathComponent): the starter already passes\n\(starter.table)")
        }
    }

    func testStartersMarkWhatToDoAndPublicTestsHideTheHiddenOnes() throws {
        for assignment in try assignments {
            let name = assignment.lastPathComponent
            let starter = try String(contentsOf: assignment.appendingPathComponent("student/starter.grad"), encoding: .utf8)
            XCTAssertTrue(starter.contains("TODO"), "\(name)/student/starter.grad has no TODO")
            let master = try String(contentsOf: assignment.appendingPathComponent("master.grad"), encoding: .utf8)
            let publicTests = try String(contentsOf: assignment.appendingPathComponent("student/tests.grad"), encoding: .utf8)
            let hiddenLines = master.split(separator: "\n").filter { $0.hasPrefix("expect") && $0.hasSuffix(" hidden") }
            XCTAssertFalse(hiddenLines.isEmpty, "\(name) has hidden tests")
            for line in hiddenLines { XCTAssertFalse(publicTests.contains(line), "\(name): '\(line)' is in the public tests") }
        }
    }
}
