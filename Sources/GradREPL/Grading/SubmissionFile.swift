import Crypto
import Foundation
import GradLang
import GradSyntax

/// A student's submission as the grader reads it: a `.grad` script, or a Jupyter notebook (`.ipynb`)
/// whose code cells, in order, are the program.
public enum SubmissionFile {
    /// The extensions a submission may have, in the order a folder's files are preferred.
    public static let extensions = ["grad", "ipynb"]

    /// The program in the file at `url`: the script's text, or a notebook's code cells joined in order
    /// (markdown and raw cells are the student's notes, not code).
    public static func program(at url: URL) throws -> String {
        guard url.pathExtension.lowercased() == "ipynb" else {
            switch SourceText.read(url) {
            case .success(let text): return text
            case .failure(let problem): throw SubmissionError("cannot run '\(url.path)': \(problem.reason)")
            }
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SubmissionError("cannot read '\(url.path)': \(error.localizedDescription)")
        }
        return try notebookProgram(data, name: url.path)
    }

    /// The code cells of notebook JSON `data` joined by newlines. nbformat 4 stores a cell's `source` as
    /// one string or as a list of lines that keep their own line ends.
    static func notebookProgram(_ data: Data, name: String) throws -> String {
        guard let notebook = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cells = notebook["cells"] as? [[String: Any]] else {
            throw SubmissionError("'\(name)' is not a Jupyter notebook (nbformat 4 JSON with a list of cells)")
        }
        var code: [String] = []
        for cell in cells where cell["cell_type"] as? String == "code" {
            var text: String
            switch cell["source"] {
            case let lines as [String]: text = lines.joined()
            case let whole as String: text = whole
            default: text = ""
            }
            while text.hasSuffix("\n") { text.removeLast() }
            code.append(text)
        }
        return code.joined(separator: "\n") + (code.isEmpty ? "" : "\n")
    }

    /// The SHA-256 of the file's bytes in lowercase hex, so a regrade dispute can show that the file
    /// graded is the one submitted; nil when it cannot be read.
    public static func sha256(at url: URL) -> String? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// A submission that cannot be read as a program.
struct SubmissionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
