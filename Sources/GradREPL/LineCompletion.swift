import Foundation

/// Tab-completion candidates for the REPL. The language knows command words, keywords and variable names;
/// this adds the one thing it leaves to the program: file names inside an open string (`load "ru<TAB>`).
public struct LineCompletion {
    /// Lists a directory's entries as (name, isDirectory); injectable so tests need no real files.
    public typealias DirectoryLister = (_ directory: String) -> [(name: String, isDirectory: Bool)]

    private let languageCandidates: (_ line: String, _ cursor: Int) -> [String]
    private let listDirectory: DirectoryLister

    /// Completes language words through `session` and file names through the real file system.
    public init(session: LanguageSession) {
        self.init(languageCandidates: { [weak session] line, cursor in
            session?.completions(for: line, cursor: cursor) ?? []
        }, listDirectory: LineCompletion.listFileSystemDirectory)
    }

    /// Completes language words through `languageCandidates` and file names through `listDirectory`.
    public init(languageCandidates: @escaping (_ line: String, _ cursor: Int) -> [String],
                listDirectory: @escaping DirectoryLister) {
        self.languageCandidates = languageCandidates
        self.listDirectory = listDirectory
    }

    /// The word being completed: inside an open string it starts after the quote (so it may contain
    /// spaces and slashes); elsewhere it is the run of non-blank characters before the cursor.
    public static func word(in line: String, cursor: Int) -> (text: String, insideString: Bool) {
        let before = String(line.prefix(max(0, cursor)))
        if let quote = openQuote(in: before) {
            return (String(before[before.index(after: quote)...]), true)
        }
        return (String(before.reversed().prefix { !$0.isWhitespace }.reversed()), false)
    }

    /// The candidates for the word at `cursor` (a character offset into `line`), each a whole word that
    /// replaces it; file names inside a string, language words elsewhere. Sorted, without duplicates.
    public func candidates(line: String, cursor: Int) -> [String] {
        let (word, insideString) = Self.word(in: line, cursor: cursor)
        let found = insideString ? fileNames(completing: word) : languageCandidates(line, cursor)
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }.sorted()
    }

    /// Paths that extend `partial`: `runs/m` lists `runs/` for names starting with `m`. Directories end
    /// in `/` so the next Tab descends into them; hidden files appear only once `.` is typed.
    public func fileNames(completing partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let directoryPart = slash.map { String(partial[...$0]) } ?? ""
        let namePrefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        return listDirectory(directoryPart.isEmpty ? "." : directoryPart)
            .filter { $0.name.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .map { directoryPart + $0.name + ($0.isDirectory ? "/" : "") }
    }

    /// The index of the quote that opens a still-unterminated string in `text`, honouring `\"` escapes.
    private static func openQuote(in text: String) -> String.Index? {
        var open: String.Index?
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && open != nil {
                escaped = true
            } else if character == "\"" {
                open = open == nil ? index : nil
            } else if character == "#" && open == nil {
                return nil  // the rest is a comment
            }
        }
        return open
    }

    private static func listFileSystemDirectory(_ directory: String) -> [(name: String, isDirectory: Bool)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.map { name in
            var isDirectory: ObjCBool = false
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return (name, isDirectory.boolValue)
        }
    }
}
