import Foundation
import GradSyntax

/// `report "run.html"`: writes the HTML report atomically.
extension Report {
    /// Writes the report on `session` to `path` (relative to `directory`); a reader never sees a half-written file.
    static func write(_ session: Session, to path: String, relativeTo directory: URL?) throws -> URL {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        guard ["html", "htm"].contains(url.pathExtension.lowercased()) else {
            throw SessionError(.wrongFileExtension, "'\(path)' should end in .html: the report is a web page")
        }
        guard session.trainer != nil else {
            throw SessionError(.noNetwork, "there is no network to report on", hint: "create one and train it, e.g. 'net dense 5x32 relu init he; train 5'")
        }
        try FileWriting.write(html(for: session), to: url)
        return url
    }
}
