import Foundation
import XCTest

/// The REPL as a person meets it: the real binary on a pseudo-terminal (tmux), driven by keystrokes.
/// One test walks through a whole session, because each step depends on the state the last one left.
final class PseudoTerminalTests: XCTestCase {
    func testInteractiveSessionOnATerminal() throws {
        guard let tmux = TmuxSession.findTmux() else {
            throw XCTSkip("tmux is not installed (scripts/setup installs it when GRAD_SETUP_TEST_TOOLS=1)")
        }
        let binary = try GradBinary.url().path
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("grad-pty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let command = "env -u NO_COLOR LANG=C.UTF-8 GRAD_HISTORY_FILE='\(history.path)' '\(binary)'; "
            + "echo \"[grad exited $?]\"; sleep 30"
        let terminal = try TmuxSession(tmux: tmux, command: command)
        defer { terminal.close() }

        try terminal.waitUntil("the first prompt") { $0.last == "grad>" }

        // Typing a command prints its result, then a fresh prompt.
        try terminal.type("print \"hello\"")
        try terminal.waitUntil("hello") { Self.output(of: "print \"hello\"", in: $0) == ["hello"] }
        if RealLanguage.isAvailable {
            try terminal.type("print 1+1")
            try terminal.waitUntil("2") { Self.output(of: "print 1+1", in: $0) == ["2"] }
        }

        // An error shows file:line:col and a caret under the line just typed; the session goes on.
        try terminal.type("frobnicate 3")
        let afterError = try terminal.waitUntil("the error") { Self.output(of: "frobnicate 3", in: $0) != nil }
        let diagnostic = Self.output(of: "frobnicate 3", in: afterError) ?? []
        XCTAssertTrue(diagnostic.first?.hasPrefix("<repl>:1:1: error:") ?? false, "\(diagnostic)")
        XCTAssertTrue(diagnostic.contains("frobnicate 3"), "\(diagnostic)")
        XCTAssertTrue(diagnostic.contains { $0.hasPrefix("^") }, "\(diagnostic)")

        // A `for` block typed over several lines continues with `...> ` until it closes.
        try terminal.type("for i in [1, 2] {")
        try terminal.waitUntil("the continuation prompt") { $0.last == "...>" }
        try terminal.type("print \"in block\"")
        try terminal.waitUntil("a second continuation prompt") { $0.last == "...>" }
        try terminal.type("}")
        let afterBlock = try terminal.waitUntil("the block's output") { Self.output(of: "...> }", in: $0) != nil }
        let blockOutput = Self.output(of: "...> }", in: afterBlock) ?? []
        XCTAssertEqual(blockOutput, RealLanguage.isAvailable ? ["in block", "in block"] : ["in block"])

        // Tab completes `rel` to `relu`; Ctrl-C then clears the line without running it.
        try terminal.type("net dense 20x64 rel", enter: false)
        try terminal.press("Tab")
        try terminal.waitUntil("the completion") { $0.last == "grad> net dense 20x64 relu" }
        try terminal.press("C-c")
        try terminal.waitUntil("a cleared prompt") { $0.suffix(2) == ["grad> net dense 20x64 relu", "grad>"] }

        // Up recalls the previous entry.
        try terminal.type("print \"recalled\"")
        try terminal.waitUntil("recalled") { Self.output(of: "print \"recalled\"", in: $0) == ["recalled"] }
        try terminal.press("Up")
        try terminal.waitUntil("the recalled line") { $0.last == "grad> print \"recalled\"" }
        try terminal.press("Enter")
        try terminal.waitUntil("the recalled entry's output") {
            $0.filter { $0 == "recalled" }.count == 2 && $0.last == "grad>"
        }

        // Ctrl-C during a long `train` stops it within a second and keeps the session and its model.
        // (Each command waits for its prompt: keys typed while a command runs are echoed by the terminal
        // ahead of the next prompt, as in any shell, which would garble the lines compared here.)
        for setup in ["data spiral 300", "net dense 4x16 relu"] {
            try terminal.type(setup)
            try terminal.waitUntil(setup) { Self.output(of: setup, in: $0) != nil }
        }
        try terminal.type("train 100000")
        usleep(1_500_000)
        XCTAssertNotEqual(try terminal.lines().last, "grad>", "train should still be running")
        let interrupted = Date()
        try terminal.press("C-c")
        try terminal.waitUntil("the prompt after Ctrl-C", timeout: 5) { screen in
            screen.last == "grad>" && Self.output(of: "train 100000", in: screen) != nil
        }
        XCTAssertLessThan(Date().timeIntervalSince(interrupted), 1.0, "the prompt must be back within 1 s")
        if RealLanguage.isAvailable {
            let check = "assert epoch > 0 \"the model was lost\""
            try terminal.type(check)
            try terminal.waitUntil("the state check") { Self.output(of: check, in: $0) != nil }
        }
        try terminal.type("print \"still here\"")
        let afterInterrupt = try terminal.waitUntil("the session after Ctrl-C") {
            Self.output(of: "print \"still here\"", in: $0) == ["still here"]
        }
        XCTAssertFalse(afterInterrupt.contains { $0.contains("assertion failed") }, "the model was lost after Ctrl-C")

        // Ctrl-D at an empty prompt leaves with status 0 and the history saved.
        try terminal.press("C-d")
        try terminal.waitUntil("grad to exit") { $0.contains("[grad exited 0]") }
        let saved = try String(contentsOf: history, encoding: .utf8)
        XCTAssertTrue(saved.contains("print \"hello\"\n"), saved)
        XCTAssertTrue(saved.contains("for i in [1, 2] {\\nprint \"in block\"\\n}\n"), saved)
        XCTAssertFalse(saved.contains("net dense 20x64 relu"), "a line cleared by Ctrl-C is not history")
    }

    /// The lines printed after the last line that reads `grad> <entry>` (or is exactly `entry` when it
    /// already includes its prompt), up to the next prompt; nil while that prompt has not appeared.
    private static func output(of entry: String, in screen: [String]) -> [String]? {
        let typed = entry.hasPrefix("...> ") ? entry : "grad> " + entry
        guard let start = screen.lastIndex(of: typed) else { return nil }
        let rest = screen[(start + 1)...]
        guard let end = rest.firstIndex(where: { $0.hasPrefix("grad>") }) else { return nil }
        return Array(rest[..<end])
    }
}
