import Foundation
@testable import GradCore
@testable import GradLang
import XCTest

/// A model file carries the input features and standardization it was trained with, so loading it into a
/// session with the raw data gives the network the same inputs, with no `features` or `standardize` retyped.
final class ModelInputsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-model-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Runs `source` in `interpreter` (a fresh one when nil) with its files in the test's folder; returns the
    /// status, the lines printed by this run, and the interpreter.
    @discardableResult
    private func run(_ source: String, in interpreter: Interpreter? = nil) -> (RunStatus, String, Interpreter) {
        let interpreter = interpreter ?? Interpreter(options: InterpreterOptions(timings: false), output: Lines())
        let output = interpreter.output as! Lines
        let start = output.lines.count
        let status = interpreter.run(source: source, name: folder.appendingPathComponent("t.grad").path)
        return (status, output.lines[start...].joined(separator: "\n"), interpreter)
    }

    func testLoadingRestoresFeaturesAndTheSavedStatistics() throws {
        let (status, trained, original) = run("""
            seed 3
            data circles 200
            split 0.75
            features x^2 y^2
            standardize
            net dense 1x8 tanh init xavier
            train 4
            save "m.json"
            print str(test_loss)
            """)
        XCTAssertEqual(status, .success, trained)
        // The same raw data, then the model alone: its features and its own statistics are back.
        let (loadStatus, evaluated, loaded) = run("seed 3\ndata circles 200\nsplit 0.75\nload \"m.json\"\nprint str(test_loss)\n")
        XCTAssertEqual(loadStatus, .success, evaluated)
        XCTAssertEqual(evaluated.split(separator: "\n").last, trained.split(separator: "\n").last, "the same test loss, to the last digit")
        XCTAssertEqual(loaded.session.inputFeatures, original.session.inputFeatures)
        XCTAssertEqual(loaded.session.standardization, original.session.standardization)
        XCTAssertTrue(try ShowTables(loaded.session).showData().joined().contains("standardized with the loaded model's mean and std"))
        // New data is transformed with the model's statistics, not refitted to it.
        run("data circles 100\n", in: loaded)
        XCTAssertEqual(loaded.session.standardization, original.session.standardization)
        // 'standardize' refits, and so does a new network.
        run("standardize\n", in: loaded)
        XCTAssertNotEqual(loaded.session.standardization, original.session.standardization)
        XCTAssertNil(loaded.session.modelStandardization)
    }

    func testAModelWithoutFeaturesDropsTheSessionsFeatures() throws {
        XCTAssertEqual(run("seed 1\ndata moons 100\nnet dense 1x4\nsave \"plain.json\"\n").0, .success)
        let (status, text, session) = run("seed 1\ndata moons 100\nfeatures x^2 y^2 x*y\nload \"plain.json\"\nshow features\n")
        XCTAssertEqual(status, .success, text)
        XCTAssertNil(session.session.inputFeatures)
        XCTAssertNil(session.session.standardization)
    }

    func testFeaturesOfTwoDimensionalDataCannotMeetOtherDataAndTheSessionStaysAsItWas() throws {
        XCTAssertEqual(run("seed 1\ndata moons 100\nfeatures x^2 y^2\nnet dense 1x4\nsave \"f.json\"\n").0, .success)
        let (_, _, session) = run("seed 1\ndata chain 50\nnet dense 1x4\n")
        let before = session.session.trainData
        let (status, text, _) = run("load \"f.json\"\n", in: session)
        XCTAssertEqual(status, .failed)
        XCTAssertEqual(session.lastDiagnosticIDs, [.dataMismatch], text)
        XCTAssertEqual(session.session.trainData, before)
        XCTAssertNil(session.session.inputFeatures)
    }

    func testFilesWithoutInputsStillLoadAndBadInputsAreRefused() throws {
        XCTAssertEqual(run("seed 1\ndata moons 100\nstandardize\nnet dense 1x4\nsave \"s.json\"\n").0, .success)
        let url = folder.appendingPathComponent("s.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        XCTAssertNotNil(json["inputs"])
        // Written before inputs were stored: the file has no such key, and loads as a model without them.
        json["inputs"] = nil
        let old = folder.appendingPathComponent("old.json")
        try JSONSerialization.data(withJSONObject: json).write(to: old)
        XCTAssertNil(try ModelFile.read(from: old).file.inputs)
        for (bad, reason) in [
            (["standardization": ["mean": [0, 0], "std": [1, 0]]], "standard deviation of feature 2 must be positive"),
            (["standardization": ["mean": [0], "std": [1]]], "the standardization has 1 columns but the network takes 2"),
            (["features": ["features": ["x", "x"]]], "the feature 'x' is listed twice"),
            (["features": ["features": ["x", "y", "x^2"]]], "the input features give 3 columns but the network takes 2"),
        ] as [([String: Any], String)] {
            json["inputs"] = bad
            try JSONSerialization.data(withJSONObject: json).write(to: old)
            XCTAssertThrowsError(try ModelFile.read(from: old)) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
            }
        }
    }
}
