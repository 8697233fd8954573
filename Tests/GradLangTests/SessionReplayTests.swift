import Foundation
@testable import GradLang
import GradSyntax
import XCTest

/// `save session` writes a script that rebuilds the same weights bit for bit.
final class SessionReplayTests: XCTestCase {

    /// Runs `original` (which must end with `save session "replay.grad"` and `save "original.json"`), replays
    /// the saved script from a fresh interpreter, and checks both leave the same model file; returns the script.
    @discardableResult
    func assertReplaysBitForBit(_ original: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = Lines()
        let status = Interpreter(options: InterpreterOptions(timings: false), output: first)
            .run(source: original, name: folder.appendingPathComponent("original.grad").path)
        XCTAssertEqual(status, .success, first.lines.joined(separator: "\n"), file: file, line: line)
        let replay = try String(contentsOf: folder.appendingPathComponent("replay.grad"), encoding: .utf8)
        let second = Lines()
        let replayStatus = Interpreter(options: InterpreterOptions(timings: false), output: second)
            .run(source: replay + "save \"replayed.json\"\n", name: folder.appendingPathComponent("replay.grad").path)
        XCTAssertEqual(replayStatus, .success, second.lines.joined(separator: "\n"), file: file, line: line)
        let a = try Data(contentsOf: folder.appendingPathComponent("original.json"))
        let b = try Data(contentsOf: folder.appendingPathComponent("replayed.json"))
        XCTAssertEqual(a, b, "replaying the session must give identical weights", file: file, line: line)
        return replay
    }

    func testSavedSessionReproducesTheWeightsBitForBit() throws {
        let replay = try assertReplaysBitForBit("""
            seed 4
            data spiral 300 classes 3
            split 0.8
            features x y x*y sin(x)
            standardize
            let d = 3
            let a = "tanh"
            net dense ${d}x16 $a init xavier batchnorm
            layer 8 leaky 0.2 init he fan_out gain 1.3
            optim adam lr 0.003
            schedule step 2 0.5
            clip norm 1.0 style tf
            batch 40
            record every 2
            for i in 1..2 { train 1 }
            act 2 sigmoid
            init 1..2 uniform -0.3 0.3
            backward
            optim nesterov 0.8 lr 0.01 decay 0.001
            schedule warmup 5
            train 7 steps
            save session "replay.grad"
            save "original.json"
            """)
        XCTAssertFalse(replay.contains("$"), "the log holds resolved values, not interpolations")
    }

    func testASweepIsReplayed() throws {
        let replay = try assertReplaysBitForBit("""
            seed 2
            data moons 100
            net dense 2x4 relu
            sweep act [tanh relu] { train 1 }
            train 1
            save session "replay.grad"
            save "original.json"
            """)
        XCTAssertTrue(replay.contains("sweep act [tanh relu] {\n    train 1\n}\n"), replay)
    }

    func testFeatureChangesReplayBitForBit() throws {
        // A rebuild on new features draws weights; new 2-D data keeps the features; split and standardize rerun them.
        let replay = try assertReplaysBitForBit("""
            seed 9
            data circles 200
            net dense 1x4 tanh init xavier
            train 2
            let f = "x^2 y^2"
            features $f
            train 2
            data moons 160
            split 0.75
            standardize
            features x y sin(y)
            net dense 0x1 linear
            train 3 steps
            save session "replay.grad"
            save "original.json"
            """)
        XCTAssertTrue(replay.contains("\nfeatures x^2 y^2\n"), replay)
    }

    func testARecurrentNetReplaysWithItsExactInitialisation() throws {
        // The log used to round the std and radius to 4 digits and write `input he` for `input he normal`,
        // so the replayed weights came from other distributions.
        let replay = try assertReplaysBitForBit("""
            seed 5
            data adding 64 length 10 hochreiter
            net rnn 1x8 init normal 0.123456789 radius 0.987654321 input he normal fan_out
            bptt 3
            train 2 steps
            data memorization 64 length 10
            net lstm 2x4 forgetbias 3 every
            optim adamw betas 0.8 0.99 amsgrad lr 0.002
            train 2 steps
            save session "replay.grad"
            save "original.json"
            """)
        XCTAssertTrue(replay.contains("net rnn 1x8 tanh init normal 0.123456789 input he normal fan_out radius 0.987654321\n"), replay)
        XCTAssertTrue(replay.contains("net lstm 2x4 init default forgetbias 3 every\n"), replay)
    }

    func testAPathWithADollarSignReplays() throws {
        // A logged path is a string literal: an unescaped `$x` in it would read back as an interpolation.
        let replay = try assertReplaysBitForBit("""
            seed 1
            data moons 100
            net dense 1x4 relu
            train 1 steps
            save "saved\\$x.json"
            net dense 2x3 tanh
            load "saved\\$x.json"
            train 1 steps
            save session "replay.grad"
            save "original.json"
            """)
        XCTAssertTrue(replay.contains("saved\\$x.json\"\n"), replay)
    }

    func testEveryLoggedCommandReadsBackAsTheSameTree() throws {
        let (interpreter, _) = runScript("""
            seed 3
            data spiral 90 classes 3 noise 0.1
            net dense 2x4 leaky 0.05 init he uniform fan_out gain 1.5 residual bias off
            layer 3 gelu tanh init normal -0.5 0.25
            optim rmsprop centered momentum 0.1 alpha 0.95
            schedule step 3 0.5 steps warmup 2
            clip tensor 0.5
            record every 3
            """)
        for entry in interpreter.commandLog.entries {
            let (program, diagnostics) = Parser.parse(entry.sourceText, name: "log.grad")
            XCTAssertEqual(diagnostics.map(\.description), [], entry.sourceText)
            XCTAssertEqual(program.statements.count, 1, entry.sourceText)
            XCTAssertEqual(program.statements.first.map { $0.sourceText }, entry.sourceText)
        }
    }

    func testANetworkWithoutHiddenLayersIsLoggedSoItReplays() {
        let lines = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: lines)
        _ = interpreter.run(source: "data moons 100\nnet dense 0x1 linear\nhistory", name: "<test>")
        XCTAssertEqual(lines.lines.last, "3  net dense 0x1 linear init default")
    }

    func testHistoryListsOnlyStateChangingCommands() {
        let lines = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(timings: false), output: lines)
        _ = interpreter.run(source: "data moons 100\nshow data\nnet dense 2x4 relu\nprint 1\nhistory", name: "<test>")
        XCTAssertEqual(Array(lines.lines.suffix(3)), ["1  seed 0", "2  data moons 100", "3  net dense 2x4 relu init default"])
    }
}
