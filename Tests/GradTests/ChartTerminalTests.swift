import Foundation
import XCTest

/// On a real terminal, charts take the terminal's width and the locale's characters.
final class ChartTerminalTests: XCTestCase {
    func testChartsFillTheTerminalWidth() throws {
        guard let tmux = TmuxSession.findTmux() else {
            throw XCTSkip("tmux is not installed (scripts/setup installs it when GRAD_SETUP_TEST_TOOLS=1)")
        }
        let binary = try GradBinary.url().path
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("grad-chart-pty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let command = "env NO_COLOR=1 LANG=C.UTF-8 GRAD_HISTORY_FILE='\(history.path)' '\(binary)' -q; sleep 30"
        let terminal = try TmuxSession(tmux: tmux, command: command, width: 132, height: 50)
        defer { terminal.close() }
        try terminal.waitUntil("the prompt") { $0.last == "grad>" }
        try terminal.type("seed 1; data moons 200; net dense 3x16 tanh init xavier; train 3; plot loss")
        let screen = try terminal.waitUntil("the chart's legend") { $0.contains { $0.contains("● train (per step)") } }
        let axis = try XCTUnwrap(screen.first { $0.contains("└──") }, screen.joined(separator: "\n"))
        XCTAssertEqual(axis.count, 132, "the x axis runs to the terminal's last column")
    }
}
