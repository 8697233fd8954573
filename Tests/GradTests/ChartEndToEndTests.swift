import XCTest

/// The program picks the chart characters from the locale and draws 80 columns when not on a terminal.
final class ChartEndToEndTests: XCTestCase {
    let script = "seed 1; data moons 200; net dense 3x16 tanh init xavier; train 2; plot grads; plot loss"

    func testASCIIOutsideAUTF8Locale() throws {
        let result = try GradBinary.run(["-q", "-e", script], environment: ["LC_ALL": "C", "LANG": "C"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("layer 1 |#"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.unicodeScalars.allSatisfy(\.isASCII), result.standardOutput)
    }

    func testUnicodeInAUTF8LocaleAndEightyColumnsInAPipe() throws {
        let result = try GradBinary.run(["-q", "-e", script], environment: ["LC_ALL": "C.UTF-8"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("layer 1 │█"), result.standardOutput)
        let widest = result.standardOutput.split(separator: "\n").map(\.count).max() ?? 0
        XCTAssertLessThanOrEqual(widest, 80)
        XCTAssertGreaterThan(widest, 70)
        XCTAssertFalse(result.standardOutput.contains("\u{1B}["), "no colour in a pipe")
    }
}
