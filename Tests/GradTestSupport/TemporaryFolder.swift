import Foundation
import XCTest

extension XCTestCase {
    /// A new, empty folder under the system's temporary directory, named `prefix-UUID`, removed with all it
    /// holds when the current test ends (pass or fail).
    public func makeTemporaryFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}
