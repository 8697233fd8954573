import Foundation
import GradLang
import GradSyntax

/// A class's grades as files: `grades.csv` in nbgrader's column layout, one Markdown feedback file per
/// student, and `summary.md` (score histogram, each test's pass rate, the slowest and the failed
/// submissions).
struct ClassReport {
    var grades: [StudentGrade]
    /// The tests' expectations, in order: one CSV column each.
    var declared: [DeclaredExpectation]
    var tests: String
    /// Wall-clock seconds for the whole class.
    var seconds: Double
    var jobs: Int

    static let gradesFile = "grades.csv"
    static let summaryFile = "summary.md"
    static let feedbackFolder = "feedback"
    /// How many of the slowest submissions the summary lists.
    static let slowestShown = 5

    /// `nbgrader export`'s columns, in its order; grad fills those it knows.
    static let nbgraderColumns = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                                  "raw_score", "late_submission_penalty", "score", "max_score"]

    /// Writes the three kinds of file into `folder`, each atomically.
    func write(to folder: URL) throws {
        let feedback = folder.appendingPathComponent(Self.feedbackFolder)
        try FileManager.default.createDirectory(at: feedback, withIntermediateDirectories: true)
        try Data(csv().utf8).write(to: folder.appendingPathComponent(Self.gradesFile), options: .atomic)
        try Data(summary().utf8).write(to: folder.appendingPathComponent(Self.summaryFile), options: .atomic)
        for grade in grades {
            try Data(Self.feedback(grade).utf8).write(to: feedback.appendingPathComponent("\(grade.student).md"), options: .atomic)
        }
    }

    /// The assignment's name: the folder of the tests file (`hw1/autograder/tests.grad` → `hw1`).
    var assignment: String {
        var folder = URL(fileURLWithPath: tests).deletingLastPathComponent()
        if folder.lastPathComponent == "autograder" { folder.deleteLastPathComponent() }
        return folder.lastPathComponent
    }

    /// One row per student: nbgrader's columns, then grad's `status`, then the points of each test.
    func csv() -> String {
        let testColumns = declared.enumerated().map { "\($0.offset + 1). \($0.element.message)" }
        let rows: [[ExportCell]] = grades.map { grade in
            let report = grade.report
            let known: [String: ExportCell] = [
                "assignment": .text(assignment), "student_id": .text(grade.student), "raw_score": .number(report.score),
                "late_submission_penalty": .number(0), "score": .number(report.score), "max_score": .number(report.maxScore),
            ]
            let perTest = declared.map { test in
                ExportCell.number(report.expectations.filter { $0.location == test.location }.map(\.points).reduce(0, +))
            }
            return Self.nbgraderColumns.map { known[$0] ?? .text("") } + [.text(report.status.rawValue)] + perTest
        }
        return ExportCell.csv(columns: Self.nbgraderColumns + ["status"] + testColumns, rows: rows)
    }

    /// The class at a glance, as Markdown.
    func summary() -> String {
        let rate = seconds > 0 ? Double(grades.count) / seconds : 0
        var lines = ["# \(assignment): \(grades.count) submission\(grades.count == 1 ? "" : "s") graded against \(tests)", "",
                     "Graded in \(String(format: "%.1f", seconds)) s with \(jobs) job\(jobs == 1 ? "" : "s") "
                        + "(\(String(format: "%.2f", rate)) submissions per second).", ""]
        lines += ["## Scores", ""] + histogram() + [""]
        lines += ["## Tests", "", "| # | test | points | passed |", "|---|---|---|---|"]
        for (index, test) in declared.enumerated() {
            let entries = grades.flatMap { $0.report.expectations.filter { $0.location == test.location } }
            let passed = entries.filter(\.passed).count
            let share = entries.isEmpty ? "-" : "\(passed)/\(entries.count) (\(Format.percent(Double(passed) / Double(entries.count))))"
            lines.append("| \(index + 1) | \(Self.cell(test.message)) | \(Format.number(test.points)) | \(share) |")
        }
        lines += ["", "## Slowest", ""]
        for grade in grades.sorted(by: { $0.seconds > $1.seconds }).prefix(Self.slowestShown) {
            lines.append("- \(grade.student): \(String(format: "%.1f", grade.seconds)) s (\(grade.report.status.rawValue))")
        }
        let failed = grades.filter { $0.report.status != .graded }
        lines += ["", "## Failed (\(failed.count))", ""]
        lines += failed.isEmpty ? ["Every submission ran to the end."] : failed.map { grade in
            "- \(grade.student) (\(grade.report.status.rawValue)): \(Self.reason(grade.report.message))"
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Scores as a share of the maximum in ten bins (the last includes full marks), as text bars.
    func histogram() -> [String] {
        var counts = [Int](repeating: 0, count: 10)
        for grade in grades {
            let share = grade.report.maxScore > 0 ? grade.report.score / grade.report.maxScore : 0
            counts[min(9, Int(share * 10))] += 1
        }
        let widest = max(1, counts.max() ?? 1)
        var lines = ["```"]
        for (bin, count) in counts.enumerated().reversed() {
            let range = "\(bin * 10)-\(bin * 10 + 10)%"
            let label = String(repeating: " ", count: max(0, 8 - range.count)) + range
            let bar = String(repeating: "#", count: (count * 40 + widest - 1) / widest)
            lines.append("\(label) | \(bar) \(count)")
        }
        lines.append("```")
        return lines
    }

    /// A student's feedback: the score, why it is zero if it is, and each test. Tests marked `hidden`
    /// (never shown to students on Gradescope) are counted only; the rest are shown with their values.
    static func feedback(_ grade: StudentGrade) -> String {
        let report = grade.report
        let percent = report.maxScore > 0 ? " (\(Format.percent(report.score / report.maxScore)))" : ""
        var lines = ["# Feedback for \(grade.student)", "",
                     "Submission `\(report.submission)`: **\(Format.number(report.score))/\(Format.number(report.maxScore))**\(percent).", ""]
        if !report.message.isEmpty { lines += ["```", report.message, "```", ""] }
        let shown = report.expectations.filter { $0.visibility != .hidden }
        if !shown.isEmpty {
            lines += ["| # | result | points | test | values |", "|---|---|---|---|---|"]
            for (index, entry) in shown.enumerated() {
                lines.append("| \(index + 1) | \(entry.passed ? "pass" : "FAIL") | \(Format.number(entry.points))/\(Format.number(entry.maxPoints)) "
                             + "| \(cell(entry.name)) | \(cell(entry.values)) |")
            }
            lines.append("")
        }
        let hidden = report.expectations.filter { $0.visibility == .hidden }
        if !hidden.isEmpty {
            lines.append("Hidden tests: \(hidden.filter(\.passed).count) of \(hidden.count) passed, "
                         + "\(Format.number(hidden.map(\.points).reduce(0, +)))/\(Format.number(hidden.map(\.maxPoints).reduce(0, +))) points.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A zero's reason in one line: the first line, and when it introduces the error ("…, so it scores
    /// 0:"), the error's own first line after it.
    static func reason(_ message: String) -> String {
        let lines = message.split(separator: "\n").map(String.init)
        guard let first = lines.first else { return "" }
        return first.hasSuffix(":") && lines.count > 1 ? first + " " + lines[1] : first
    }

    /// Text safe inside a Markdown table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
