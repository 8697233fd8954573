import Foundation
import GradLang
import GradSyntax
import XCTest

/// The reproductions in `scripts/examples/papers/`, run as golden scripts: each must print exactly its
/// `.expected` transcript (kept beside it, so readers see the output without running it) and every
/// `expect` in it must hold — a change in the core that stops a classic result from reproducing fails
/// here. `GRAD_UPDATE_GOLDEN=1` rewrites the transcripts; read the diff before committing it.
final class PaperReproductionTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/examples/papers")

    static let reproductions = [
        "glorot_bengio_2010", "he_2015", "pascanu_2013", "ioffe_szegedy_2015", "clip_when_too_small",
        "bengio_1994", "le_2015", "pascanu_2013_rnn",
    ]

    private func check(_ name: String) throws {
        let script = Self.directory.appendingPathComponent("\(name).grad")
        let actual = try GoldenScriptTests.transcript(of: script)
            .replacingOccurrences(of: Self.directory.path + "/", with: "")
        XCTAssertTrue(actual.hasSuffix("[status: success]\n"), "\(name): an expectation failed or the script stopped:\n\(actual)")
        let expectedURL = script.deletingPathExtension().appendingPathExtension("expected")
        if ProcessInfo.processInfo.environment["GRAD_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "<missing \(expectedURL.lastPathComponent)>"
        if actual != expected {
            XCTFail("\(name).grad differs from its expected output:\n\(GoldenScriptTests.difference(expected, actual))")
        }
    }

    func testGlorotBengio2010() throws { try check("glorot_bengio_2010") }
    func testHe2015() throws { try check("he_2015") }
    func testPascanu2013() throws { try check("pascanu_2013") }
    func testIoffeSzegedy2015() throws { try check("ioffe_szegedy_2015") }
    func testClipWhenTooSmall() throws { try check("clip_when_too_small") }
    func testBengio1994() throws { try check("bengio_1994") }
    func testLe2015() throws { try check("le_2015") }
    func testPascanu2013Recurrent() throws { try check("pascanu_2013_rnn") }

    func testEveryReproductionHasATest() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".grad") && !$0.hasPrefix("_") }
            .map { String($0.dropLast(".grad".count)) }
        XCTAssertEqual(Set(scripts), Set(Self.reproductions))
    }
}
