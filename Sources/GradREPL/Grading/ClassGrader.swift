import Foundation
import GradLang
import GradSyntax

/// What `grad check --class` was asked to do.
public struct ClassRequest: Sendable {
    /// The folder of submissions: one subfolder per student, or one file each.
    public var folder: String
    /// Where `grades.csv`, `summary.md` and `feedback/` go.
    public var outputFolder: String
    /// How many submissions are graded at once, each in its own confined worker.
    public var jobs: Int
    /// The tests and the limits every submission is graded with (its `submission` is replaced).
    public var grading: GradingRequest

    /// Creates a request.
    public init(folder: String, outputFolder: String, jobs: Int, grading: GradingRequest) {
        self.folder = folder
        self.outputFolder = outputFolder
        self.jobs = jobs
        self.grading = grading
    }
}

/// One student's submission in a class folder.
struct ClassSubmission: Sendable {
    /// The student's id: the subfolder's name, or the file's name without its extension.
    var student: String
    /// The submitted file; nil when the student's folder holds no `.grad` or `.ipynb` file.
    var file: URL?
}

/// One student's grade, with how long the grading took.
struct StudentGrade: Sendable {
    var student: String
    var report: GradeReport
    var seconds: Double
}

/// `grad check --class`: grades every submission in a folder, several at once, each in the same confined
/// worker as a single `grad check` (its own process, time, memory and step limits), so a submission that
/// crashes, hangs or floods its output affects only its own row. Writes the grades CSV, one feedback file
/// per student and the class summary.
public enum ClassGrader {
    /// Grades the class and writes the results; returns 0 when the grades were written, 2 when grading
    /// could not run (unreadable tests or folder, an unwritable output folder).
    public static func run(_ request: ClassRequest, executable: String,
                           output: TextStream = StandardStream.output, errors: TextStream = StandardStream.error) -> Int32 {
        let declared: [DeclaredExpectation]
        switch Grader.prepare(request.grading) {
        case .success(let list): declared = list
        case .failure(let problem):
            errors.write("grad check: \(problem.message)\n")
            return ExitStatus.usage
        }
        let submissions: [ClassSubmission]
        do {
            submissions = try self.submissions(in: URL(fileURLWithPath: request.folder))
        } catch {
            errors.write("grad check: cannot read the class folder '\(request.folder)': \((error as NSError).localizedDescription)\n")
            return ExitStatus.usage
        }
        // An output folder that cannot be made is found before the class is graded, not after.
        let outputFolder = URL(fileURLWithPath: request.outputFolder)
        do {
            try FileManager.default.createDirectory(at: outputFolder.appendingPathComponent(ClassReport.feedbackFolder),
                                                    withIntermediateDirectories: true)
        } catch {
            errors.write(cannotWrite(request.outputFolder, error))
            return ExitStatus.usage
        }
        let started = Date()
        let grades = grade(submissions, request: request, declared: declared, executable: executable, output: output)
        let report = ClassReport(grades: grades, declared: declared, tests: request.grading.tests ?? "",
                                 seconds: Date().timeIntervalSince(started), jobs: request.jobs)
        do {
            try report.write(to: outputFolder)
        } catch {
            errors.write(cannotWrite(request.outputFolder, error))
            return ExitStatus.usage
        }
        output.write(report.summary() + "\n")
        output.write("wrote \(request.outputFolder)/\(ClassReport.gradesFile), \(request.outputFolder)/\(ClassReport.summaryFile) "
                     + "and \(grades.count) feedback files in \(request.outputFolder)/\(ClassReport.feedbackFolder)/\n")
        return ExitStatus.success
    }

    private static func cannotWrite(_ folder: String, _ error: Error) -> String {
        "grad check: cannot write the class results to '\(folder)': \((error as NSError).localizedDescription)\n"
    }

    /// The class folder's submissions, sorted by student: each subfolder is a student whose first `.grad`
    /// file (else `.ipynb`) is graded; each `.grad` or `.ipynb` file at the top is a student of its own.
    static func submissions(in folder: URL) throws -> [ClassSubmission] {
        let entries = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey],
                                                                 options: [.skipsHiddenFiles])
        var found: [ClassSubmission] = []
        for entry in entries.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            if (try? entry.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                let files = (try? FileManager.default.contentsOfDirectory(at: entry, includingPropertiesForKeys: nil,
                                                                          options: [.skipsHiddenFiles])) ?? []
                let file = SubmissionFile.extensions.lazy.compactMap { wanted in
                    files.filter { $0.pathExtension.lowercased() == wanted }.min { $0.lastPathComponent < $1.lastPathComponent }
                }.first
                found.append(ClassSubmission(student: entry.lastPathComponent, file: file))
            } else if SubmissionFile.extensions.contains(entry.pathExtension.lowercased()) {
                found.append(ClassSubmission(student: entry.deletingPathExtension().lastPathComponent, file: entry))
            }
        }
        return found
    }

    /// Grades `submissions` on `request.jobs` threads, each waiting on one worker process at a time;
    /// returns the grades in the submissions' order.
    static func grade(_ submissions: [ClassSubmission], request: ClassRequest, declared: [DeclaredExpectation],
                      executable: String, output: TextStream) -> [StudentGrade] {
        let supervisor = GradingSupervisor()
        let queue = ClassQueue(submissions)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(request.jobs, submissions.count)) {
            group.enter()
            Thread {
                defer { group.leave() }
                while let (index, submission) = queue.take() {
                    let grade = self.grade(submission, request: request, declared: declared,
                                           executable: executable, supervisor: supervisor)
                    queue.record(grade, at: index) { done in
                        output.write(progressLine(grade, done: done, of: submissions.count) + "\n")
                    }
                }
            }.start()
        }
        group.wait()
        return queue.grades
    }

    private static func grade(_ submission: ClassSubmission, request: ClassRequest, declared: [DeclaredExpectation],
                              executable: String, supervisor: GradingSupervisor) -> StudentGrade {
        var grading = request.grading
        grading.submission = submission.file?.path ?? URL(fileURLWithPath: request.folder).appendingPathComponent(submission.student).path
        let started = Date()
        let report: GradeReport
        do {
            report = try Grader.grade(grading, declared: declared, executable: executable, supervisor: supervisor)
        } catch {
            report = .failed(.crashed, message: "the submission could not be graded: \(error)", declared: declared,
                             request: grading, output: "")
        }
        return StudentGrade(student: submission.student, report: report, seconds: Date().timeIntervalSince(started))
    }

    private static func progressLine(_ grade: StudentGrade, done: Int, of total: Int) -> String {
        let status = grade.report.status == .graded ? "" : "  (\(grade.report.status.rawValue))"
        return "[\(done)/\(total)] \(grade.student): \(Format.number(grade.report.score))/\(Format.number(grade.report.maxScore))"
            + "\(status)  \(String(format: "%.1f", grade.seconds)) s"
    }
}

/// The class's submissions, handed out one at a time to the grading threads, and the grades they return.
private final class ClassQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let submissions: [ClassSubmission]
    private var next = 0
    private var results: [StudentGrade?]

    init(_ submissions: [ClassSubmission]) {
        self.submissions = submissions
        results = Array(repeating: nil, count: submissions.count)
    }

    /// The next submission to grade, with its position; nil when all have been handed out.
    func take() -> (Int, ClassSubmission)? {
        lock.withLock {
            guard next < submissions.count else { return nil }
            defer { next += 1 }
            return (next, submissions[next])
        }
    }

    /// Stores the grade of the submission at `index`, then calls `report` with how many are done (under
    /// the lock, so progress lines come out whole and in order).
    func record(_ grade: StudentGrade, at index: Int, report: (Int) -> Void) {
        lock.withLock {
            results[index] = grade
            report(results.count(where: { $0 != nil }))
        }
    }

    /// The grades, in the submissions' order.
    var grades: [StudentGrade] { lock.withLock { results.compactMap { $0 } } }
}
