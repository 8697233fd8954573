import GradLang
import GradSyntax
import GradREPL
import XCTest


final class CompletionTests: XCTestCase {
    private let files: [String: [(name: String, isDirectory: Bool)]] = [
        ".": [("model.json", false), ("runs", true), ("my notes.txt", false), (".hidden", false)],
        "runs/": [("m1.json", false), ("m2.json", false), ("old", true)],
    ]

    private func completion(language: @escaping (String, Int) -> [String] = { _, _ in [] }) -> LineCompletion {
        LineCompletion(languageCandidates: language, listDirectory: { self.files[$0] ?? [] })
    }

    func testWordOutsideAStringIsTheRunOfNonBlanksBeforeTheCursor() {
        let word = LineCompletion.word(in: "net dense 20x64 rel", cursor: 19)
        XCTAssertEqual(word.text, "rel")
        XCTAssertFalse(word.insideString)
        XCTAssertEqual(LineCompletion.word(in: "net dense ", cursor: 10).text, "")
        XCTAssertEqual(LineCompletion.word(in: "show grads", cursor: 7).text, "gr")
    }

    func testWordInsideAnOpenStringStartsAfterTheQuote() {
        let word = LineCompletion.word(in: "load \"runs/m", cursor: 12)
        XCTAssertEqual(word.text, "runs/m")
        XCTAssertTrue(word.insideString)
        XCTAssertEqual(LineCompletion.word(in: "load \"my no", cursor: 11).text, "my no")
    }

    func testClosedStringsEscapesAndCommentsAreNotOpenStrings() {
        XCTAssertFalse(LineCompletion.word(in: "save \"a.json\" ", cursor: 14).insideString)
        XCTAssertTrue(LineCompletion.word(in: #"print "say \"hi"#, cursor: 15).insideString)
        XCTAssertFalse(LineCompletion.word(in: "train 3 # \"note", cursor: 15).insideString)
    }

    func testLanguageWordsComeFromTheSessionWithLineAndCursor() {
        var asked: (String, Int)?
        let candidates = completion { line, cursor in
            asked = (line, cursor)
            return ["relu", "relu"]
        }.candidates(line: "net dense 20x64 rel", cursor: 19)
        XCTAssertEqual(candidates, ["relu"], "duplicates removed")
        XCTAssertEqual(asked?.0, "net dense 20x64 rel")
        XCTAssertEqual(asked?.1, 19)
    }

    func testFileNamesInsideQuotesInsteadOfLanguageWords() {
        let candidates = completion { _, _ in ["never"] }.candidates(line: "load \"m", cursor: 7)
        XCTAssertEqual(candidates, ["model.json", "my notes.txt"])
    }

    func testDirectoriesEndInASlashAndSubdirectoriesAreListed() {
        XCTAssertEqual(completion().candidates(line: "load \"r", cursor: 7), ["runs/"])
        XCTAssertEqual(completion().candidates(line: "load \"runs/", cursor: 11),
                       ["runs/m1.json", "runs/m2.json", "runs/old/"])
    }

    func testHiddenFilesOnlyOnceADotIsTyped() {
        XCTAssertFalse(completion().candidates(line: "load \"", cursor: 6).contains(".hidden"))
        XCTAssertEqual(completion().candidates(line: "load \".", cursor: 7), [".hidden"])
    }

    func testRealFileSystemListing() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("grad-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("weights.json"))
        defer { try? FileManager.default.removeItem(at: root) }
        let session = Interpreter(options: InterpreterOptions(), output: NullOutput())
        let completion = LineCompletion(session: session)
        let line = "load \"\(root.path)/"
        XCTAssertEqual(completion.candidates(line: line, cursor: line.count),
                       ["\(root.path)/sub/", "\(root.path)/weights.json"])
    }

    func testActivationCompletesAfterTheNetCommand() {
        let session = Interpreter(options: InterpreterOptions(), output: NullOutput())
        let line = "net dense 20x64 rel"
        XCTAssertEqual(LineCompletion(session: session).candidates(line: line, cursor: line.count), ["relu"])
    }
}

/// Swallows the interpreter's output in tests that only ask it questions.
final class NullOutput: OutputSink {
    func line(_ text: String) {}
    func diagnostic(_ text: String) {}
    func progress(_ text: String, final: Bool) {}
}
