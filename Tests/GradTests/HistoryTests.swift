import Foundation
import GradREPL
import XCTest

final class HistoryTests: XCTestCase {
    func testKeepsEntriesOldestFirst() {
        var history = History()
        history.add("data spiral 900")
        history.add("train 10")
        XCTAssertEqual(history.entries, ["data spiral 900", "train 10"])
    }

    func testCollapsesConsecutiveDuplicatesOnly() {
        var history = History()
        XCTAssertTrue(history.add("train 10"))
        XCTAssertFalse(history.add("train 10"))
        XCTAssertTrue(history.add("show grads"))
        XCTAssertTrue(history.add("train 10"))
        XCTAssertEqual(history.entries, ["train 10", "show grads", "train 10"])
    }

    func testSkipsBlankEntriesAndTrailingNewlines() {
        var history = History()
        XCTAssertFalse(history.add(""))
        XCTAssertFalse(history.add("   \t"))
        history.add("eval\n")
        XCTAssertEqual(history.entries, ["eval"])
    }

    func testCapDropsTheOldestEntries() {
        var history = History(limit: 3)
        for step in 1...5 { history.add("train \(step)") }
        XCTAssertEqual(history.entries, ["train 3", "train 4", "train 5"])
    }

    func testDefaultCapIsAThousand() {
        var history = History()
        for step in 1...1200 { history.add("train \(step)") }
        XCTAssertEqual(history.entries.count, 1000)
        XCTAssertEqual(history.entries.first, "train 201")
    }

    func testInitialEntriesFollowTheSameRules() {
        let history = History(entries: ["a", "a", "", "b"], limit: 10)
        XCTAssertEqual(history.entries, ["a", "b"])
    }

    func testMultiLineEntriesAndBackslashesSurviveTheFileFormat() {
        let entries = ["for i in [1, 2] {\n  print i\n}", #"print "a\nb""#, "save \"C:\\\\runs\\\\m.json\"", "print \"é\""]
        let history = History(entries: entries)
        let encoded = history.encoded()
        XCTAssertEqual(encoded.split(separator: "\n").count, entries.count, "one line per entry")
        XCTAssertEqual(History.decode(encoded).entries, entries)
    }

    func testDecodeAppliesTheCapAndSkipsEmptyLines() {
        let history = History.decode("one\n\ntwo\nthree\n", limit: 2)
        XCTAssertEqual(history.entries, ["two", "three"])
    }

    func testLocationPrefersTheExplicitOverride() {
        let file = HistoryFile.location(environment: ["GRAD_HISTORY_FILE": "/tmp/h", "XDG_STATE_HOME": "/state",
                                                      "HOME": "/home/u"])
        XCTAssertEqual(file?.path, "/tmp/h")
    }

    func testLocationUsesXDGStateHomeWhenSet() {
        let file = HistoryFile.location(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/u"])
        XCTAssertEqual(file?.path, "/state/grad/history")
    }

    func testLocationIgnoresARelativeXDGStateHome() {
        let file = HistoryFile.location(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/u"])
        XCTAssertEqual(file?.path, "/home/u/.grad_history")
    }

    func testLocationFallsBackToHomeAndThenToNothing() {
        XCTAssertEqual(HistoryFile.location(environment: ["HOME": "/home/u"])?.path, "/home/u/.grad_history")
        XCTAssertNil(HistoryFile.location(environment: [:]))
    }

    func testSaveCreatesTheDirectoryAndLoadReadsItBack() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("grad-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = HistoryFile(path: root.appendingPathComponent("grad/history").path)
        XCTAssertEqual(file.load().entries, [], "a missing file is an empty history")
        try file.save(History(entries: ["seed 1", "for x in [1] {\nprint x\n}"]))
        XCTAssertEqual(file.load().entries, ["seed 1", "for x in [1] {\nprint x\n}"])
        XCTAssertEqual(file.load(limit: 1).entries, ["for x in [1] {\nprint x\n}"])
    }
}
