import ArgumentParser
import Foundation
import GradLang
import GradSyntax
import GradREPL

/// `grad check`: the autograder's command line. Only parsing lives here; `Grader` in GradREPL grades.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad check",
        abstract: "Grade a submission: run it, then the teacher's tests in the same session, and score every expect.",
        usage: """
            grad check SUBMISSION.grad [--against TESTS.grad] [--json FILE] [--gradescope] [--timeout 60s] [--show-hidden]
            grad check --class DIR --against TESTS.grad [--jobs N] [--out DIR] [--timeout 60s]
            """,
        discussion: """
            Without --against, the submission's own expect lines are graded. With it, the submission runs \
            first and the tests run after it in the same session: they see its network, history and \
            variables. Each expect is one row of the table (result, points, message, the values it read), \
            then the total. The same submission always gets the same score: the seed is fixed.

            A submission runs confined: in a child process stopped after --timeout (default 60s); with \
            networks and data limited to --memory-limit MB of estimated memory and training to --max-steps \
            optimizer steps in all; reading files only beside itself (and in --read folders); and writing \
            (save, export) only into a temporary folder removed afterwards. A submission that stops with an \
            error, crashes or runs out of time scores 0, with the reason. A .ipynb notebook is graded by its \
            code cells, in order.

            Tests marked hidden in their expect (or after_due_date, after_published) count for the score, but \
            only the public rows are shown, with how many hidden tests there are and their points; \
            --show-hidden shows every row.

            --class DIR grades a whole class: each subfolder of DIR is a student (its first .grad file, else \
            .ipynb, is graded), and each .grad or .ipynb file directly in DIR is a student of its own. \
            --jobs submissions are graded at once (default: one per core), each confined as above. It \
            writes, into --out (default grades): grades.csv (nbgrader's columns, then status and the points \
            of each test), feedback/STUDENT.md, and summary.md (score histogram, pass rate of each test, the \
            slowest and the failed submissions).

            EXAMPLES:
              grad check homework.grad
              grad check submission/a1.grad --against tests/a1_tests.grad
              grad check a1.grad --against a1_tests.grad --gradescope --json results.json
              grad check --class submissions/ --against a1/autograder/tests.grad --out grades/

            EXIT STATUS:
              0 full marks; 1 an expectation failed or the submission scored 0 (also when it is missing);
              2 grading could not run (unreadable tests, tests with syntax errors, an unwritable results file).
              With --class: 0 when the grades were written, 2 when they could not be.
            """)

    @Argument(help: ArgumentHelp("The student's script (or .ipynb notebook).", valueName: "SUBMISSION.grad"))
    var submission: String?

    @Option(name: .customLong("class"),
            help: ArgumentHelp("Grade every submission in DIR (a folder per student, or one file each).", valueName: "DIR"))
    var classFolder: String?

    @Option(help: ArgumentHelp("With --class: submissions graded at once (default: one per core).", valueName: "N"))
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("With --class: the folder for grades.csv, summary.md and feedback/.", valueName: "DIR"))
    var out = "grades"

    @Option(help: ArgumentHelp("The teacher's tests, run after the submission in its session.", valueName: "TESTS.grad"))
    var against: String?

    @Option(help: ArgumentHelp("Write the results as JSON to FILE.", valueName: "FILE"))
    var json: String?

    @Flag(help: "Write Gradescope's results.json format (to --json FILE, else /autograder/results/results.json).")
    var gradescope = false

    @Option(help: ArgumentHelp("Wall-clock limit for the submission and tests together: 60s, 2m, 500ms.", valueName: "TIME"))
    var timeout = "60s"

    @Option(name: .customLong("memory-limit"),
            help: ArgumentHelp("Estimated memory a network or data set may need, in MB.", valueName: "MB"))
    var memoryLimit = GradingRequest.defaultMemoryMegabytes

    @Option(name: .customLong("max-steps"), help: ArgumentHelp("Optimizer steps allowed in all.", valueName: "N"))
    var maxSteps = GradingRequest.defaultTotalSteps

    @Option(name: .customLong("read"), help: ArgumentHelp("Another folder the submission may read (repeatable).", valueName: "DIR"))
    var readableFolders: [String] = []

    @Option(help: ArgumentHelp("The seed the session starts from (default 0).", valueName: "N"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Gradescope visibility of the tests written without one: visible, hidden, after_due_date, "
                               + "after_published.", valueName: "WORD"))
    var visibility = "visible"

    @Flag(name: .customLong("show-hidden"), help: "Show the hidden tests' rows too (for the teacher; students see public tests only).")
    var showHidden = false

    @Flag(name: [.short, .long], help: "Also print what the submission and the tests printed.")
    var verbose = false

    // The grader starts this program again as its worker with these two; they are not for people.
    @Option(name: .customLong("worker-report"), help: ArgumentHelp(visibility: .private))
    var workerReport: String?

    @Option(name: .customLong("worker-scratch"), help: ArgumentHelp(visibility: .private))
    var workerScratch: String?

    func validate() throws {
        switch (submission, classFolder) {
        case (nil, nil): throw ValidationError("give a submission to grade, or --class DIR")
        case (_?, _?): throw ValidationError("give either a submission or --class DIR, not both")
        case (nil, _?):
            guard against != nil else { throw ValidationError("--class needs the tests: --against TESTS.grad") }
            guard json == nil, !gradescope else { throw ValidationError("--json and --gradescope grade one submission; --class writes into --out") }
            guard jobs > 0 else { throw ValidationError("--jobs must be positive") }
        case (_?, nil): break
        }
        guard GradingRequest.seconds(timeout) != nil else {
            throw ValidationError("--timeout needs a positive duration such as 60s, 2m or 500ms (got '\(timeout)')")
        }
        guard memoryLimit > 0 else { throw ValidationError("--memory-limit must be positive") }
        guard maxSteps > 0 else { throw ValidationError("--max-steps must be positive") }
        guard TestVisibility(rawValue: visibility) != nil else {
            throw ValidationError("--visibility must be one of \(TestVisibility.words.joined(separator: ", "))")
        }
    }

    var request: GradingRequest {
        GradingRequest(
            submission: submission ?? "", tests: against, jsonPath: json, gradescope: gradescope,
            timeout: GradingRequest.seconds(timeout) ?? GradingRequest.defaultTimeout,
            memoryBytes: Double(memoryLimit) * 1e6, totalSteps: maxSteps, readableFolders: readableFolders,
            seed: seed, verbose: verbose, visibility: TestVisibility(rawValue: visibility) ?? .visible, showHidden: showHidden)
    }

    /// Grades, or (when started by the grader) runs the submission as the worker.
    func execute() -> Int32 {
        if let workerReport, let workerScratch {
            return GradingWorker.run(request, scratch: URL(fileURLWithPath: workerScratch),
                                     results: URL(fileURLWithPath: workerReport))
        }
        if let classFolder {
            return ClassGrader.run(ClassRequest(folder: classFolder, outputFolder: out, jobs: jobs, grading: request),
                                   executable: Self.executablePath)
        }
        return Grader.run(request, executable: Self.executablePath)
    }

    /// This program's own file, to start again as the worker.
    static var executablePath: String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
