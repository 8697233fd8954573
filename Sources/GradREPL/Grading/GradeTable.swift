import Foundation
import GradLang

/// The grade as the terminal shows it: a heading, why the score is zero if it is, one row per
/// expectation (result, points, message, values) and the total.
enum GradeTable {
    /// Messages longer than this are cut in the table (the JSON keeps them whole).
    static let nameWidth = 48

    /// The lines to print for `report`.
    static func lines(_ report: GradeReport) -> [String] {
        var lines = ["grading \(report.submission)" + (report.tests.map { " against \($0)" } ?? " by its own expect lines")]
        if !report.message.isEmpty { lines += report.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        guard !report.expectations.isEmpty else {
            lines.append(report.status == .graded ? "there are no expect lines to grade" : "score: 0")
            return lines
        }
        let names = report.expectations.map { $0.name.count > nameWidth ? String($0.name.prefix(nameWidth - 1)) + "…" : $0.name }
        let points = report.expectations.map { "\(Format.number($0.points))/\(Format.number($0.maxPoints))" }
        let numberWidth = max(1, String(report.expectations.count).count)
        let nameColumn = max("expectation".count, names.map(\.count).max() ?? 0)
        let pointsColumn = max("points".count, points.map(\.count).max() ?? 0)
        func row(_ number: String, _ result: String, _ points: String, _ name: String, _ values: String) -> String {
            let cells = [
                String(repeating: " ", count: numberWidth - number.count) + number,
                result.padding(toLength: 6, withPad: " ", startingAt: 0),
                String(repeating: " ", count: pointsColumn - points.count) + points,
                name.padding(toLength: nameColumn, withPad: " ", startingAt: 0),
                values,
            ]
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
        lines.append(row("#", "result", "points", "expectation", "values"))
        lines.append(row(String(repeating: "-", count: numberWidth), "------", String(repeating: "-", count: pointsColumn),
                         String(repeating: "-", count: nameColumn), "------"))
        for (index, entry) in report.expectations.enumerated() {
            lines.append(row("\(index + 1)", entry.passed ? "pass" : "FAIL", points[index], names[index], entry.values))
        }
        let percent = report.maxScore > 0 ? " (\(Format.percent(report.score / report.maxScore)))" : ""
        lines.append("score: \(Format.number(report.score))/\(Format.number(report.maxScore))\(percent)")
        return lines
    }
}
