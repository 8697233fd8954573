import Foundation
import XCTest

/// The memory limit as a person meets it: half the machine's memory unless GRAD_MEMORY_LIMIT_MB says
/// otherwise, and a refusal that states the estimate, the limit and where the limit comes from.
final class ResourceLimitEndToEndTests: XCTestCase {
    func testTheDefaultLimitIsHalfTheMemoryAndSaysSo() throws {
        try RealLanguage.require()
        let result = try GradBinary.run(["-e", "data moons 100; net dense 3x1000000"])
        XCTAssertEqual(result.status, 1)
        XCTAssertNotNil(result.standardError.range(
            of: "this network \\(64-row batches\\) would need about [0-9.]+ TB of memory, over the limit of [0-9.]+ GB",
            options: .regularExpression), result.standardError)
        XCTAssertTrue(result.standardError.contains(
            "the limit is half of this machine's memory; GRAD_MEMORY_LIMIT_MB=N sets it to N megabytes"), result.standardError)
    }

    func testGradMemoryLimitMBOverridesIt() throws {
        try RealLanguage.require()
        let script = ["-e", "data moons 100; net dense 2x2000; print \"built\""]
        let limited = try GradBinary.run(script, environment: ["GRAD_MEMORY_LIMIT_MB": "50"])
        XCTAssertEqual(limited.status, 1)
        XCTAssertTrue(limited.standardError.contains("would need about 89.5 MB of memory, over the limit of 50 MB"),
                      limited.standardError)
        XCTAssertTrue(limited.standardError.contains("(the limit is GRAD_MEMORY_LIMIT_MB)"), limited.standardError)
        let roomy = try GradBinary.run(script, environment: ["GRAD_MEMORY_LIMIT_MB": "500"])
        XCTAssertEqual(roomy.status, 0, roomy.standardError)
        XCTAssertTrue(roomy.standardOutput.hasSuffix("built\n"), roomy.standardOutput)
    }
}
