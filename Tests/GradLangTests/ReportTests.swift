import Foundation
import GradTestSupport
import XCTest
@testable import GradLang
import GradSyntax
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `report` writes one well-formed, self-contained page with every chart, atomically; where Chromium
/// is installed it is rendered headless and the screenshot checked.
final class ReportTests: XCTestCase {

    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-report")
    }

    /// Runs `script` with the temporary directory as the script's folder, checking that it ends with `status`
    /// and raises the errors `ids`; returns the interpreter's lines.
    @discardableResult
    func run(_ script: String, expect status: RunStatus = .success, ids: [MessageID] = [],
             file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: script, name: directory.appendingPathComponent("t.grad").path), status,
                       sink.lines.joined(separator: "\n"), file: file, line: line)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, ids, sink.lines.joined(separator: "\n"), file: file, line: line)
        return sink.lines
    }

    static let trainedScript = """
        seed 1; data spiral 600 classes 3; split 0.8; net dense 8x32 sigmoid init xavier; clip norm 1; train 3
        run "sigmoid"; act all relu; init all he; reset; train 3; run "relu"
        """

    func testARecurrentNetsReportShowsItsGradientsThroughTime() throws {
        run("seed 1; data adding 128 length 12; net lstm 1x8; batch 32; train 2\nreport \"rnn.html\"")
        let text = try String(contentsOf: directory.appendingPathComponent("rnn.html"), encoding: .utf8)
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        XCTAssertEqual(try document.nodes(forXPath: "//section[@id='time']//*[local-name()='svg']").count, 2)
        XCTAssertEqual(try document.nodes(forXPath: "(//section[@id='time']//figure)[1]//*[local-name()='rect']").count, 12,
                       "one bar per time step")
    }

    func testTheReportIsWellFormedAndHasEveryChart() throws {
        run(Self.trainedScript + "\nreport \"run.html\"")
        let url = directory.appendingPathComponent("run.html")
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>"))
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        func nodes(_ xpath: String) throws -> [XMLNode] { try document.nodes(forXPath: xpath) }
        let ids = try nodes("//section/@id").compactMap(\.stringValue)
        XCTAssertEqual(ids, Report.sections.filter { $0 != "time" }, "'time' is for recurrent nets")
        for chart in ["loss", "accuracy", "layer-gradients", "heatmap", "activations", "clipping", "compare"] {
            XCTAssertEqual(try nodes("//section[@id='\(chart)']//*[local-name()='svg']").count, 1, "\(chart) has no chart")
        }
        // Nine layers' bars, a row of heat cells per layer, eight histograms.
        XCTAssertEqual(try nodes("//section[@id='layer-gradients']//*[local-name()='rect']").count, 9)
        XCTAssertEqual(try nodes("//section[@id='activations']//*[local-name()='text'][contains(., 'sigmoid') or contains(., 'relu')]").count, 8)
        XCTAssertEqual(try nodes("//section[@id='compare']//tbody/tr").count, 2)
        XCTAssertGreaterThan(try nodes("//section[@id='diagnose']//*[contains(@class, 'finding')]").count, 0)
        // Self-contained: no scripts and nothing fetched.
        XCTAssertTrue(try nodes("//script | //*[@src] | //link").isEmpty)
        XCTAssertFalse(text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }

    func testTheDecisionBoundaryPanelHasCellsPointsAndSnapshots() throws {
        run(Self.trainedScript + "\nreport \"run.html\"")
        let text = try String(contentsOf: directory.appendingPathComponent("run.html"), encoding: .utf8)
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        func nodes(_ xpath: String) throws -> [XMLNode] { try document.nodes(forXPath: xpath) }
        let charts = try nodes("//section[@id='boundary']//*[local-name()='svg']")
        XCTAssertEqual(charts.count, 2, "the regions now and the snapshots of the latest train")
        let picture = "//section[@id='boundary']//figure[1]//*[local-name()='svg']"
        // 480 training rows filled, 120 test rows hollow (white inside, class colour around).
        XCTAssertEqual(try nodes(picture + "//*[local-name()='circle'][@fill!='#fff']").count, 480 + 1, "points and the legend's dot")
        XCTAssertEqual(try nodes(picture + "//*[local-name()='circle'][@fill='#fff']").count, 120 + 1)
        // Regions: runs of cells, in the three classes' colours, paler where the network is less sure.
        let fills = Set(try nodes(picture + "//*[local-name()='rect']/@fill").compactMap(\.stringValue))
        XCTAssertGreaterThan(fills.count, 3)
        XCTAssertTrue(fills.contains(SVG.tint(SVG.palette[0], opacity: 0.75)), "a sure class-0 cell")
        let captions = try nodes("//section[@id='boundary']//figure[2]//*[local-name()='text']").compactMap(\.stringValue)
        XCTAssertEqual(captions.filter { $0.hasPrefix("step ") }, ["step 0", "step 6", "step 12", "step 24"], "after reset: before, 25%, 50% and the end of 3 epochs of 8 steps")
    }

    func testThereIsNoBoundaryPanelForDataThatIsNot2D() throws {
        run("seed 1; data chain 100; loss mse; net dense 2x8 tanh; train 1; report \"chain.html\"")
        let text = try String(contentsOf: directory.appendingPathComponent("chain.html"), encoding: .utf8)
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        XCTAssertEqual(try document.nodes(forXPath: "//section[@id='boundary']").count, 0)
    }

    func testBeforeTrainingTheChartsSayWhyTheyAreMissing() throws {
        run("seed 1; data moons 200; net dense 3x16 tanh init xavier; report \"early.html\"")
        let text = try String(contentsOf: directory.appendingPathComponent("early.html"), encoding: .utf8)
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        let missing = try document.nodes(forXPath: "//section[@id='loss']/p[@class='missing']")
        XCTAssertEqual(missing.first?.stringValue, "nothing has been recorded yet (train first, e.g. 'train 5')")
        XCTAssertEqual(try document.nodes(forXPath: "//section[@id='compare']").count, 0, "one run: nothing to compare")
    }

    func testTheFileIsReplacedAtomicallyAndErrorsLeaveNothing() throws {
        let url = directory.appendingPathComponent("run.html")
        try Data("old".utf8).write(to: url)
        run(Self.trainedScript + "\nreport \"run.html\"")
        XCTAssertTrue(try String(contentsOf: url, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["run.html"], "no temporary files left")
        run(Self.trainedScript + "\nreport \"missing/run.html\"", expect: .failed, ids: [.fileError])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing").path))
        run(Self.trainedScript + "\nreport \"run.txt\"", expect: .failed, ids: [.wrongFileExtension])
    }

    func testAConfinedScriptWritesTheReportOnlyIntoItsScratchFolder() throws {
        let scratch = directory.appendingPathComponent("scratch", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: sink)
        interpreter.fileAccess = .confined(reading: [directory], scratch: scratch)
        let script = Self.trainedScript + "\nreport \"run.html\"; export grads \"g.csv\""
        XCTAssertEqual(interpreter.run(source: script, name: directory.appendingPathComponent("t.grad").path), .success,
                       sink.lines.joined(separator: "\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted(), ["g.csv", "run.html"])
        XCTAssertEqual(interpreter.run(source: "report \"../escape.html\"", name: "<repl>"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.fileAccessDenied], sink.lines.last ?? "")
    }

    func testTextIsEscaped() {
        XCTAssertEqual(SVG.escaped("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    }

    /// Headless Chromium, when installed (`GRAD_SETUP_TEST_TOOLS=1 scripts/setup` installs it).
    static var chromium: String? {
        ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser",
         "/usr/lib/chromium/chrome-headless-shell", "/usr/lib/chromium-headless-shell/chromium-headless-shell"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func testChromiumRendersTheReportToANonBlankScreenshot() throws {
        guard let chromium = Self.chromium else { throw XCTSkip("Chromium is not installed") }
        run(Self.trainedScript + "\nreport \"run.html\"")
        let screenshot = directory.appendingPathComponent("run.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=800,3200",
            "--screenshot=\(screenshot.path)", directory.appendingPathComponent("run.html").absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let png = try Data(contentsOf: screenshot)
        // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func integer(at offset: Int) -> Int { png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(integer(at: 16), 800)
        XCTAssertEqual(integer(at: 20), 3200)
        // A blank page of this size compresses to a few kilobytes; text and charts do not.
        XCTAssertGreaterThan(png.count, 60_000)
    }
}
