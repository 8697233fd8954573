/// A user-facing problem with a data set: a bad generator argument, an unreadable or malformed CSV
/// file, or data that does not fit the task.
///
/// It is data, not text: `kind` is a stable identity the language can match on, and the location
/// fields (`file`, 1-based `line` where the header is line 1, 1-based `column` and its header name)
/// are filled in whenever they are known, so the language can render its own diagnostic.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, as a stable identity independent of the message wording.
    public enum Kind: String, Sendable, CaseIterable {
        /// A generator or method argument out of range (count, classes, noise, fraction, ...).
        case invalidArgument
        /// Arrays whose sizes do not agree with the declared shape of a data set.
        case shapeMismatch
        /// The file could not be read or decoded as UTF-8.
        case unreadableFile
        /// The file has no header or no data rows.
        case emptyFile
        /// The CSV text breaks quoting rules.
        case malformedCSV
        /// The named target column is not in the header.
        case missingTargetColumn
        /// The target column name appears more than once in the header.
        case duplicateTargetColumn
        /// A row has more or fewer fields than the header.
        case wrongFieldCount
        /// A cell that must be numeric is empty.
        case emptyCell
        /// A cell that must be numeric does not parse as a number.
        case notANumber
        /// A cell parses as NaN or ±infinity.
        case nonFiniteValue
    }

    /// The stable identity of the problem.
    public let kind: Kind
    /// The problem in one sentence, without location (the location is in the fields below).
    public let message: String
    /// The file name as the user gave it, when the data came from a file.
    public let file: String?
    /// 1-based line in the file; the header is line 1.
    public let line: Int?
    /// 1-based field index within the line.
    public let column: Int?
    /// The header name of `column`, when known.
    public let columnName: String?
    /// Extra help, e.g. the list of valid names.
    public let note: String?
    /// The names the user may have meant (a missing column's header), for a front end's did-you-mean.
    public let candidates: [String]

    /// An error with whatever location is known.
    public init(
        _ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil,
        column: Int? = nil, columnName: String? = nil, note: String? = nil, candidates: [String] = []
    ) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.note = note
        self.candidates = candidates
    }

    /// `located`, then `note: ...` on its own line when present.
    public var description: String { note.map { located + "\nnote: " + $0 } ?? located }

    /// The message with where it happened: `file:line:column: message (column "name")`, as compilers
    /// locate an error.
    public var located: String {
        var location: String?
        if let file {
            location = [file, line.map(String.init), line == nil ? nil : column.map(String.init)]
                .compactMap { $0 }.joined(separator: ":")
        } else if let line {
            location = "line \(line)" + (column.map { ", column \($0)" } ?? "")
        }
        let named = columnName.map { " (column \"\($0)\")" } ?? ""
        return (location.map { $0 + ": " } ?? "") + message + named
    }

    /// Shorthand for the generators' and methods' argument checks.
    static func invalid(_ message: String, note: String? = nil) -> DataError {
        DataError(.invalidArgument, message, note: note)
    }
}
