import Foundation
import XCTest

/// On a real terminal, charts take the terminal's width and the locale's characters.
final class ChartTerminalTests: XCTestCase {
    func testChartsFillTheTerminalWidth() throws {
        try withREPL(width: 132, height: 50) { terminal in
            try terminal.type("seed 1; data moons 200; net dense 3x16 tanh init xavier; train 3; plot loss")
            let screen = try terminal.waitUntil("the chart's legend") { $0.contains { $0.contains("● train (per step)") } }
            let axis = try XCTUnwrap(screen.first { $0.contains("└──") }, screen.joined(separator: "\n"))
            XCTAssertEqual(axis.count, 132, "the x axis runs to the terminal's last column")
        }
    }

    /// A terminal session of `width`×`height` running grad's REPL; `body` gets it at the first prompt.
    private func withREPL(width: Int, height: Int, _ body: (TmuxSession) throws -> Void) throws {
        guard let tmux = TmuxSession.findTmux() else {
            throw XCTSkip("tmux is not installed (scripts/setup installs it when GRAD_SETUP_TEST_TOOLS=1)")
        }
        let binary = try GradBinary.url().path
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("grad-chart-pty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let command = "env NO_COLOR=1 LANG=C.UTF-8 GRAD_HISTORY_FILE='\(history.path)' '\(binary)' -q; sleep 30"
        let terminal = try TmuxSession(tmux: tmux, command: command, width: width, height: height)
        defer { terminal.close() }
        try terminal.waitUntil("the prompt") { $0.last == "grad>" }
        try body(terminal)
    }

    func testOnANarrowTerminalTextBreaksBetweenWords() throws {
        try withREPL(width: 60, height: 50) { terminal in
            for command in ["seed 1; data spiral 300 classes 3", "net dense 3x16 sigmoid init xavier", "train 3",
                            "help eval", "plot acts", "diagnose", "explain vanishing", "show grads"] {
                // One at a time, each after the last one's output, so no typed-ahead echo lands in the output.
                let prompts = try terminal.lines().filter { $0.hasPrefix("grad>") }.count
                try terminal.type(command)
                try terminal.waitUntil("'\(command)' to finish") { screen in
                    screen.last == "grad>" && screen.filter { $0.hasPrefix("grad>") }.count > prompts
                }
            }
            let screen = try terminal.waitUntil("the table's footer") { $0.contains { $0.hasPrefix("flags:") } }
            // Lines are captured joined back where the terminal wrapped them: a wider one was cut mid-word.
            for line in screen where !line.hasPrefix("grad>") {
                XCTAssertLessThanOrEqual(line.count, 60, "the terminal had to wrap:\n\(line)")
            }
            XCTAssertTrue(screen.contains { $0.hasSuffix("(evaluation") || $0.contains("(evaluation mode") },
                          screen.joined(separator: "\n"))
        }
    }

    func testTheDecisionBoundaryFitsAShortTerminalWithItsTitle() throws {
        try withREPL(width: 120, height: 40) { terminal in
            try terminal.type("seed 1; data spiral 300 classes 3; net dense 2x16 tanh init xavier; train 2; plot boundary")
            let screen = try terminal.waitUntil("the chart's legend") { $0.contains { $0.contains("(region, train, test)") } }
            let visible = try terminal.lines(scrollback: false)
            XCTAssertTrue(visible.contains { $0.hasPrefix("decision regions at step") }, "the title scrolled away:\n"
                          + screen.joined(separator: "\n"))
        }
    }
}
