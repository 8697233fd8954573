import Foundation
import GradTestSupport
import XCTest

/// The built binary against input made to crash it: in script mode, with `-e` and on standard input,
/// each must end with exit 1 and a located error, never by a signal.
final class HostileInputEndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-hostile-e2e")
    }

    private func script(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func testAnExpressionOfTwentyThousandTermsIsAnErrorInEveryMode() throws {
        let program = "print " + Array(repeating: "1", count: 20_000).joined(separator: " + ") + "\n"
        let path = try script("long.grad", Data(program.utf8))
        for result in [try GradBinary.run([path]), try GradBinary.run(["-e", program]), try GradBinary.run([], input: program)] {
            XCTAssertEqual(result.status, 1, result.standardError)
            XCTAssertTrue(result.standardError.contains(":1:"), result.standardError)
            XCTAssertTrue(result.standardError.contains("expression too long"), result.standardError)
            XCTAssertLessThan(result.standardError.utf8.count, 2000)
        }
    }

    func testABinaryFileIsRefusedWithOneError() throws {
        var bytes = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00])
        bytes.append(contentsOf: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let path = try script("program", bytes)
        let result = try GradBinary.run([path])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.standardError, "grad: cannot run '\(path)': it contains a NUL byte (line 1), so it is not a text file\n")
    }

    func testAScriptWithAByteOrderMarkRuns() throws {
        let path = try script("bom.grad", Data([0xEF, 0xBB, 0xBF]) + Data("print \"ok\"\n".utf8))
        let result = try GradBinary.run([path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput, "ok\n")
    }

    func testAFolderGivenAsTheScriptSaysSo() throws {
        let result = try GradBinary.run([directory.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardError.hasSuffix(": Is a directory\n"), result.standardError)
    }
}
