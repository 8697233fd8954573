import GradCore
import XCTest
@testable import GradLang
@testable import GradSyntax

/// `diagnose` on networks built to have each problem, and on healthy ones that must raise no alarm.
final class DiagnoseTests: XCTestCase {
    /// Output lines, kept for failure messages.

    /// Runs `script` in a fresh interpreter and returns the findings `diagnose` would print.
    func findings(_ script: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Finding] {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: script, name: "t.grad"), .success, sink.lines.joined(separator: "\n"),
                       file: file, line: line)
        return try SessionDiagnosis(interpreter.session).diagnose().findings
    }

    func kinds(_ findings: [Finding]) -> [Finding.Kind] { findings.map(\.kind) }

    func testVanishingSigmoidIsFoundWithItsRatioAndTheReluFix() throws {
        let found = try findings("seed 1; data spiral 600 classes 3; net dense 20x32 sigmoid init xavier; train 2")
        XCTAssertEqual(kinds(found), [.vanishing])
        let vanishing = try XCTUnwrap(found.first)
        XCTAssertTrue(vanishing.evidence[0].hasPrefix("layer 1's weight-gradient norm is "), vanishing.evidence[0])
        XCTAssertTrue(vanishing.evidence[0].contains("× layer 21's"), vanishing.evidence[0])
        XCTAssertTrue(vanishing.evidence[0].contains("threshold 0.001"), vanishing.evidence[0])
        XCTAssertEqual(vanishing.fixes.first, "act all relu; init all he; reset")
        XCTAssertTrue(vanishing.fixes.contains("net dense 20x32 sigmoid init xavier batchnorm"))
    }

    func testShutForgetGatesAreFoundAndOpenOnesAreNot() throws {
        let setup = "seed 1; data adding 256 length 20; optim adam lr 0.003; clip norm 1; batch 32"
        let shut = try findings(setup + "; net lstm 1x16 forgetbias -6; train 1")
        let saturation = try XCTUnwrap(shut.first { $0.kind == .saturation }, "\(shut)")
        XCTAssertTrue(saturation.evidence[0].contains("of the forget gates sit below 0.1"), saturation.evidence[0])
        XCTAssertTrue(saturation.fixes.contains("net lstm 1x16 forgetbias 5"), "\(saturation.fixes)")
        // Gates held open are the cell remembering: the state the vanishing fix asks for is no alarm.
        let open = try findings(setup + "; net lstm 1x16 forgetbias 5; train 1")
        XCTAssertFalse(kinds(open).contains(.saturation), "\(open)")
    }

    func testTheSuggestedFixClearsTheVanishingFinding() throws {
        let found = try findings("""
            seed 1; data spiral 600 classes 3; net dense 20x32 sigmoid init xavier; train 2
            act all relu; init all he; reset; train 2
            """)
        XCTAssertFalse(kinds(found).contains(.vanishing), "\(found)")
    }

    func testDeepSigmoidIsFlaggedBeforeTraining() throws {
        let found = try findings("seed 1; data spiral 300 classes 3; net dense 20x32 sigmoid init xavier")
        XCTAssertEqual(kinds(found), [.vanishing])
        XCTAssertTrue(found[0].evidence[0].contains("0.25^20 = 9.09e-13"), found[0].evidence[0])
    }

    func testExplodingNormalInitStopsAndIsDiagnosedWithClipAndSmallerRate() throws {
        let found = try findings("""
            seed 1; data spiral 300 classes 3; net dense 12x32 relu init normal 1.0; optim sgd lr 0.1; train 3
            """)
        XCTAssertEqual(found.first?.kind, .exploding)
        let exploding = try XCTUnwrap(found.first)
        XCTAssertTrue(exploding.evidence[0].hasPrefix("training stopped at step 2: the output of layer 4 became NaN"),
                      exploding.evidence[0])
        XCTAssertTrue(exploding.evidence.contains { $0.contains("‖ΔW‖/‖W‖") }, "\(exploding.evidence)")
        XCTAssertEqual(exploding.fixes.prefix(3), ["clip norm 1.0; reset", "lr 0.01; reset", "init all he; reset"])
        XCTAssertTrue(kinds(found).contains(.initMismatch))
    }

    func testNormalOneInitIsFlaggedBeforeTraining() throws {
        let found = try findings("seed 1; data spiral 300 classes 3; net dense 12x32 relu init normal 1.0")
        XCTAssertEqual(kinds(found), [.initMismatch])
        XCTAssertEqual(found[0].title, "init too large for this depth")
        XCTAssertTrue(found[0].evidence[0].contains("4× the variance-preserving 0.25 (He)"), found[0].evidence[0])
        XCTAssertTrue(found[0].evidence[1].contains("compounds to 4.19e6"), found[0].evidence[1])
        XCTAssertEqual(found[0].fixes, ["init all he; reset", "clip norm 1.0"])
    }

    func testTinyInitIsFlaggedAsTooSmall() throws {
        let found = try findings("seed 1; data spiral 300 classes 3; net dense 8x32 tanh init normal 0.01")
        XCTAssertEqual(found.map(\.title), ["init too small for this depth"])
        XCTAssertEqual(found[0].fixes, ["init all xavier; reset"])
    }

    func testHeWithSigmoidIsAMismatch() throws {
        let found = try findings("seed 1; data moons 200; net dense 3x32 sigmoid init he")
        XCTAssertEqual(found.map(\.title), ["He init on sigmoid layers"])
        XCTAssertTrue(found[0].evidence[0].contains("1.414× Xavier's 0.1768"), found[0].evidence[0])
        XCTAssertEqual(found[0].fixes, ["init all xavier; reset"])
    }

    func testXavierOnADeepReluStackIsAMismatch() throws {
        let found = try findings("seed 1; data moons 200; net dense 10x32 relu init xavier")
        XCTAssertEqual(found.map(\.title), ["Xavier init on a deep ReLU stack"])
        XCTAssertEqual(found[0].fixes, ["init all he; reset"])
        // Shallow ReLU nets with Xavier are fine.
        XCTAssertEqual(kinds(try findings("seed 1; data moons 200; net dense 3x32 relu init xavier")), [.healthy])
    }

    func testConstantInitBreaksNoSymmetry() throws {
        let found = try findings("seed 1; data moons 200; net dense 3x16 tanh init constant 0.1")
        XCTAssertEqual(found.map(\.title), ["constant init: every unit starts identical"])
    }

    func testDeadReluAtAHighLearningRate() throws {
        let found = try findings("seed 1; data spiral 600 classes 3; net dense 6x64 relu init he; optim sgd lr 1; train 5")
        XCTAssertEqual(kinds(found), [.deadUnits])
        XCTAssertTrue(found[0].evidence[0].contains("of the units output 0 for every row"), found[0].evidence[0])
        XCTAssertEqual(found[0].fixes, ["lr 0.1; reset", "act all leaky; reset"])
    }

    func testHealthyNetworksRaiseNoAlarm() throws {
        let scripts = [
            "seed 1; data spiral 600 classes 3; net dense 6x64 relu init he; optim sgd lr 0.5; train 5",
            "seed 2; data spiral 600 classes 3; net dense 4x64 relu init he; optim adam lr 0.01; train 5",
            "seed 3; data moons 400; split 0.75; net dense 3x32 tanh init xavier; train 10",
            "seed 4; data circles 400; net dense 8x32 relu init he batchnorm; train 5",
            "seed 5; data spiral 600 classes 3; net dense 20x32 sigmoid init xavier batchnorm; optim adam lr 0.01; train 3",
            "seed 6; data moons 200; net dense 4x32 relu init he",
        ]
        for script in scripts {
            let found = try findings(script)
            XCTAssertEqual(kinds(found), [.healthy], "\(script)\n\(found)")
        }
    }

    func testHealthyVerdictQuotesTheNumbers() throws {
        let found = try findings("seed 2; data spiral 600 classes 3; net dense 4x64 relu init he; optim adam lr 0.01; train 5")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].evidence[0].hasPrefix("layer 1's gradient norm is "), "\(found[0].evidence)")
        XCTAssertTrue(found[0].evidence[1].hasPrefix("largest update ratio ‖ΔW‖/‖W‖ is "), "\(found[0].evidence)")
    }

    func testRendererPrintsEvidenceAndPasteableFixes() {
        let finding = Finding(.deadUnits, "dead ReLU units", evidence: ["in layer 2, 50.0% of the units output 0"],
                              fixes: ["lr 0.1; reset"])
        XCTAssertEqual(DiagnosisRenderer.lines([finding], context: "step 5", width: 80), [
            "diagnose (step 5): 1 finding",
            "1. dead ReLU units",
            "   - in layer 2, 50.0% of the units output 0",
            "   fix: lr 0.1; reset",
            "after a fix, train again and run 'diagnose' to see whether it worked",
        ])
        XCTAssertEqual(DiagnosisRenderer.lines([Finding(.healthy, "looks healthy", evidence: ["fine"])], context: "x", width: 80),
                       ["diagnose (x): looks healthy", "  - fine"])
    }

    func testDiagnoseWithoutANetworkIsAnError() {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: "diagnose", name: "t.grad"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.noNetwork], "\(sink.lines)")
    }

    func testHelpDocumentsTheThresholds() {
        let text = CommandHelp.entry(for: .command(.diagnose)).text
        for needle in ["0.001", "1000", "100×", "50.0%", "0.1", "≥ 8 ReLU layers"] {
            XCTAssertTrue(text.contains(needle), "help diagnose should mention \(needle):\n\(text)")
        }
    }
}
