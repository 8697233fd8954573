import Foundation
import GradCore
import GradFuzzTargets
import XCTest

/// Replays, through the fuzz targets' own checks, every input `scripts/fuzz` ever crashed on (kept in
/// `fuzz/regressions/TARGET/`) and every seed. A regression traps the test process, which fails the suite.
final class FuzzRegressionTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fuzz")

    private func inputs(_ kind: String, _ target: String) -> [URL] {
        let directory = Self.folder.appendingPathComponent(kind).appendingPathComponent(target)
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private func replay(_ file: URL, through target: FuzzTarget.Type) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        bytes.withUnsafeBufferPointer { target.run($0) }
    }

    func testEveryFoundCrashStaysFixed() throws {
        var replayed = 0
        for (name, target) in FuzzTargets.all.sorted(by: { $0.key < $1.key }) {
            for file in inputs("regressions", name) {
                try replay(file, through: target)
                replayed += 1
            }
        }
        // The folders are committed with the crashes the fuzzer found; an empty set means they went missing.
        XCTAssertGreaterThan(replayed, 0, "no regression inputs found under \(Self.folder.path)/regressions")
    }

    func testSeedsRunThroughTheirTargets() throws {
        for name in ["csv", "model", "evaluate"] {
            let seeds = inputs("seeds", name)
            XCTAssertFalse(seeds.isEmpty, "no \(name) seeds")
            for file in seeds { try replay(file, through: try XCTUnwrap(FuzzTargets.all[name])) }
        }
    }

    /// The model seeds must stay loadable as the format evolves, or the model fuzzer starts from noise.
    func testModelSeedsAreValidModelFiles() throws {
        for file in inputs("seeds", "model") {
            XCTAssertNoThrow(try ModelFile.read(from: file), file.lastPathComponent)
        }
    }
}
