import GradLang
import GradSyntax

/// One assignment written as a single file: the task, the reference solution and the tests side by side,
/// in the spirit of otter-grader's master notebooks. Markers are comments, so the master file is itself a
/// program (the solution, followed by the tests) that runs as it is:
///
/// - `# BEGIN SOLUTION` … `# END SOLUTION`: lines only the solution has. The starter gets
///   `# TODO: write your solution here` instead, or the starter block that follows right after.
/// - `CODE  # SOLUTION`: one solution-only line (consecutive ones form one region).
/// - `# BEGIN STARTER` … `# END STARTER`: commented-out lines only the starter has, uncommented there
///   (`# net dense 20x64 sigmoid` becomes `net dense 20x64 sigmoid`; `# # TODO` becomes `# TODO`).
/// - `# BEGIN TESTS` … `# END TESTS`: the tests, run after the submission in its session. The public
///   tests file keeps the visible tests and reduces each hidden one to its points, so students can run
///   the public tests and know what else is at stake.
public struct MasterFile: Equatable, Sendable {
    /// What students start from.
    public var starter: String
    /// The reference solution: the master without markers, starter lines or tests.
    public var solution: String
    /// The tests students get: visible tests as written, hidden tests reduced to placeholders.
    public var publicTests: String
    /// Every test, for the autograder.
    public var tests: String

    /// The placeholder that stands for a solution region in the starter.
    public static let todo = "# TODO: write your solution here"

    /// Splits master-file `text` (named `name` in errors) into the four files.
    public static func split(_ text: String, name: String) throws -> MasterFile {
        var scanner = MasterScanner(name: name)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try scanner.take(String(line), number: index + 1)
        }
        try scanner.finish()
        let tests = join(scanner.tests)
        return MasterFile(starter: join(scanner.starter), solution: join(scanner.solution),
                          publicTests: try publicVersion(of: tests, name: name), tests: tests)
    }

    /// Lines as a file: joined by newlines, ending with exactly one.
    private static func join(_ lines: [String]) -> String {
        var lines = lines
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// `tests` with every hidden `expect` line replaced by `expect false "hidden test N" points P WORD`:
    /// it never passes locally and says nothing of the test but its points and visibility.
    static func publicVersion(of tests: String, name: String) throws -> String {
        let declared: [DeclaredExpectation]
        switch DeclaredExpectation.list(in: tests, name: name) {
        case .success(let list): declared = list
        case .failure(let failure):
            throw MasterFileError(name: name, line: 0, message: "the tests have errors:\n" + failure.rendered.joined(separator: "\n"))
        }
        var lines = tests.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var hiddenNumber = 0
        for expectation in declared where !expectation.visibility.isPublic {
            hiddenNumber += 1
            guard let lineNumber = Int(expectation.location.split(separator: ":").last ?? ""), lineNumber <= lines.count else { continue }
            let line = lines[lineNumber - 1]
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            lines[lineNumber - 1] = indent + "expect false \"hidden test \(hiddenNumber)\" points \(Format.number(expectation.points)) "
                + "\(expectation.visibility.rawValue)  # graded by the autograder"
        }
        return lines.joined(separator: "\n")
    }
}

/// A master file whose markers do not pair up.
public struct MasterFileError: Error, CustomStringConvertible, Equatable {
    public var name: String
    public var line: Int
    public var message: String

    /// `file:line: error: message`, as grad reports every error in a file.
    public var description: String { "\(name):\(line): error: \(message)" }
}

/// Reads a master file line by line, sending each line to the files it belongs to.
private struct MasterScanner {
    enum Region: String {
        case solution = "SOLUTION", starter = "STARTER", tests = "TESTS"
    }

    let name: String
    var starter: [String] = []
    var solution: [String] = []
    var tests: [String] = []
    /// The open region and the line it began on.
    var open: (region: Region, line: Int)?
    /// The indentation of a solution region that has just closed and still owes the starter a placeholder
    /// (unless a starter block follows at once).
    var pendingTodo: String?

    init(name: String) { self.name = name }

    mutating func take(_ line: String, number: Int) throws {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        if let region = Self.marker("BEGIN", in: trimmed) {
            if let open { throw error(number, "'# BEGIN \(region.rawValue)' inside the \(open.region.rawValue) region begun on line \(open.line)") }
            if region != .starter { flushTodo() }
            open = (region, number)
            return
        }
        if let region = Self.marker("END", in: trimmed) {
            guard let current = open, current.region == region else {
                throw error(number, "'# END \(region.rawValue)' without '# BEGIN \(region.rawValue)'")
            }
            open = nil
            if region == .solution { pendingTodo = indent } else if region == .starter { pendingTodo = nil }
            return
        }
        switch open?.region {
        case .solution?:
            solution.append(line)
        case .starter?:
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else {
                throw error(number, "a starter line must be commented out in the master file (write '# \(trimmed)')")
            }
            pendingTodo = nil
            starter.append(indent + Self.uncommented(String(line.dropFirst(indent.count))))
        case .tests?:
            tests.append(line)
        case nil:
            try takePlain(line, trimmed: trimmed, indent: indent, number: number)
        }
    }

    private mutating func takePlain(_ line: String, trimmed: String, indent: String, number: Int) throws {
        if let code = Self.solutionLine(line) {
            if pendingTodo == nil { pendingTodo = indent }
            solution.append(code)
            return
        }
        flushTodo()
        starter.append(line)
        solution.append(line)
    }

    mutating func finish() throws {
        if let open { throw error(open.line, "'# BEGIN \(open.region.rawValue)' is never closed with '# END \(open.region.rawValue)'") }
        flushTodo()
    }

    private mutating func flushTodo() {
        if let indent = pendingTodo { starter.append(indent + MasterFile.todo) }
        pendingTodo = nil
    }

    private func error(_ line: Int, _ message: String) -> MasterFileError {
        MasterFileError(name: name, line: line, message: message)
    }

    /// The region a `# BEGIN X` / `# END X` line opens or closes.
    private static func marker(_ word: String, in trimmed: String) -> Region? {
        let prefix = "# \(word) "
        guard trimmed.hasPrefix(prefix) else { return nil }
        return Region(rawValue: String(trimmed.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces))
    }

    /// The code of a `CODE  # SOLUTION` line without its marker, or nil for any other line.
    private static func solutionLine(_ line: String) -> String? {
        let marker = "# SOLUTION"
        var text = line
        while text.last == " " { text.removeLast() }
        guard text.hasSuffix(marker), !text.trimmingCharacters(in: .whitespaces).hasPrefix("#") else { return nil }
        text.removeLast(marker.count)
        while text.last == " " { text.removeLast() }
        return text
    }

    /// A starter line without its leading `#` and the one space after it.
    private static func uncommented(_ text: String) -> String {
        guard text.hasPrefix("#") else { return text }
        let rest = text.dropFirst()
        return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
    }
}
