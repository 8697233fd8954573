import XCTest
import GradCore
@testable import GradLang
@testable import GradSyntax

/// `features`: the grammar, what it does to the data and the network, and the Playground lesson it is for.
final class FeatureTests: XCTestCase {
    /// Runs `script` quietly; returns the interpreter and everything it printed.
    func run(_ script: String, expect status: RunStatus = .success, quiet: Bool = true,
             file: StaticString = #filePath, line: UInt = #line) -> (Interpreter, [String]) {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: quiet, timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: script, name: "<test>"), status, sink.lines.joined(separator: "\n"),
                       file: file, line: line)
        return (interpreter, sink.lines)
    }

    func testFeaturesAreWordsWithoutSpaces() {
        XCTAssertEqual(dump("features x y x*y x^2 y^2 sin(x) sin(y)"), "features(x, y, x*y, x^2, y^2, sin(x), sin(y))")
        XCTAssertEqual(dump("features x**2 y*x; features"), "features(x^2, x*y)\nfeatures")
        XCTAssertEqual(dump("features $f [\"x\"]", knownNames: ["f"]), "features($(f), $([\"x\"]))")
    }

    func testUnknownAndRepeatedFeatures() {
        XCTAssertEqual(rendered("features x^3 y", [.unknownKeyword]), """
            t.grad:1:10: error: unknown feature 'x^3' for 'features'
            features x^3 y
                     ^~~
            note: did you mean 'x^2'?
            note: features: x y x^2 y^2 x*y sin(x) sin(y)
            """)
        XCTAssertEqual(diagnosticIDs("features sin(x) x sin(x)"), [.duplicateOption])
        XCTAssertEqual(diagnosticIDs("features sin (x)"), [.unknownKeyword])
    }

    func testAShallowNetLearnsCirclesOnlyWithSquaredFeatures() throws {
        func testAccuracy(_ features: String, net: String, epochs: Int) throws -> Double {
            let (interpreter, _) = run("""
                seed 3; data circles 600 noise 0.1; split 0.7; features \(features)
                \(net); optim adam lr 0.05; train \(epochs)
                """)
            return try XCTUnwrap(interpreter.session.evaluate().accuracy)
        }
        // No hidden layer: a line cannot separate a circle from a ring around it; x² and y² make it a line.
        XCTAssertLessThan(try testAccuracy("x y", net: "net dense 0x1 linear", epochs: 30), 0.65)
        XCTAssertGreaterThan(try testAccuracy("x^2 y^2", net: "net dense 0x1 linear", epochs: 30), 0.95)
        // Two tanh units can bend the boundary, but slowly; with the squares they are done at once.
        XCTAssertLessThan(try testAccuracy("x y", net: "net dense 1x2 tanh init xavier", epochs: 10), 0.85)
        XCTAssertGreaterThan(try testAccuracy("x^2 y^2", net: "net dense 1x2 tanh init xavier", epochs: 10), 0.97)
    }

    func testChangingFeaturesRebuildsTheNetworkForItsNewInputs() throws {
        let (interpreter, lines) = run("data moons 100; net dense 1x4 tanh; train 1; features x y x*y x^2 y^2", quiet: false)
        XCTAssertTrue(lines.contains("note: the network was rebuilt for 5 inputs (fresh weights, history cleared)"), lines.joined(separator: "\n"))
        XCTAssertEqual(lines.last, "features: x y x*y x^2 y^2 (5 network inputs)")
        let session = interpreter.session
        XCTAssertEqual(session.network?.spec.inputWidth, 5)
        XCTAssertEqual(session.trainer?.stepCount, 0)
        XCTAssertEqual(session.trainData?.featureNames, ["x", "y", "x*y", "x^2", "y^2"])
        // The same features again change nothing: no rebuild, no fresh weights.
        let weights = session.network?.dense[0].weight.value.values
        _ = interpreter.run(source: "features x y x*y x^2 y^2", name: "<test>")
        XCTAssertEqual(session.network?.dense[0].weight.value.values, weights)
        // Back to the raw coordinates.
        _ = interpreter.run(source: "features x y", name: "<test>")
        XCTAssertNil(session.inputFeatures)
        XCTAssertEqual(session.network?.spec.inputWidth, 2)
    }

    func testFeaturesAreComputedOnRawCoordinatesThenStandardized() throws {
        let (interpreter, _) = run("data circles 200; split 0.5; standardize; features x^2 sin(y)")
        let session = interpreter.session
        let raw = try XCTUnwrap(session.rawTrainData), train = try XCTUnwrap(session.trainData)
        let statistics = try XCTUnwrap(session.standardization)
        // Row 0's first input is the standardized square of its raw x, not the square of a z-score.
        XCTAssertEqual(train.features[0], (raw.features[0] * raw.features[0] - statistics.mean[0]) / statistics.std[0], accuracy: 1e-12)
        XCTAssertEqual(train.features[1], (sin(raw.features[1]) - statistics.mean[1]) / statistics.std[1], accuracy: 1e-12)
        let mean = (0..<train.count).map { train.features[2 * $0] }.reduce(0, +) / Double(train.count)
        XCTAssertEqual(mean, 0, accuracy: 1e-12)
        XCTAssertEqual(session.testData?.inputCount, 2)
        // The order does not matter: standardize after features gives the same inputs.
        let (other, _) = run("data circles 200; split 0.5; features x^2 sin(y); standardize")
        XCTAssertEqual(other.session.trainData, train)
    }

    func testNew2DDataKeepsTheFeaturesOtherDataResetsThem() throws {
        let (interpreter, lines) = run("data moons 100; features x^2 y^2; data spiral 90; show features; data chain 50; show features",
                                       quiet: false)
        XCTAssertTrue(lines.contains("features: x^2 y^2 (2 network inputs)"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("note: the input features were reset: 'chain' has 8 input columns, not 2"))
        XCTAssertEqual(lines.last, "the data's own 8 columns (x1, x2, x3, x4, x5, x6, x7, x8); computed features need 2-D data")
        XCTAssertNil(interpreter.session.inputFeatures)
    }

    func testFeaturesNeed2DData() {
        let (chain, lines) = run("data chain 50; features x y", expect: .failed)
        XCTAssertEqual(chain.lastDiagnosticIDs, [.dataMismatch])
        XCTAssertEqual(lines.first, """
            <test>:1:16: error: features are computed from 2-D points (x, y), but 'chain' has 8 input columns
            data chain 50; features x y
                           ^~~~~~~~~~~~
            note: features work with spiral, moons, circles, xor, blobs, checker and 2-column CSV files
            """)
        let (empty, before) = run("features x^2", expect: .failed)
        XCTAssertEqual(empty.lastDiagnosticIDs, [.noData], before.joined(separator: "\n"))
    }

    func testFeaturesFromAValueAtRunTime() throws {
        let (interpreter, _) = run("data moons 40; let f = \"x^2 y^2\"; features $f sin(x)")
        XCTAssertEqual(interpreter.session.inputFeatures?.features, [.xSquared, .ySquared, .sinX])
        let (unknown, lines) = run("data moons 40; features [\"x\", \"q\"]", expect: .failed)
        XCTAssertEqual(unknown.lastDiagnosticIDs, [.unknownWord], lines.joined(separator: "\n"))
        let (repeated, twice) = run("data moons 40; let f = \"x\"; features $f x", expect: .failed)
        XCTAssertEqual(repeated.lastDiagnosticIDs, [.dataRefused], twice.joined(separator: "\n"))
    }
}
