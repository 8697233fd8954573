import Foundation
import SwiftCSV

/// How to read the target column of a CSV file.
public enum CSVTargetKind: String, Sendable, CaseIterable {
    /// Text labels or small whole numbers (0 to 19) → classification, other numbers → regression; a
    /// column mixing numbers and text is an error (most likely a typo in a numeric column) unless
    /// classification is asked for.
    case automatic
    /// Every distinct value is a class, whether the cells are numbers or text.
    case classification
    /// Every cell must be a finite number.
    case regression
}

extension Dataset {
    /// Loads a CSV file whose first line is a header: the column named `target` gives the targets and
    /// every other column is a numeric feature.
    ///
    /// Class names are sorted — numerically when every label is a number (so labels 0, 1, 2 keep their
    /// indices), otherwise as strings — so class indices do not depend on row order. Blank lines are
    /// skipped; cells are trimmed of surrounding spaces. Every error names the file, the 1-based line
    /// (the header is line 1) and, for a bad cell, its column.
    public init(
        csvFile path: String, target: String, as kind: CSVTargetKind = .automatic, delimiter: Character = ","
    ) throws {
        let data: Data
        do {
            data = try FileReading.contents(of: URL(fileURLWithPath: path))
        } catch {
            throw DataError(.unreadableFile, error.reason, file: path)
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw DataError(.unreadableFile, "it is not UTF-8 text", file: path)
        }
        try self.init(csvText: text, fileName: path, target: target, as: kind, delimiter: delimiter)
    }

    /// Parses CSV `text` as `init(csvFile:...)` does; `fileName` is used in errors and for the data set's name.
    public init(
        csvText text: String, fileName: String = "<csv>", target: String, as kind: CSVTargetKind = .automatic,
        delimiter: Character = ","
    ) throws {
        guard delimiter != "\"" && !delimiter.isNewline else {
            throw DataError.invalid("a CSV delimiter cannot be a quote or a line break")
        }
        let table = try CSVTable(text: text, fileName: fileName, delimiter: delimiter)
        let header = table.header
        let matches = header.indices.filter { header[$0] == target }
        guard let targetColumn = matches.first else {
            throw DataError(.missingTargetColumn, "no column named \"\(target)\" in the header",
                            file: fileName, line: 1,
                            note: "the columns are: " + header.map { "\"\($0)\"" }.joined(separator: ", "),
                            candidates: header)
        }
        guard matches.count == 1 else {
            throw DataError(.duplicateTargetColumn,
                            "the header names \"\(target)\" in columns \(matches.map { "\($0 + 1)" }.joined(separator: ", "))",
                            file: fileName, line: 1, column: matches[1] + 1, columnName: target)
        }
        guard header.count >= 2 else {
            throw DataError(.emptyFile, "the file has no feature columns besides the target \"\(target)\"",
                            file: fileName, line: 1)
        }

        // Features and numeric targets are read in one pass so the first bad cell reported is the
        // first in the file.
        let interpretation = try table.interpretation(ofColumn: targetColumn, as: kind)
        let featureColumns = header.indices.filter { $0 != targetColumn }
        var features: [Double] = []
        var values: [Double] = []
        features.reserveCapacity(table.rows.count * featureColumns.count)
        for row in table.rows {
            for column in featureColumns { features.append(try table.number(in: row, column: column)) }
            if case .values = interpretation { values.append(try table.number(in: row, column: targetColumn)) }
        }

        let targetTask: Task
        let targets: [Double]
        let classNames: [String]?
        switch interpretation {
        case .values:
            targets = values
            targetTask = .regression(outputs: 1)
            classNames = nil
        case .labels(let names, let indices):
            targets = indices.map(Double.init)
            targetTask = .classification(classes: names.count)
            classNames = names
        }

        let baseName = URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent
        self.init(trusted: baseName, task: targetTask, inputCount: featureColumns.count, features: features,
                  targets: targets, featureNames: featureColumns.map { header[$0] }, classNames: classNames)
    }
}

/// A parsed CSV file: trimmed header names and the non-blank data rows, each with the line it starts
/// on, after checking every row has as many fields as the header.
struct CSVTable {
    struct Row {
        let line: Int
        let fields: [String]
    }

    /// What the target column turned out to hold.
    enum TargetColumn {
        case values
        /// Sorted class names and the class index of each row.
        case labels([String], [Int])
    }

    let fileName: String
    let header: [String]
    let rows: [Row]

    init(text: String, fileName: String, delimiter: Character) throws {
        self.fileName = fileName
        let csv: CSV<Enumerated>
        do {
            // rowLimit 0: SwiftCSV parses only the header here; the rows come from the enumeration below,
            // which (unlike `csv.rows`) does not pad short rows, so wrong field counts stay visible.
            csv = try CSV<Enumerated>(string: text, delimiter: .character(delimiter), loadColumns: false, rowLimit: 0)
        } catch {
            throw DataError(.malformedCSV, "bad quoting in the header: \(Self.reason(error))", file: fileName, line: 1)
        }
        header = csv.header.map(Self.trimmed)
        guard !(header.isEmpty || header == [""]) else {
            throw DataError(.emptyFile, "the file is empty (expected a header line naming the columns)", file: fileName)
        }

        // A quoted field may span lines, so each row's line is the previous row's plus one plus the
        // line breaks inside its fields (SwiftCSV treats "\r\n" as one line break, as Character does).
        func lineBreaks(_ fields: [String]) -> Int { fields.reduce(0) { $0 + $1.filter(\.isNewline).count } }
        var nextLine = 2 + lineBreaks(csv.header)
        var parsed: [Row] = []
        do {
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { fields in
                parsed.append(Row(line: nextLine, fields: fields))
                nextLine += 1 + lineBreaks(fields)
            }
        } catch {
            throw DataError(.malformedCSV, "bad quoting: \(Self.reason(error))", file: fileName, line: nextLine)
        }

        let expected = header.count
        rows = try parsed.filter { $0.fields != [""] }.map { row in
            guard row.fields.count == expected else {
                throw DataError(.wrongFieldCount,
                                "expected \(expected) fields as in the header, found \(row.fields.count)",
                                file: fileName, line: row.line)
            }
            return Row(line: row.line, fields: row.fields.map(Self.trimmed))
        }
        guard !rows.isEmpty else {
            throw DataError(.emptyFile, "the file has a header but no data rows", file: fileName, line: 1)
        }
    }

    /// The finite number in `column` of `row`, or an error naming the line and column.
    func number(in row: Row, column: Int) throws -> Double {
        let cell = row.fields[column]
        func failure(_ kind: DataError.Kind, _ message: String) -> DataError {
            DataError(kind, message, file: fileName, line: row.line, column: column + 1, columnName: header[column])
        }
        guard !cell.isEmpty else { throw failure(.emptyCell, "empty cell where a number is expected") }
        guard let value = Double(cell) else { throw failure(.notANumber, "expected a number, found \"\(cell)\"") }
        guard value.isFinite else { throw failure(.nonFiniteValue, "\"\(cell)\" is not a finite number") }
        return value
    }

    /// Decides between values and labels for the target column (see `CSVTargetKind`).
    func interpretation(ofColumn column: Int, as kind: CSVTargetKind) throws -> TargetColumn {
        let cells = rows.map { $0.fields[column] }
        let numbers = cells.map { Double($0).flatMap { $0.isFinite ? $0 : nil } }
        let numericCount = numbers.filter { $0 != nil }.count
        switch kind {
        case .regression:
            return .values
        case .automatic where numericCount == cells.count && !Self.areClassLabels(numbers.compactMap { $0 }):
            return .values
        case .automatic where numericCount > 0 && numericCount < cells.count:
            // Numbers mixed with text is more likely a typo than a label column: report the first text
            // cell rather than guess.
            let bad = rows[numbers.firstIndex(of: nil) ?? 0]
            throw DataError(.notANumber, "expected a number, found \"\(bad.fields[column])\"",
                            file: fileName, line: bad.line, column: column + 1, columnName: header[column],
                            note: "the target column mixes numbers and text; load it as classification to treat every value as a label")
        case .automatic, .classification:
            if let blank = rows.first(where: { $0.fields[column].isEmpty }) {
                throw DataError(.emptyCell, "empty class label", file: fileName, line: blank.line,
                                column: column + 1, columnName: header[column])
            }
            if numericCount == cells.count {
                // Numeric labels: classes ordered by value, named by their shortest spelling.
                let values = numbers.compactMap { $0 }
                let classes = Array(Set(values)).sorted()
                let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
                return .labels(classes.map(Self.label(for:)), values.map { index[$0] ?? 0 })
            }
            let classes = Array(Set(cells)).sorted()
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            return .labels(classes, cells.map { index[$0] ?? 0 })
        }
    }

    /// The most classes automatic detection reads from whole numbers (0 to 19): a target of 0/1/2 is
    /// class labels, as in scikit-learn's `type_of_target`; a wider range is more likely a quantity.
    static let maximumAutomaticClasses = 20

    /// True when every value is a whole number from 0 to `maximumAutomaticClasses - 1` and there are at
    /// least two of them: small class indices, as exported from pandas or scikit-learn.
    static func areClassLabels(_ values: [Double]) -> Bool {
        guard values.allSatisfy({ $0 == $0.rounded() && $0 >= 0 && $0 < Double(maximumAutomaticClasses) }) else { return false }
        return Set(values).count >= 2
    }

    /// "3" for 3.0, "0.5" for 0.5: integral labels read as the integers they are.
    static func label(for value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }

    static func reason(_ error: Error) -> String {
        switch error {
        case CSVParseError.generic(let message), CSVParseError.quotation(let message): return message
        default: return String(describing: error)
        }
    }
}
