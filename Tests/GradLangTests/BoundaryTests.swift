import Foundation
import XCTest
import GradCore
@testable import GradLang

/// `plot boundary`: what the session computes, the snapshots `train` keeps, and the errors.
final class BoundaryTests: XCTestCase {
    /// Runs `script` quietly; returns the interpreter and everything it printed.
    func run(_ script: String, expect status: RunStatus = .success, file: StaticString = #filePath,
             line: UInt = #line) -> (Interpreter, [String]) {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: script, name: "<test>"), status, sink.lines.joined(separator: "\n"),
                       file: file, line: line)
        return (interpreter, sink.lines)
    }

    /// Found by the test suite: points near ±1e308 overflowed the plane's width and trapped converting
    /// the picture's aspect ratio to rows; now `plot boundary` says so and `train` skips its snapshots.
    func testDataTooWideToDrawIsAnErrorNotATrap() {
        let (interpreter, lines) = run("seed 1; data moons 20 noise 1e308; net dense 1x4; plot boundary", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.invalidValue], lines.joined(separator: "\n"))
        XCTAssertEqual(BoundaryGrid.sized(columns: 40, cellAspect: 2, maxRows: 20, xRange: -1...1,
                                          yRange: -Double.infinity...Double.infinity).rows, 20, "drawn square")
    }

    func testTheRegionsAgreeWithTheNetworksPredictions() throws {
        let (interpreter, _) = run("seed 4; data moons 400; net dense 2x16 tanh init xavier; optim adam lr 0.02; train 20")
        let session = interpreter.session
        let map = try BoundaryModels(session).boundaryMap(style: ChartStyle())
        guard case .classes(let predicted, let confidence, let classes) = map.cells else { return XCTFail("expected classes") }
        XCTAssertEqual(classes, ["class 0", "class 1"])
        let labelWidth = BoundaryMap.yLabels(map.grid.yRange).map(\.count).max() ?? 0
        XCTAssertEqual(map.grid.columns, 80 - labelWidth - 2, "80 columns less the y labels and the axis")
        XCTAssertEqual(map.lines(ChartStyle()).map(\.count).max(), 80)
        XCTAssertEqual(map.points.count, 400)
        XCTAssertTrue(confidence.allSatisfy { $0 >= 0.5 && $0 <= 1 })
        // Reading each training point's class off the picture reproduces the network's accuracy closely.
        let raw = try XCTUnwrap(session.rawTrainData)
        let agree = (0..<raw.count).filter { row in
            map.grid.cell(x: raw.features[2 * row], y: raw.features[2 * row + 1]).map { predicted[$0] } == raw.label(ofRow: row)
        }.count
        let accuracy = try XCTUnwrap(session.evaluate().accuracy)
        XCTAssertEqual(Double(agree) / Double(raw.count), accuracy, accuracy: 0.03)
        XCTAssertGreaterThan(accuracy, 0.85)
    }

    func testPlottingChangesNothingTheNextStepsDependOn() throws {
        let script = "seed 5; data spiral 300 classes 3; net dense 3x16 relu init he batchnorm; train 2\n"
        let (plain, _) = run(script + "train 2")
        let (plotted, _) = run(script + "plot boundary; plot boundary layer 2 unit 3; plot acts; train 2")
        XCTAssertEqual(plain.session.network?.parameters.map(\.value.values), plotted.session.network?.parameters.map(\.value.values))
        XCTAssertEqual(plain.session.network?.batchNorms.compactMap { $0?.runningMean.values },
                       plotted.session.network?.batchNorms.compactMap { $0?.runningMean.values })
    }

    func testASingleBCELogitGivesTwoClassesBySign() throws {
        XCTAssertEqual(BoundaryModels.verdict([2], loss: .binaryCrossEntropy).label, 1)
        XCTAssertEqual(BoundaryModels.verdict([-2], loss: .binaryCrossEntropy).label, 0)
        XCTAssertEqual(BoundaryModels.verdict([-2], loss: .binaryCrossEntropy).confidence, 1 / (1 + exp(-2)), accuracy: 1e-12)
        let softmax = BoundaryModels.verdict([1, 3, 2], loss: .crossEntropy)
        XCTAssertEqual(softmax.label, 1)
        XCTAssertEqual(softmax.confidence, exp(3) / (exp(1) + exp(3) + exp(2)), accuracy: 1e-12)
        XCTAssertEqual(BoundaryModels.verdict([0.2, 1.4], loss: .meanSquaredError).confidence, 1)
        let (interpreter, _) = run("seed 1; data xor 200; loss bce; net dense 1x8 tanh; train 3")
        guard case .classes(_, _, let classes) = try BoundaryModels(interpreter.session).boundaryMap(style: ChartStyle()).cells else {
            return XCTFail("a one-logit classifier still draws classes")
        }
        XCTAssertEqual(classes.count, 2)
    }

    func testRegressionOn2DDataIsShadedByValue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-boundary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = (0..<50).map { index in "\(Double(index % 10) / 10),\(Double(index / 10) / 5),\(Double(index % 10) / 10 + Double(index / 10))" }
        try (["a,b,t"] + rows).joined(separator: "\n").write(to: folder.appendingPathComponent("plane.csv"), atomically: true, encoding: .utf8)
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: "data csv \"plane.csv\" target t; loss mse; net dense 1x4 tanh; train 2; plot boundary",
                                       name: folder.appendingPathComponent("t.grad").path), .success, sink.lines.joined(separator: "\n"))
        XCTAssertEqual(sink.lines.first, "predicted value (output 1) at step 2 (2 → 1x4 tanh init default → 1, eval mode)")
        XCTAssertTrue(sink.lines.contains { $0.contains("x: a, y: b") }, "axes are named after the CSV's columns")
    }

    func testUnitPicturesCheckTheLayerAndTheUnit() {
        let script = "data moons 100; net dense 2x4 tanh\n"
        let (noLayer, layer) = run(script + "plot boundary layer 4 unit 1", expect: .failed)
        XCTAssertEqual(noLayer.lastDiagnosticIDs, [.noSuchLayer])
        XCTAssertEqual(layer.last, """
            <test>:2:21: error: layer 4 does not exist; this network has layers 1 to 3 (3 is the output layer)
            plot boundary layer 4 unit 1
                                ^
            """)
        let (noUnit, unit) = run(script + "plot boundary layer 3 unit 3", expect: .failed)
        XCTAssertEqual(noUnit.lastDiagnosticIDs, [.noSuchLayer])
        XCTAssertEqual(unit.last, """
            <test>:2:28: error: layer 3 has units 1 to 2; there is no unit 3
            plot boundary layer 3 unit 3
                                       ^
            """)
        let (_, output) = run(script + "plot boundary layer 3 unit 2")
        XCTAssertEqual(output.first, "layer 3 output 2 (logits) over the input plane at step 0, eval mode")
    }

    func testOnlyTwoDimensionalDataHasAPlane() {
        let (chain, lines) = run("data chain 60; loss mse; net dense 1x4 tanh; plot boundary", expect: .failed)
        XCTAssertEqual(chain.lastDiagnosticIDs, [.dataMismatch])
        XCTAssertTrue(lines.last?.hasPrefix("<test>:1:46: error: plot boundary needs 2-D data (x, y); 'chain' has 8 input columns") == true,
                      lines.joined(separator: "\n"))
        let (empty, none) = run("plot boundary", expect: .failed)
        XCTAssertEqual(empty.lastDiagnosticIDs, [.noData], none.joined(separator: "\n"))
    }

    func testTrainKeepsFourSnapshotsOfItsRun() throws {
        let (interpreter, _) = run("seed 2; data circles 256; batch 32; net dense 1x4 tanh; train 5")
        let session = interpreter.session
        // 8 steps an epoch, 40 planned: before, after 10 and 20 steps, and at the end.
        XCTAssertEqual(session.boundarySnapshots.map(\.step), [0, 10, 20, 40])
        XCTAssertEqual(session.boundarySnapshots.first?.grid.columns, Session.snapshotColumns)
        _ = interpreter.run(source: "train 2 steps", name: "<test>")
        XCTAssertEqual(session.boundarySnapshots.map(\.step), [40, 41, 42], "the latest command's, replacing the last one's")
        _ = interpreter.run(source: "reset", name: "<test>")
        XCTAssertEqual(session.boundarySnapshots.count, 0, "fresh weights: the old pictures no longer describe this network")
        _ = interpreter.run(source: "train 1 steps; net dense 1x3 relu", name: "<test>")
        XCTAssertEqual(session.boundarySnapshots.count, 0)
        let (untrained, before) = run("data moons 100; net dense 1x4 tanh; plot boundary over time", expect: .failed)
        XCTAssertEqual(untrained.lastDiagnosticIDs, [.nothingRecorded], before.joined(separator: "\n"))
    }

    func testNoSnapshotsAreTakenForOtherData() {
        let (interpreter, _) = run("data chain 64; loss mse; net dense 1x4 tanh; train 2")
        XCTAssertEqual(interpreter.session.boundarySnapshots.count, 0)
    }

    func testSnapshotsAreCheap() throws {
        // A capture is one eval pass over ~500 grid rows: far below the cost of the training it records.
        let (interpreter, _) = run("seed 1; data spiral 1536 classes 3; net dense 20x64 relu init he")
        let session = interpreter.session
        let recorder = try XCTUnwrap(BoundaryRecorder(session: session, plannedSteps: 120))
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 0..<4 { recorder.capture(step: step) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        XCTAssertEqual(recorder.snapshots.count, 4)
        XCTAssertLessThan(seconds, 0.5, "four captures took \(seconds) s")
    }
}
