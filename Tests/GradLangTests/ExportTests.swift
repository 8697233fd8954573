import Foundation
@testable import GradCore
import GradTestSupport
import XCTest
@testable import GradLang

/// `export grads` and `export history` write flat tables that pandas reads without options.
final class ExportTests: XCTestCase {

    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-export")
    }

    @discardableResult
    func run(_ script: String, expect status: RunStatus = .success, file: StaticString = #filePath, line: UInt = #line) -> Interpreter {
        let sink = Lines()
        let interpreter = Interpreter(options: InterpreterOptions(quiet: true, timings: false), output: sink)
        XCTAssertEqual(interpreter.run(source: script, name: directory.appendingPathComponent("t.grad").path), status,
                       sink.lines.joined(separator: "\n"), file: file, line: line)
        return interpreter
    }

    let script = "seed 1; data moons 200; net dense 2x4 tanh init xavier batchnorm; clip norm 0.1; train 2\n"

    func lines(_ name: String) throws -> [String] {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func testGradientsOfTheLastStepOneRowPerEntry() throws {
        let interpreter = run(script + "export grads \"g.csv\"")
        let rows = try lines("g.csv")
        XCTAssertEqual(rows.first, "layer,name,role,row,col,gradient")
        let network = try XCTUnwrap(interpreter.session.network)
        XCTAssertEqual(rows.count - 1, network.parameters.map(\.count).reduce(0, +))
        // Every entry equals the gradient buffer the optimizer used (clipped: norm 0.1 acted).
        var index = 1
        for parameter in network.parameters {
            for row in 0..<parameter.gradient.rows {
                for column in 0..<parameter.gradient.cols {
                    let fields = rows[index].split(separator: ",", omittingEmptySubsequences: false)
                    XCTAssertEqual(fields.count, 6, rows[index])
                    XCTAssertEqual(String(fields[1]), parameter.name)
                    XCTAssertEqual(Float(Double(fields[5]) ?? .nan), parameter.gradient[row, column])
                    // Vectors (biases, γ, β) have one index and an empty column.
                    if parameter.role == .bias { XCTAssertEqual(fields[4], "") }
                    index += 1
                }
            }
        }
        let squares = rows.dropFirst().compactMap { Double($0.split(separator: ",").last ?? "") }.map { $0 * $0 }
        XCTAssertEqual(squares.reduce(0, +).squareRoot(), 0.1, accuracy: 1e-4, "the clipped global norm")
    }

    func testEveryTensorRebuildsFromRowAndColumnInItsStateDictShape() throws {
        // One output (binary cross-entropy): the output weight is a 1×4 matrix, not a vector.
        let interpreter = run("seed 1; data moons 100; net dense 2x4 tanh batchnorm; loss bce; train 1; export grads \"g.csv\"\n")
        var shapes: [String: (rows: Int, cols: Int?)] = [:]
        for line in try lines("g.csv").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let row = try XCTUnwrap(Int(fields[3])), column = Int(fields[4])
            let known = shapes[fields[1]]
            shapes[fields[1]] = (max(known?.rows ?? 0, row + 1), column.map { max(known?.cols ?? 0, $0 + 1) })
        }
        let network = try XCTUnwrap(interpreter.session.network)
        let stateDict = GradCore.StateDict(network: network)
        for parameter in network.parameters {
            let shape = try XCTUnwrap(shapes[parameter.name], parameter.name)
            let rebuilt = shape.cols.map { "[\(shape.rows), \($0)]" } ?? "[\(shape.rows)]"
            XCTAssertEqual(rebuilt, stateDict.tensors[parameter.name]?.shapeDescription, parameter.name)
        }
        let output = try XCTUnwrap(network.parameters.last { $0.role == .weight })
        XCTAssertEqual(stateDict.tensors[output.name]?.shapeDescription, "[1, 4]")
    }

    func testGradientsAsJSONRecords() throws {
        run(script + "export grads \"g.json\"")
        let text = try String(contentsOf: directory.appendingPathComponent("g.json"), encoding: .utf8)
        let records = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        XCTAssertEqual(records.first?["name"] as? String, "0.weight")
        XCTAssertTrue(records.contains { $0["col"] is NSNull }, "bias rows have a null column")
    }

    func testHistoryJSONIsFlatWithTheCSVColumnsAndNullForNaN() throws {
        run("seed 1; data sine 100; loss mse; net dense 2x4 tanh init xavier; train 1\nexport history \"h.csv\"; export history \"h.json\"")
        let header = try lines("h.csv")[0].split(separator: ",").map(String.init)
        let text = try String(contentsOf: directory.appendingPathComponent("h.json"), encoding: .utf8)
        let records = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        XCTAssertEqual(Set(records[0].keys), Set(header))
        XCTAssertTrue(records[0]["accuracy"] is NSNull, "regression has no accuracy: null, not the string \"nan\"")
        XCTAssertEqual(try lines("h.csv").count, records.count + 1)
    }

    func testNoGradientsYetIsAnError() {
        run("seed 1; data moons 100; net dense 2x4 relu; export grads \"g.csv\"", expect: .failed)
    }

    /// A Python that has pandas: `GRAD_PANDAS_PYTHON`, else `python3` if it imports pandas.
    static var pandasPython: String? {
        let candidates = [ProcessInfo.processInfo.environment["GRAD_PANDAS_PYTHON"], "/usr/bin/python3"].compactMap { $0 }
        return candidates.first { python in
            guard FileManager.default.isExecutableFile(atPath: python) else { return false }
            return (try? ExportTests.python(python, "import pandas")) == 0
        }
    }

    @discardableResult
    static func python(_ python: String, _ code: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", code]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func testPandasReadsEveryExportWithoutOptions() throws {
        guard let python = Self.pandasPython else { throw XCTSkip("no Python with pandas (set GRAD_PANDAS_PYTHON)") }
        run(script + "export grads \"g.csv\"; export grads \"g.json\"; export history \"h.csv\"; export history \"h.json\"")
        let code = """
            import pandas as pd, os, math
            os.chdir(\(String(reflecting: directory.path)))
            g, gj = pd.read_csv("g.csv"), pd.read_json("g.json")
            assert list(g.columns) == ["layer", "name", "role", "row", "col", "gradient"] and len(g) == len(gj) == 58
            assert str(g["gradient"].dtype) == "float64" and str(g["layer"].dtype) == "int64"
            h, hj = pd.read_csv("h.csv"), pd.read_json("h.json")
            assert list(h.columns) == list(hj.columns) and len(h) == len(hj) == 8
            assert all(str(t).startswith(("float", "int")) for t in h.dtypes), h.dtypes
            assert math.isclose(h["loss"].iloc[-1], hj["loss"].iloc[-1], rel_tol=1e-12)
            """
        XCTAssertEqual(try Self.python(python, code), 0, "pandas could not read the exports as expected")
    }
}

extension ExportTests {
    /// `export data` writes every generated row exactly (the shortest form that reads back as the same
    /// Double), features under their names, then y, or y1…yN for a target per step; a class set with
    /// names writes the names.
    func testDataIsWrittenExactlyWithItsTargets() throws {
        let interpreter = run("seed 4; data memorization 5 length 2; export data \"m.csv\"")
        let data = try XCTUnwrap(interpreter.session.fullData)
        let rows = try lines("m.csv")
        let header = rows[0].split(separator: ",").map(String.init)
        XCTAssertEqual(header, data.featureNames + (1...data.task.targetWidth).map { "y\($0)" })
        XCTAssertEqual(rows.count - 1, data.count)
        for (index, line) in rows.dropFirst().enumerated() {
            let values = line.split(separator: ",", omittingEmptySubsequences: false).map { Double(String($0))! }
            let width = data.task.targetWidth, inputs = data.inputCount
            XCTAssertEqual(values[..<inputs].map(\.bitPattern),
                           data.features[(index * inputs)..<((index + 1) * inputs)].map(\.bitPattern))
            XCTAssertEqual(Array(values[inputs...]), Array(data.targets[(index * width)..<((index + 1) * width)]))
        }
        let csv = directory.appendingPathComponent("flowers.csv")
        try "a,b,kind\n1.5,2,rose\n0.25,3,tulip\n".write(to: csv, atomically: true, encoding: .utf8)
        run("data csv \"flowers.csv\" target kind; export data \"again.json\"")
        let json = try String(contentsOf: directory.appendingPathComponent("again.json"), encoding: .utf8)
        XCTAssertTrue(json.contains(#"{"a": 1.5, "b": 2, "y": "rose"}"#), json)
        run("export data \"nothing.csv\"", expect: .failed)
    }
}
