import Foundation
import GradCore
import GradSyntax

/// `export grads`, and the flat table layout both exports share: one header row of column names, one
/// row per record, NaN as an empty CSV field or a JSON `null`, so `pandas.read_csv` / `read_json` read
/// the files without options.
extension Session {
    /// Writes every parameter's gradient from the latest step (as the optimizer used it: after clipping,
    /// when clipping is on), one row per entry, as CSV or JSON by the file's extension.
    public func exportGradients(to path: String, relativeTo directory: URL?) throws -> URL {
        let trainer = try requireTrainer()
        _ = try requireStatistics()
        let columns = ["layer", "name", "role", "row", "col", "gradient"]
        var rows: [[ExportCell]] = []
        for parameter in trainer.network.parameters {
            let gradient = parameter.gradient
            // Biases (and batch-norm γ, β) are vectors in PyTorch: one index, no column. A weight matrix
            // with one row (the output layer of a one-output net) stays a matrix, as in the state_dict.
            let isVector = trainer.network.isVectorParameter(parameter)
            for row in 0..<gradient.rows {
                for column in 0..<gradient.cols {
                    rows.append([
                        .number(Double(parameter.layer)), .text(parameter.name), .text(parameter.role.rawValue),
                        .number(Double(isVector ? column : row)), isVector ? .number(.nan) : .number(Double(column)),
                        .number(Double(gradient[row, column])),
                    ])
                }
            }
        }
        return try writeTable(columns: columns, rows: rows, to: path, relativeTo: directory)
    }

    /// Writes the data set as it was loaded or generated (every row, before `split`, `features` and
    /// `standardize`): its features under their names, then the target, `y` (the class name or index, or
    /// the value) or `y1`…`yN` for several outputs (a sequence task's target per step). The numbers are
    /// written exactly, so PyTorch or pandas can train on the very rows grad generated from its seed.
    public func exportData(to path: String, relativeTo directory: URL?) throws -> URL {
        guard let data = fullData else {
            throw SessionError(.noData, "there is no data to export", hint: "load data first, e.g. 'data adding 2560'")
        }
        let width = data.task.targetWidth, inputs = data.inputCount
        let targets = width == 1 ? ["y"] : (1...width).map { "y\($0)" }
        let rows = (0..<data.count).map { row -> [ExportCell] in
            let features = data.features[(row * inputs)..<((row + 1) * inputs)].map(ExportCell.number)
            let values = data.targets[(row * width)..<((row + 1) * width)]
            if let names = data.classNames, let label = values.first {
                return features + [.text(names[Int(label)])]
            }
            return features + values.map(ExportCell.number)
        }
        return try writeTable(columns: data.featureNames + targets, rows: rows, to: path, relativeTo: directory)
    }

    /// Writes `rows` under `columns` atomically, as CSV or JSON according to the extension.
    func writeTable(columns: [String], rows: [[ExportCell]], to path: String, relativeTo directory: URL?) throws -> URL {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        let text: String
        switch url.pathExtension.lowercased() {
        case "csv": text = ExportCell.csv(columns: columns, rows: rows)
        case "json": text = ExportCell.json(columns: columns, rows: rows)
        default: throw SessionError(.wrongFileExtension, "'\(path)' should end in .csv or .json so grad knows which format to write")
        }
        try FileWriting.write(text, to: url)
        return url
    }
}

/// One field of an exported table (also the grader's class grades).
public enum ExportCell: Sendable {
    case number(Double)
    case text(String)

    /// The table as CSV (RFC 4180 quoting), header first.
    public static func csv(columns: [String], rows: [[ExportCell]]) -> String {
        var lines = [columns.map { ExportCell.text($0).csvField }.joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows { lines.append(row.map(\.csvField).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A list of flat records, one per row, keys in column order.
    static func json(columns: [String], rows: [[ExportCell]]) -> String {
        let keys = columns.map { "\"\($0)\": " }
        let records = rows.map { row in
            "  {" + zip(keys, row).map { $0 + $1.jsonValue }.joined(separator: ", ") + "}"
        }
        return "[\n" + records.joined(separator: ",\n") + "\n]\n"
    }

    var csvField: String {
        switch self {
        case .number(let value):
            if value.isNaN { return "" }  // pandas reads an empty field as NaN
            if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"  // shortest round-trip form; "inf" and "-inf" read as ±∞
        case .text(let text):
            // Scalars, not Characters: "\r\n" is one Character that equals neither "\r" nor "\n".
            let needsQuotes = text.unicodeScalars.contains { ",\"\r\n".unicodeScalars.contains($0) }
            return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
    }

    var jsonValue: String {
        switch self {
        case .number(let value):
            guard value.isFinite else { return "null" }  // JSON has no NaN or ∞
            if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .text(let text):
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}
