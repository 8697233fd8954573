import ArgumentParser
import Foundation
import GradREPL

/// `grad assign`: a master file in, the student's and the autograder's files out. Only parsing lives
/// here; `AssignmentBuilder` in GradREPL does the work.
struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad assign",
        abstract: "Generate an assignment from one master file: starter, public tests, all tests, solution; then validate it.",
        usage: """
            grad assign MASTER.grad [--out DIR] [--gradescope autograder.zip [--grad-binary FILE]] [--no-validate]
            """,
        discussion: """
            The master file is the solution with the tests beside it, marked by comment lines:
              # BEGIN SOLUTION / # END SOLUTION   lines only the solution has; the starter gets
                                                  '# TODO: write your solution here' instead
              CODE  # SOLUTION                    one solution-only line
              # BEGIN STARTER / # END STARTER     commented-out lines only the starter has, uncommented
                                                  there (they replace the TODO of the solution just before)
              # BEGIN TESTS / # END TESTS         the tests; 'expect … hidden' (or after_due_date,
                                                  after_published) marks a hidden test

            It writes, below --out (default: the master's folder):
              student/starter.grad       what students start from
              student/tests.grad         the public tests; each hidden test only shows its points
              autograder/solution.grad   the reference solution
              autograder/tests.grad      every test, for 'grad check' and Gradescope
            then grades the solution and the starter against every test: the solution must earn full
            marks and the starter must not (as nbgrader validate does).

            --gradescope FILE writes Gradescope's autograder zip: setup.sh, run_autograder, the tests and
            a grad executable (--grad-binary, default this one; build it with GRAD_PORTABLE=1 and
            --static-swift-stdlib to run on Gradescope's Ubuntu image).

            EXAMPLES:
              grad assign scripts/assignments/1_deep_sigmoid/master.grad
              grad assign hw1.grad --out hw1 --gradescope hw1/autograder.zip

            EXIT STATUS:
              0 generated and valid; 1 the master file has errors, or the solution loses points, or the
              starter earns full marks; 2 a file could not be read or written.
            """)

    @Argument(help: ArgumentHelp("The master file: solution and tests, with markers.", valueName: "MASTER.grad"))
    var master: String

    @Option(help: ArgumentHelp("The folder for student/ and autograder/ (default: the master's folder).", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("Also write Gradescope's autograder zip to FILE.", valueName: "FILE"))
    var gradescope: String?

    @Option(name: .customLong("grad-binary"),
            help: ArgumentHelp("The grad executable the zip carries (default: this one).", valueName: "FILE"))
    var gradBinary: String?

    @Flag(name: .customLong("no-validate"), help: "Do not grade the solution and the starter.")
    var noValidate = false

    /// Generates (and validates) the assignment.
    func execute() -> Int32 {
        AssignmentBuilder.run(
            AssignRequest(master: master, outputFolder: out, gradescopeZip: gradescope, gradBinary: gradBinary,
                          validate: !noValidate),
            executable: Check.executablePath)
    }
}
