#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GradCore
import GradLang
import GradSyntax

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
        let tests: String
        switch SourceText.read(URL(fileURLWithPath: testsPath)) {
        case .success(let contents): tests = contents
        case .failure(let problem): return .failure(Problem(message: "cannot read the tests '\(testsPath)': \(problem.reason)"))
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

        var environment = ProcessInfo.processInfo.environment
        // A crash's backtrace and register dump go to a file the teacher gets, not into the output
        // students see.
        let crashFolder = workspace.appendingPathComponent("crash")
        try FileManager.default.createDirectory(at: crashFolder, withIntermediateDirectories: true)
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,output-to=\(crashFolder.path)"
        let child = try ChildProcess(executable: executable, arguments: workerArguments(request, scratch: scratch, results: results),
                                     environment: environment, outputLimit: captureLimit)
        let ticket = supervisor.started(child, workspace: workspace)
        let ended = child.wait(timeout: request.timeout)
        // The worker may have ended because a signal's cleanup killed it: that handler is exiting with
        // 128 + the signal, and reporting a "crash" here first would race it to a wrong exit status.
        while supervisor.isStopping { sleep(1) }
        supervisor.finished(ticket)
        let raw = String(decoding: ended.output, as: UTF8.self)
        let transcript = shortened(withoutCrashReport(raw), cut: ended.truncated)
        func zero(_ status: GradeReport.Status, _ message: String) -> GradeReport {
            var report = GradeReport.failed(status, message: message, declared: declared, request: request, output: transcript)
            report.crashLog = crashLog(in: crashFolder, output: raw)
            return report
        }
        switch ended.ending {
        case .timedOut:
            return zero(.timeout, "the submission did not finish within \(Format.number(request.timeout)) s; it was stopped and scores 0")
        case .signaled(let signal):
            return zero(signal == SIGXCPU ? .timeout : .crashed,
                        "\(describe(signal: signal, memoryBytes: request.memoryBytes, output: raw)). The submission scores 0.")
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

    /// What a fatal signal most likely means for a grading worker, as a sentence; `output` is what the
    /// worker wrote (a stack overflow and a failed allocation each leave a line there).
    static func describe(signal: Int32, memoryBytes: Double, output: String = "") -> String {
        let allowed = Format.number((WorkerGuard.addressSpace(memoryBytes: memoryBytes) / 1e9 * 10).rounded() / 10)
        if output.contains(StackOverflowReport.marker) {
            return "the grading process overflowed its stack (the submission nests or recurses too deeply for grad's "
                + "checks, which is a bug in grad)"
        }
        if output.contains("Could not allocate memory") || output.contains("failed to allocate") {
            return "the submission ran out of memory (the worker may use about \(allowed) GB: the "
                + "\(Format.bytes(memoryBytes)) of --memory-limit plus room for the runtime)"
        }
        switch signal {
        case SIGKILL: return "the grading process was killed by the system, most likely for using too much memory"
        case SIGXCPU: return "the submission used more CPU time than the time limit allows"
        default:
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
            return "the grading process crashed (\(name), signal \(signal)); this is a bug in grad, and its crash "
                + "report is kept for the teacher"
        }
    }

    /// The worker's output without a crash report the Swift runtime printed into it (when it could not
    /// write to the crash folder): registers and addresses mean nothing to a student.
    static func withoutCrashReport(_ output: String) -> String {
        guard let start = crashReportStart(in: output) else { return output }
        return String(output[..<start]) + "[grad's crash report is left out here; the teacher has it]\n"
    }

    /// Where the line that opens the Swift runtime's crash report starts: "*** Signal 11: Backtracing…"
    /// when the report went to a file, "*** Program crashed: …" when it is printed here.
    private static func crashReportStart(in output: String) -> String.Index? {
        let markers = ["*** Signal ", "Program crashed:"].compactMap { output.range(of: $0)?.lowerBound }
        guard let marker = markers.min() else { return nil }
        return output[..<marker].lastIndex(of: "\n").map { output.index(after: $0) } ?? output.startIndex
    }

    /// The crash report for the teacher: the file the Swift runtime wrote into `folder`, or the part of
    /// `output` that `withoutCrashReport` left out; nil when there is none.
    static func crashLog(in folder: URL, output: String) -> String? {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        if let file = files.first, let data = try? FileReading.contents(of: file) {
            return String(decoding: data.prefix(GradeReport.outputLimit * 4), as: UTF8.self)
        }
        return crashReportStart(in: output).map { String(output[$0...]) }
    }
}
