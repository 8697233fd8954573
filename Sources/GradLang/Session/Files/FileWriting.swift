import Foundation
import GradCore
import GradSyntax

/// The one way the language writes a file (`export`, `report`, `save session`; `save` goes through
/// `ModelFile`, which uses the same `AtomicFile`): complete or not at all, and a failure becomes a
/// `SessionError` that names the path, the system's reason and what to do, leaving the session as it was.
enum FileWriting {
    /// Writes `text` to `url` atomically.
    static func write(_ text: String, to url: URL) throws {
        do {
            try AtomicFile.write(Data(text.utf8), to: url)
        } catch let error as AtomicFileError {
            throw SessionError(.fileError, error.description, hint: hint(for: error.reason, at: url))
        }
    }

    /// What to do about a failed write to `url`, from the system's reason (strerror's wording).
    static func hint(for reason: String, at url: URL) -> String {
        let folder = url.deletingLastPathComponent().path
        return switch reason {
        case "No such file or directory" where FileManager.default.fileExists(atPath: folder):
            // /proc and similar system folders exist but refuse new files with this same error.
            "the folder '\(folder)' exists but does not take new files; write elsewhere"
        case "No such file or directory": "the folder '\(folder)' does not exist; create it first or write elsewhere"
        case "Not a directory": "part of the path is a file, not a folder"
        case "Permission denied", "Read-only file system", "Operation not permitted":
            "choose a folder you may write to"
        case "No space left on device", "Disk quota exceeded": "free some space or write to another disk"
        default: "check that the folder exists and is writable"
        }
    }
}
