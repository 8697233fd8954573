import Foundation
import XCTest

/// Every assignment in `scripts/assignments/` graded by the built binary, as a teacher would: the
/// reference solution must score full marks against the hidden tests, and the unmodified starter
/// must score below half, so the assignment actually asks for the fix.
final class AssignmentTests: XCTestCase {
    static let folder = GradBinary.packageRoot.appendingPathComponent("scripts/assignments")

    private func score(_ script: URL, against tests: URL) throws -> (score: Double, max: Double, table: String) {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("assignment-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: results) }
        // Under a sanitizer (scripts/sanitize) debug code is 10-50x slower: allow for it.
        let sanitized = ProcessInfo.processInfo.environment["GRAD_SANITIZER"] != nil
        let run = try GradBinary.run(["check", script.path, "--against", tests.path, "--json", results.path]
                                     + (sanitized ? ["--timeout", "900s"] : []), timeout: sanitized ? 1000 : 120)
        XCTAssertNotEqual(run.status, 2, "grading could not run: \(run.standardError)")
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        XCTAssertEqual(report["status"] as? String, "graded", "\(script.path) did not run to the end:\n\(run.standardOutput)")
        return (try XCTUnwrap(report["score"] as? Double), try XCTUnwrap(report["max_score"] as? Double), run.standardOutput)
    }

    func testSolutionsScoreFullMarksAndStartersBelowHalf() throws {
        let assignments = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: [.isDirectoryKey])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThanOrEqual(assignments.count, 4)
        // A sanitized run grades one assignment: the grading path is the same for all, the training not.
        let graded = ProcessInfo.processInfo.environment["GRAD_SANITIZER"] == nil ? assignments : Array(assignments.prefix(1))
        for assignment in graded {
            let tests = assignment.appendingPathComponent("tests.grad")
            let solution = try score(assignment.appendingPathComponent("solution.grad"), against: tests)
            XCTAssertGreaterThan(solution.max, 0, assignment.lastPathComponent)
            XCTAssertEqual(solution.score, solution.max, "\(assignment.lastPathComponent): the solution loses points\n\(solution.table)")
            let starter = try score(assignment.appendingPathComponent("starter.grad"), against: tests)
            XCTAssertEqual(starter.max, solution.max, assignment.lastPathComponent)
            XCTAssertLessThan(starter.score, starter.max / 2, "\(assignment.lastPathComponent): the starter already passes\n\(starter.table)")
        }
    }

    func testStartersMarkWhatToDo() throws {
        for assignment in try FileManager.default.contentsOfDirectory(atPath: Self.folder.path) where !assignment.hasSuffix(".md") {
            let starter = try String(contentsOf: Self.folder.appendingPathComponent("\(assignment)/starter.grad"), encoding: .utf8)
            XCTAssertTrue(starter.contains("TODO"), "\(assignment)/starter.grad has no TODO")
        }
    }
}
