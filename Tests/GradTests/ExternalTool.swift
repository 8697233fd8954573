import Foundation

/// Another program run by a test, found on PATH: the real client that reads what grad wrote (`unzip`,
/// Python's `csv` and `zipfile`, `sha256sum`).
enum ExternalTool {
    /// Runs `arguments` (the program first) in `directory` with the environment plus `extra`; returns the
    /// exit status and the merged standard output and error.
    static func run(_ arguments: [String], directory: URL? = nil,
                    environment extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
