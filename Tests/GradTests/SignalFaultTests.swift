import Foundation
import XCTest

/// SIGTERM and Ctrl-C while the real binary trains, sweeps or writes a report: it exits promptly with a
/// message, the session's model stays usable, and no half-written or temporary file is left behind.
final class SignalFaultTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        try RealLanguage.require()
        folder = try FaultSupport.scratchFolder("grad-signal-faults")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `script`, sends SIGTERM after `delay` seconds, and checks that grad stopped within `bound`
    /// seconds with `message` on stdout and the stop line on stderr, without writing `never` (the
    /// script's next file) or leaving a temporary file.
    private func assertSigtermStops(_ script: String, after delay: Double, within bound: Double, printing message: String,
                                    never: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let grad = try WatchedGrad(["-e", script], in: folder)
        usleep(useconds_t(delay * 1e6))
        grad.send(SIGTERM)
        let (status, seconds) = grad.finish()
        XCTAssertEqual(status, 128 + SIGTERM, grad.errors, file: file, line: line)
        XCTAssertLessThan(seconds, bound * FaultSupport.slowdown, "SIGTERM must stop at the end of a step", file: file, line: line)
        XCTAssertTrue(grad.output.contains(message), grad.output, file: file, line: line)
        XCTAssertTrue(grad.errors.hasSuffix("grad: stopped by SIGTERM\n"), grad.errors, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(never).path),
                       "the script went on after SIGTERM", file: file, line: line)
        XCTAssertEqual(FaultSupport.temporaries(in: folder), [], file: file, line: line)
    }

    func testSigtermDuringTrainInAScriptExitsWithAMessageAndWritesNothingAfter() throws {
        try assertSigtermStops("data spiral 300; net dense 4x16 relu; train 1000000; save \"after.json\"",
                               after: 0.7, within: 2, printing: "interrupted after", never: "after.json")
    }

    func testSigtermDuringASweepStopsEveryCellPromptly() throws {
        try assertSigtermStops(
            "data spiral 300; net dense 2x16 relu; sweep act [relu tanh] depth [1 2] { train 1000000 }; report \"r.html\"",
            after: 1, within: 3, printing: "interrupted", never: "r.html")
    }

    /// Signals sent while the report is built and written: the page is then complete or absent. One
    /// SIGTERM lets the report finish (then grad exits); a second one exits at once, removing the
    /// temporary file of the write in progress.
    func testSigtermDuringAReportLeavesACompletePageOrNone() throws {
        var outcomes: [String: Int] = [:]
        for (attempt, delay) in [0, 2, 5, 10, 20, 40].enumerated() {
            let report = folder.appendingPathComponent("r\(attempt).html")
            let script = "data spiral 300; net dense 4x8 relu; train 5000 steps; report \"\(report.lastPathComponent)\""
            let grad = try WatchedGrad(["-e", script], in: folder)
            XCTAssertTrue(grad.waitUntil { grad.output.contains("trained 5000 steps") }, grad.errors)
            usleep(useconds_t(delay * 1000))
            grad.send(SIGTERM)
            if attempt % 2 == 1 {
                usleep(2000)
                grad.send(SIGTERM)
            }
            let (status, seconds) = grad.finish()
            XCTAssertTrue(status == 0 || status == 128 + SIGTERM, "exit \(status): \(grad.errors)")
            if status == 128 + SIGTERM { XCTAssertTrue(grad.errors.hasSuffix("grad: stopped by SIGTERM\n"), grad.errors) }
            XCTAssertLessThan(seconds, 5 * FaultSupport.slowdown)
            if let page = FaultSupport.contents(report) {
                let text = String(decoding: page, as: UTF8.self)
                XCTAssertTrue(text.hasSuffix("</html>") || text.hasSuffix("</html>\n"), "a partial report (\(page.count) bytes)")
                outcomes["complete", default: 0] += 1
            } else {
                outcomes["absent", default: 0] += 1
            }
            XCTAssertEqual(FaultSupport.temporaries(in: folder), [], "a temporary file was left (attempt \(attempt))")
        }
        print("reports after SIGTERM: \(outcomes)")
    }

    func testCtrlCDuringTrainInTheREPLKeepsAFiniteModelThatSaves() throws {
        let input = "train 1000000\nsave \"after.json\"\nprint \"steps\" steps\n"
        let running = try GradBinary.start(["-i", "-e", "seed 2; data spiral 300; net dense 4x16 relu"], directory: folder)
        running.input.fileHandleForWriting.write(Data(input.utf8))
        try running.input.fileHandleForWriting.close()
        usleep(1_000_000)
        running.send(SIGINT)
        let result = try running.wait(timeout: 20)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("interrupted after"), result.standardOutput)
        let saved = try XCTUnwrap(FaultSupport.contents(folder.appendingPathComponent("after.json")), result.standardError)
        let model = try XCTUnwrap(JSONSerialization.jsonObject(with: saved) as? [String: Any])
        let state = try XCTUnwrap(model["state_dict"] as? [String: Any])
        let weights = state.values.flatMap { value -> [Double] in
            (value as? [[Double]])?.flatMap { $0 } ?? (value as? [Double]) ?? []
        }
        XCTAssertFalse(weights.isEmpty)
        XCTAssertTrue(weights.allSatisfy(\.isFinite), "the interrupted model has non-finite weights")
        XCTAssertEqual(FaultSupport.temporaries(in: folder), [])
    }
}
