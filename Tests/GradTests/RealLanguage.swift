import XCTest

/// Whether the real GradLang interpreter is linked. While `Sources/GradLang/InterpreterStub.swift` stands
/// in for it, the few checks that need real evaluation (`print 1+1` → `2`, variables, `args`, training
/// state) are skipped. Set this to true when the real interpreter lands: those checks then run, and
/// `RealLanguageFlagTests` fails if the flag and the built binary disagree, so it cannot go stale.
enum RealLanguage {
    static let isAvailable = true

    /// Skips the calling test until the real interpreter is linked.
    static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        guard isAvailable else {
            throw XCTSkip("needs the real GradLang interpreter; set RealLanguage.isAvailable once it is merged")
        }
    }
}

/// Keeps `RealLanguage.isAvailable` honest.
final class RealLanguageFlagTests: XCTestCase {
    func testFlagMatchesTheBuiltInterpreter() throws {
        let result = try GradBinary.run(["-e", "print 1+1"])
        let evaluates = result.standardOutput == "2\n"
        XCTAssertEqual(evaluates, RealLanguage.isAvailable, RealLanguage.isAvailable
            ? "RealLanguage.isAvailable is true but `grad -e 'print 1+1'` printed \(result.standardOutput.debugDescription)"
            : "The real interpreter has landed (`print 1+1` printed 2): set RealLanguage.isAvailable to true")
    }
}
