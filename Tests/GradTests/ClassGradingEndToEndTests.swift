import Foundation
import GradTestSupport
import XCTest

/// `grad check --class` grading a class with hostile submissions mixed in: each broken, endless or
/// memory-hungry submission scores 0 in its own row with its reason, and everyone else is graded as
/// if alone. The grades CSV is read back with Python's csv module, as a spreadsheet or nbgrader's
/// tooling would read it.
final class ClassGradingEndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-class")
    }

    private func file(_ name: String, _ text: String) throws {
        try writeFile(name, text, in: directory)
    }

    private static let learner = """
        seed 1
        data moons 300
        net dense 3x16 tanh init xavier
        optim adam lr 0.02
        train 10

        """

    private static let tests = """
        expect layers == 4 "three hidden layers" points 1
        expect acc > 0.8 "the network learns" points 3 hidden

        """

    func testEverySubmissionGetsItsOwnRowWhateverTheOthersDo() throws {
        try file("tests.grad", Self.tests)
        try file("class/ada/hw.grad", Self.learner)
        try file("class/ben.grad", Self.learner.replacingOccurrences(of: "lr 0.02", with: "lr 0.000001"))
        try file("class/cy/hw.grad", "net dense 3x16 tahn\n")
        try file("class/dee.grad", "let n = 0\nfor i in 1..1000000 {\n    for j in 1..1000000 { n = n + 1 }\n}\n")
        try file("class/eli.grad", "let s = \"x\"\nfor i in 1..200 { s = s + s }\n")
        try file("class/fay/notes.txt", "I forgot to hand in my work\n")
        let cells = Self.learner.split(separator: "\n").map { ["cell_type": "code", "source": [String($0) + "\n"], "metadata": [:], "outputs": []] as [String: Any] }
        try JSONSerialization.data(withJSONObject: ["nbformat": 4, "nbformat_minor": 5, "metadata": [:], "cells": cells] as [String: Any])
            .write(to: directory.appendingPathComponent("class/gus.ipynb"))

        let run = try GradBinary.run(["check", "--class", "class", "--against", "tests.grad", "--out", "grades",
                                      "--jobs", "3", "--timeout", "4s"], directory: directory, timeout: 120)
        XCTAssertEqual(run.status, 0, run.standardOutput + run.standardError)

        let rows = try readCSV("grades/grades.csv")
        XCTAssertEqual(Array(rows[0].prefix(12)), ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
                                                   "email", "raw_score", "late_submission_penalty", "score", "max_score", "status"])
        XCTAssertEqual(Array(rows[0].suffix(2)), ["1. three hidden layers", "2. the network learns"])
        let byStudent = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[3], $0) })
        func grade(_ student: String) -> [String] {
            guard let row = byStudent[student] else { return ["missing row for \(student)"] }
            return [row[7], row[10], row[11]]
        }
        XCTAssertEqual(byStudent.count, 7)
        XCTAssertEqual(grade("ada"), ["4", "4", "graded"])
        XCTAssertEqual(grade("ben"), ["1", "4", "graded"])
        XCTAssertEqual(grade("cy"), ["0", "4", "error"])
        XCTAssertEqual(grade("dee"), ["0", "4", "timeout"])
        XCTAssertEqual(grade("eli")[0], "0")
        XCTAssertNotEqual(grade("eli")[2], "graded")
        XCTAssertEqual(grade("fay"), ["0", "4", "error"])
        XCTAssertEqual(grade("gus"), ["4", "4", "graded"], "a notebook's code cells are its program")
        XCTAssertEqual(byStudent["ben"]?.suffix(2), ["1", "0"], "points per test")

        let summary = try String(contentsOf: directory.appendingPathComponent("grades/summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("# \(directory.lastPathComponent): 7 submissions graded"), summary)
        XCTAssertTrue(summary.contains(" 90-100% | "), summary)
        XCTAssertTrue(summary.contains("| 2 | the network learns | 3 | 2/7 (28.6%) |"), summary)
        XCTAssertTrue(summary.contains("- dee (timeout): the submission did not finish within 4 s"), summary)
        XCTAssertTrue(summary.contains("- cy (error): the submission stopped with an error, so it scores 0: "), summary)
        XCTAssertTrue(summary.contains("unknown option 'tahn'"), summary)
        let slowest = summary.components(separatedBy: "## Slowest\n\n").last?.split(separator: "\n").prefix(2) ?? []
        XCTAssertEqual(Set(slowest.map { String($0.dropFirst(2).prefix(3)) }), ["dee", "eli"],
                       "the endless and the memory-hungry are the slowest:\n\(summary)")

        let feedback = try String(contentsOf: directory.appendingPathComponent("grades/feedback/ben.md"), encoding: .utf8)
        XCTAssertTrue(feedback.contains("**1/4**"), feedback)
        XCTAssertTrue(feedback.contains("| 1 | pass | 1/1 | three hidden layers | layers = 4 |"), feedback)
        XCTAssertFalse(feedback.contains("the network learns"), "tests marked hidden stay hidden: \(feedback)")
        XCTAssertTrue(feedback.contains("Hidden tests: 0 of 1 passed, 0/3 points."), feedback)
    }

    func testAnOutputFolderThatCannotBeMadeStopsBeforeGrading() throws {
        try file("tests.grad", Self.tests)
        try file("class/ada.grad", Self.learner)
        try file("taken", "a file where the output folder should be\n")
        let run = try GradBinary.run(["check", "--class", "class", "--against", "tests.grad", "--out", "taken"], directory: directory)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.standardError.hasPrefix("grad check: cannot write the class results to 'taken'"), run.standardError)
        XCTAssertEqual(run.standardOutput, "", "nothing was graded")
    }

    func testClassGradingNeedsTests() throws {
        let run = try GradBinary.run(["check", "--class", "."], directory: directory)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.standardError.contains("--class needs the tests"), run.standardError)
    }

    /// The CSV as Python's csv module reads it.
    private func readCSV(_ name: String) throws -> [[String]] {
        let run = try ExternalTool.run(["python3", "-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))",
                                        directory.appendingPathComponent(name).path])
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String]], run.output)
    }
}
