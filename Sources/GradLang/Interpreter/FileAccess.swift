import Foundation
import GradSyntax

/// Where a script may read and write files.
///
/// A person's own script may touch any file, with relative paths resolved against the script's folder.
/// The grader runs untrusted submissions, so it confines them: every read (`include`, `data csv`,
/// `load`) must stay inside a few folders (the submission's own and a scratch folder), and every write
/// (`save`, `export`) goes to the scratch folder, so a submission can neither read the hidden tests nor
/// leave files anywhere else.
public struct FileAccess: Sendable, Equatable {
    /// Folders reads must stay inside; nil means anywhere.
    public var readableFolders: [URL]?
    /// The folder writes go to and must stay inside; nil means anywhere, relative to the script.
    public var writableFolder: URL?

    /// Creates a policy; both nil is `unrestricted`.
    public init(readableFolders: [URL]? = nil, writableFolder: URL? = nil) {
        self.readableFolders = readableFolders
        self.writableFolder = writableFolder
    }

    /// Any file, relative paths against the script's folder: how a person runs their own scripts.
    public static let unrestricted = FileAccess()

    /// Reads inside `readable` (and `scratch`), writes inside `scratch`: how the grader runs a submission.
    public static func confined(reading readable: [URL], scratch: URL) -> FileAccess {
        FileAccess(readableFolders: readable + [scratch], writableFolder: scratch)
    }

    /// The file a script at `directory` means by `path` when it reads, or the reason it may not read it.
    ///
    /// When confined, a relative path that does not exist beside the script but does in the scratch
    /// folder means the scratch copy, so `save "m.json"` followed by `load "m.json"` works.
    public func readableURL(_ path: String, relativeTo directory: URL?) throws -> URL {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        guard let folders = readableFolders else { return url }
        var candidate = url
        if let scratch = writableFolder, !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: url.path) {
            let inScratch = URL(fileURLWithPath: path, relativeTo: scratch)
            if FileManager.default.fileExists(atPath: inScratch.path) { candidate = inScratch }
        }
        guard folders.contains(where: { Self.isInside(candidate, $0) }) else {
            throw SessionError(
                .fileAccessDenied, "'\(path)' is outside the folders this script may read",
                hint: "a graded submission may only read files in its own folder")
        }
        return candidate
    }

    /// The file a script at `directory` means by `path` when it writes, or the reason it may not write it.
    ///
    /// When confined, relative paths resolve against the scratch folder (not the script's), and the
    /// result keeps the path as written in `relativePath`, so messages show the name the script used.
    public func writableURL(_ path: String, relativeTo directory: URL?) throws -> URL {
        guard let scratch = writableFolder else { return URL(fileURLWithPath: path, relativeTo: directory) }
        let url = URL(fileURLWithPath: path, relativeTo: scratch)
        guard Self.isInside(url, scratch) else {
            throw SessionError(
                .fileAccessDenied, "'\(path)' is outside the folder this script may write to",
                hint: "a graded submission writes files only into its scratch folder; use a plain name like \"model.json\"")
        }
        return url
    }

    /// Whether `url` lies inside `folder` once `..` and symbolic links are resolved on both sides.
    static func isInside(_ url: URL, _ folder: URL) -> Bool {
        let root = resolved(folder).pathComponents
        let path = resolved(url).pathComponents
        return path.count > root.count && Array(path.prefix(root.count)) == root
    }

    /// The absolute path with `.`/`..` removed and symbolic links followed as far as the file exists
    /// (a file about to be written does not exist yet, but its folder may be a link).
    private static func resolved(_ url: URL) -> URL {
        let standard = url.absoluteURL.standardizedFileURL
        var existing = standard
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.pathComponents.count > 1 {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath()
        for component in missing { result.appendPathComponent(component) }
        return result.standardizedFileURL
    }
}
