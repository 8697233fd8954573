import Foundation
import GradTestSupport
import XCTest

/// `grad assign` run as a teacher runs it: the built binary generates and validates an assignment from a
/// master file, and its Gradescope zip, unpacked by Info-ZIP's `unzip` into a fake `/autograder` tree,
/// grades a submission there and writes `results/results.json`.
final class AssignEndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-assign")
    }

    private func file(_ name: String, _ text: String) throws {
        try writeFile(name, text, in: directory)
    }

    private func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    private static let master = """
        # Homework: make a 3-layer network learn the moons.
        seed 1
        data moons 300
        # BEGIN SOLUTION
        net dense 3x16 tanh init xavier
        optim adam lr 0.02
        # END SOLUTION
        # BEGIN STARTER
        # net dense 3x16 tanh init xavier
        # optim sgd lr 0.00001
        # END STARTER
        train 10
        # BEGIN TESTS
        expect layers == 4 "three hidden layers" points 1
        expect acc > 0.8 "the network learns" points 3 hidden
        # END TESTS

        """

    func testAssignWritesTheStudentAndAutograderFilesAndValidatesThem() throws {
        try file("hw/master.grad", Self.master)
        let run = try GradBinary.run(["assign", "hw/master.grad", "--out", "out"], directory: directory, timeout: 120)
        XCTAssertEqual(run.status, 0, run.standardOutput + run.standardError)
        XCTAssertTrue(run.standardOutput.contains("valid: the solution scores 4/4 (full marks)"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("valid: the starter scores 1/4, below full marks"), run.standardOutput)
        XCTAssertTrue(try text("out/student/starter.grad").contains("optim sgd lr 0.00001"))
        XCTAssertFalse(try text("out/student/starter.grad").contains("adam"))
        XCTAssertFalse(try text("out/student/tests.grad").contains("the network learns"), "hidden tests stay hidden")
        XCTAssertTrue(try text("out/autograder/tests.grad").contains("the network learns"))

        // Students run the public tests on their starter and learn what else is at stake.
        let check = try GradBinary.run(["check", "out/student/starter.grad", "--against", "out/student/tests.grad"],
                                       directory: directory)
        XCTAssertTrue(check.standardOutput.contains("public tests: 1/1"), check.standardOutput)
        XCTAssertTrue(check.standardOutput.contains("hidden tests: 1 worth 3 points"), check.standardOutput)
    }

    func testAnAssignmentWhoseStarterAlreadyPassesIsInvalid() throws {
        try file("master.grad", Self.master.replacingOccurrences(of: "# optim sgd lr 0.00001", with: "# optim adam lr 0.02"))
        let run = try GradBinary.run(["assign", "master.grad"], directory: directory, timeout: 120)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardOutput.contains("INVALID: the starter scores 4/4; it should fail some test"), run.standardOutput)
    }

    func testAMasterFileWithUnpairedMarkersIsAnErrorWithItsLine() throws {
        try file("master.grad", "seed 1\n# BEGIN SOLUTION\nnet dense 2x4 relu\n")
        let run = try GradBinary.run(["assign", "master.grad"], directory: directory)
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.standardError, "master.grad:2: error: '# BEGIN SOLUTION' is never closed with '# END SOLUTION'\n")
    }

    func testAZipThatCannotBeWrittenNamesTheFileAtFault() throws {
        try file("master.grad", Self.master)
        let binary = try GradBinary.run(["assign", "master.grad", "--no-validate", "--gradescope", "a.zip", "--grad-binary", "missing"],
                                        directory: directory)
        XCTAssertEqual(binary.status, 2)
        XCTAssertTrue(binary.standardError.hasPrefix("grad assign: cannot read the grad executable '"), binary.standardError)
        XCTAssertTrue(binary.standardError.contains("/missing'"), binary.standardError)
        let zip = try GradBinary.run(["assign", "master.grad", "--no-validate", "--gradescope", "no/such/folder/a.zip"],
                                     directory: directory)
        XCTAssertEqual(zip.status, 2)
        XCTAssertTrue(zip.standardError.contains("cannot write '"), zip.standardError)
        XCTAssertTrue(zip.standardError.contains("no/such/folder/a.zip'"), zip.standardError)
    }

    func testTheGradescopeBundleGradesASubmissionInAFakeAutograderTree() throws {
        try file("master.grad", Self.master)
        let zip = try GradBinary.run(["assign", "master.grad", "--gradescope", "autograder.zip", "--no-validate"],
                                     directory: directory, timeout: 120)
        XCTAssertEqual(zip.status, 0, zip.standardError)

        // Gradescope needs setup.sh and run_autograder at the zip's root, executable.
        let listing = try tool(["python3", "-c", """
            import sys, zipfile
            for info in zipfile.ZipFile(sys.argv[1]).infolist():
                print(info.filename, oct(info.external_attr >> 16 & 0o777))
            """, "autograder.zip"])
        XCTAssertEqual(listing, "setup.sh 0o755\nrun_autograder 0o755\ntests.grad 0o644\nbin/grad 0o755\n")

        let root = directory.appendingPathComponent("autograder")
        _ = try tool(["unzip", "-q", "autograder.zip", "-d", root.appendingPathComponent("source").path])
        try file("autograder/submission/hw.grad", Self.master)
        let results = root.appendingPathComponent("results/results.json")
        let graded = try tool([root.appendingPathComponent("source/run_autograder").path],
                              environment: ["GRAD_AUTOGRADER_ROOT": root.path])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        XCTAssertEqual(json["score"] as? Double, 4, graded)
        XCTAssertTrue(graded.contains("the network learns [hidden]"), "the instructor's stdout shows every test:\n\(graded)")
        let tests = try XCTUnwrap(json["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.map { $0["visibility"] as? String }, ["visible", "visible", "hidden"])

        // A notebook counts as a submission: its code cells, in order.
        try FileManager.default.removeItem(at: root.appendingPathComponent("submission/hw.grad"))
        let cells = Self.master.split(separator: "\n").map { ["cell_type": "code", "source": [String($0)], "metadata": [:], "outputs": []] as [String: Any] }
        let notebook: [String: Any] = ["nbformat": 4, "nbformat_minor": 5, "metadata": [:],
                                       "cells": [["cell_type": "markdown", "source": "my notes: train 1000", "metadata": [:]]] + cells]
        try JSONSerialization.data(withJSONObject: notebook).write(to: root.appendingPathComponent("submission/hw.ipynb"))
        _ = try tool([root.appendingPathComponent("source/run_autograder").path], environment: ["GRAD_AUTOGRADER_ROOT": root.path])
        let fromNotebook = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        XCTAssertEqual(fromNotebook["score"] as? Double, 4)

        // No submission at all still gets a results file, scoring 0.
        try FileManager.default.removeItem(at: root.appendingPathComponent("submission/hw.ipynb"))
        _ = try tool([root.appendingPathComponent("source/run_autograder").path], environment: ["GRAD_AUTOGRADER_ROOT": root.path])
        let missing = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        XCTAssertEqual(missing["score"] as? Double, 0)
    }

    /// Runs a program in the test's folder; fails the test unless it exits 0. Returns its output.
    private func tool(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let run = try ExternalTool.run(arguments, directory: directory, environment: environment)
        XCTAssertEqual(run.status, 0, "\(arguments.joined(separator: " ")):\n\(run.output)")
        return run.output
    }
}
