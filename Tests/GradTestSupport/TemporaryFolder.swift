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

/// Writes `text` to `name` below `folder`, creating the folders on the way; returns the file's path.
@discardableResult
public func writeFile(_ name: String, _ text: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}
