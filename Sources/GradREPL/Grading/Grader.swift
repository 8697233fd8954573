#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GradLang

/// `grad check`: grades one submission. The submission and the teacher's tests run in a child process
/// (this program again, as a `GradingWorker`) that is killed when it outlives the timeout, so no
/// submission can hang, crash or flood the grader; the grader then scores what the worker reports,
/// prints the table and writes the JSON.
public enum Grader {
    /// The most bytes of the submission's output the grader reads into memory (the rest is discarded).
    static let captureLimit = 1 << 20

    /// Grades `request`, starting `executable` (this program) as the worker, and returns the exit code:
    /// 0 full marks, 1 anything less (a missing submission scores 0), 2 when grading itself could not be
    /// done (tests that cannot be read or do not parse, an unwritable results file).
    public static func run(_ request: GradingRequest, executable: String,
                           output: TextStream = StandardStream.output, errors: TextStream = StandardStream.error) -> Int32 {
        let started = Date()
        let declared: [DeclaredExpectation]
        switch prepare(request) {
        case .success(let list): declared = list
        case .failure(let problem):
            errors.write("grad check: \(problem.message)\n")
            return ExitStatus.usage
        }
        let jsonPath = request.jsonPath ?? (request.gradescope ? GradingRequest.gradescopeResultsPath : nil)
        if let jsonPath {
            let folder = URL(fileURLWithPath: jsonPath).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder) else {
                errors.write("grad check: cannot write '\(jsonPath)': the folder '\(folder)' does not exist"
                             + (request.jsonPath == nil ? " (outside Gradescope, give the file with --json FILE)" : "") + "\n")
                return ExitStatus.usage
            }
        }

        let report: GradeReport
        do {
            report = try grade(request, declared: declared, executable: executable, supervisor: GradingSupervisor())
        } catch {
            errors.write("grad check: \(error)\n")
            return ExitStatus.usage
        }
        if request.verbose && !report.output.isEmpty {
            output.write("== output of \(request.submission) ==\n\(report.output)\n== end of output ==\n")
        }
        output.write(GradeTable.lines(report, showHidden: request.showHidden).joined(separator: "\n") + "\n")
        if request.verbose && !report.testsOutput.isEmpty {
            output.write("== output of the tests ==\n\(report.testsOutput)\n== end of output ==\n")
        }
        if let jsonPath {
            do {
                let data = request.gradescope
                    ? try GradescopeResults(report, seconds: Date().timeIntervalSince(started),
                                            defaultVisibility: request.visibility).json()
                    : try report.json()
                try data.write(to: URL(fileURLWithPath: jsonPath), options: .atomic)
            } catch {
                errors.write("grad check: cannot write '\(jsonPath)': \((error as NSError).localizedDescription)\n")
                return ExitStatus.usage
            }
        }
        // The exit status answers for what was shown: a student's public tests, or everything for the teacher.
        let shown = request.showHidden ? report.expectations : report.publicExpectations
        let passed = report.status == .graded && !shown.isEmpty && shown.allSatisfy(\.passed)
        return passed ? ExitStatus.success : ExitStatus.scriptFailure
    }

    /// A problem with the grading request itself, not with the submission.
    struct Problem: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Lists the expectations that will be graded (the tests', or the submission's own). Tests that
    /// cannot be read or do not parse are the teacher's to fix, so they stop grading; a submission that
    /// does not parse, or is missing, is graded (zero), since that is what the student handed in.
    static func prepare(_ request: GradingRequest) -> Result<[DeclaredExpectation], Problem> {
        guard let testsPath = request.tests else {
            let submission = (try? SubmissionFile.program(at: URL(fileURLWithPath: request.submission))) ?? ""
            return .success((try? DeclaredExpectation.list(in: submission, name: request.submission).get()) ?? [])
        }
        guard let tests = try? String(contentsOfFile: testsPath, encoding: .utf8) else {
            return .failure(Problem(message: "cannot read the tests '\(testsPath)'"))
        }
        switch DeclaredExpectation.list(in: tests, name: testsPath) {
        case .success(let list): return .success(list)
        case .failure(let failure):
            return .failure(Problem(message: "the tests in '\(testsPath)' have errors; fix them before grading:\n"
                                    + failure.rendered.joined(separator: "\n")))
        }
    }

    /// Runs the worker in a fresh temporary folder (its scratch space for `save`/`export`, removed
    /// afterwards) and turns how it ended into a report. The `supervisor` kills the worker and removes
    /// its folder when the grader is interrupted; class grading shares one among its parallel workers.
    static func grade(_ request: GradingRequest, declared: [DeclaredExpectation], executable: String,
                      supervisor: GradingSupervisor) throws -> GradeReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: request.submission, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: request.submission) else {
            return .failed(.error, message: "there is no readable submission '\(request.submission)', so it scores 0",
                           declared: declared, request: request, output: "")
        }
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("grad-check-\(UUID().uuidString)")
        let scratch = workspace.appendingPathComponent("scratch")
        let results = workspace.appendingPathComponent("report.json")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }

        // One BLAS thread: the shapes are small, the worker's address space stays predictable under its
        // cap, and every run of a submission computes exactly the same way.
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        let child = try ChildProcess(executable: executable, arguments: workerArguments(request, scratch: scratch, results: results),
                                     environment: environment, outputLimit: captureLimit)
        let ticket = supervisor.started(child, workspace: workspace)
        let ended = child.wait(timeout: request.timeout)
        // The worker may have ended because a signal's cleanup killed it: that handler is exiting with
        // 128 + the signal, and reporting a "crash" here first would race it to a wrong exit status.
        while supervisor.isStopping { sleep(1) }
        supervisor.finished(ticket)
        let transcript = shortened(String(decoding: ended.output, as: UTF8.self), cut: ended.truncated)
        func zero(_ status: GradeReport.Status, _ message: String) -> GradeReport {
            .failed(status, message: message, declared: declared, request: request, output: transcript)
        }
        switch ended.ending {
        case .timedOut:
            return zero(.timeout, "the submission did not finish within \(Format.number(request.timeout)) s; it was stopped and scores 0")
        case .signaled(let signal):
            return zero(signal == SIGXCPU ? .timeout : .crashed,
                        "\(describe(signal: signal, memoryBytes: request.memoryBytes)). The submission scores 0.")
        case .exited(let status):
            guard let worker = try? WorkerReport.read(from: results) else {
                return zero(.crashed, "the grading process ended without a report (exit status \(status)), so the submission scores 0")
            }
            return .from(worker, declared: declared, request: request, output: transcript)
        }
    }

    /// The worker's command line: `check` with the same request plus where to put its report.
    static func workerArguments(_ request: GradingRequest, scratch: URL, results: URL) -> [String] {
        var arguments = ["check", request.submission]
        if let tests = request.tests { arguments += ["--against", tests] }
        arguments += ["--timeout", "\(request.timeout)s", "--memory-limit", "\(Int((request.memoryBytes / 1e6).rounded()))",
                      "--max-steps", "\(request.totalSteps)"]
        if let seed = request.seed { arguments += ["--seed", "\(seed)"] }
        for folder in request.readableFolders { arguments += ["--read", folder] }
        arguments += ["--worker-report", results.path, "--worker-scratch", scratch.path]
        return arguments
    }

    /// Keeps the end of a long transcript (where errors are) within `GradeReport.outputLimit`.
    static func shortened(_ text: String, cut: Bool) -> String {
        var kept = text
        var note = cut ? "[only the first \(captureLimit / 1024) KB of output were read]\n" : ""
        if kept.count > GradeReport.outputLimit {
            note += "[the first \(kept.count - GradeReport.outputLimit) characters of output are left out]\n"
            kept = String(kept.suffix(GradeReport.outputLimit))
        }
        while kept.hasSuffix("\n") { kept.removeLast() }
        return note + kept
    }

    /// What a fatal signal most likely means for a grading worker, as a sentence.
    static func describe(signal: Int32, memoryBytes: Double) -> String {
        let allowed = Format.number((WorkerGuard.addressSpace(memoryBytes: memoryBytes) / 1e9 * 10).rounded() / 10)
        switch signal {
        case SIGKILL: return "the grading process was killed by the system, most likely for using too much memory"
        case SIGXCPU: return "the submission used more CPU time than the time limit allows"
        default:
            return "the grading process stopped abnormally (signal \(signal)), most likely because the submission "
                + "ran out of memory (about \(allowed) GB are allowed); if not, this is a bug in grad"
        }
    }
}
