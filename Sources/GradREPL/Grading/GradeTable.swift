import Foundation
import GradLang
import GradSyntax

/// The grade as the terminal shows it: a heading, why the score is zero if it is, one row per
/// expectation (result, points, message, values) and the total.
///
/// Students see the public tests only: hidden tests are counted with their points, never shown. The
/// teacher sees every row with `showHidden` (`grad check --show-hidden`, and class feedback).
enum GradeTable {
    /// Messages longer than this are cut in the table (the JSON keeps them whole).
    static let nameWidth = 48

    /// The lines to print for `report`.
    static func lines(_ report: GradeReport, showHidden: Bool = false) -> [String] {
        var lines = ["grading \(report.submission)" + (report.tests.map { " against \($0)" } ?? " by its own expect lines")]
        if !report.message.isEmpty { lines += report.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        if let error = report.testsError(showHidden: showHidden) { lines += error.split(separator: "\n").map(String.init) }
        guard !report.expectations.isEmpty else {
            lines.append(report.status == .graded ? "there are no expect lines to grade" : "score: 0")
            return lines
        }
        let hidden = report.hiddenExpectations
        guard showHidden || hidden.isEmpty else {
            let shown = report.publicExpectations
            if !shown.isEmpty { lines += rows(shown, showVisibility: false) }
            let earned = shown.map(\.points).reduce(0, +), total = shown.map(\.maxPoints).reduce(0, +)
            lines.append("public tests: \(Format.number(earned))/\(Format.number(total))" + percent(earned, total))
            lines.append(hiddenNote(report))
            return lines
        }
        lines += rows(report.expectations, showVisibility: !hidden.isEmpty)
        lines.append("score: \(Format.number(report.score))/\(Format.number(report.maxScore))" + percent(report.score, report.maxScore))
        return lines
    }

    /// How many tests students cannot see and what they carry, without their content.
    static func hiddenNote(_ report: GradeReport) -> String {
        let hidden = report.hiddenExpectations
        guard !hidden.isEmpty else { return "there are no hidden tests" }
        let points = Format.number(hidden.map(\.maxPoints).reduce(0, +))
        return "hidden tests: \(hidden.count) worth \(points) point\(points == "1" ? "" : "s"), graded by the autograder "
            + "(their results are not shown here)"
    }

    private static func percent(_ earned: Double, _ total: Double) -> String {
        total > 0 ? " (\(Format.percent(earned / total)))" : ""
    }

    /// The table of `entries`: a heading, a rule and one row each; with `showVisibility`, each hidden
    /// test's message is followed by its visibility word.
    private static func rows(_ entries: [GradeReport.Entry], showVisibility: Bool) -> [String] {
        var lines: [String] = []
        let names = entries.map { entry in
            let name = entry.name.count > nameWidth ? String(entry.name.prefix(nameWidth - 1)) + "…" : entry.name
            return showVisibility && !entry.visibility.isPublic ? "\(name) [\(entry.visibility.rawValue)]" : name
        }
        let points = entries.map { "\(Format.number($0.points))/\(Format.number($0.maxPoints))" }
        let numberWidth = max(1, String(entries.count).count)
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
        for (index, entry) in entries.enumerated() {
            lines.append(row("\(index + 1)", entry.passed ? "pass" : "FAIL", points[index], names[index], entry.values))
        }
        return lines
    }
}
