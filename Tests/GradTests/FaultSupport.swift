import Foundation
import XCTest

/// Helpers for the fault tests: a scratch folder, model files to compare, and a grad whose output goes
/// to a file that can be watched while it runs (`RunningGrad` only hands output over at exit).
enum FaultSupport {
    /// How much longer than an optimized build things may take: a debug build under a sanitizer
    /// (`scripts/sanitize` sets GRAD_SANITIZER) runs many times slower, so time bounds stretch with it.
    static let slowdown = ProcessInfo.processInfo.environment["GRAD_SANITIZER"] == nil ? 1.0 : 10.0

    /// A fresh folder under the temporary directory.
    static func scratchFolder(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Files `AtomicFile` (or Foundation's `.atomic`) may leave beside a target: anything hidden or temporary.
    static func temporaries(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(".") || $0.contains("tmp") || $0.contains("nosync") }.sorted()
    }

    /// The bytes of `url`, or nil when it does not exist.
    static func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    /// Runs grad to completion and fails the test on a non-zero exit.
    @discardableResult
    static func run(_ arguments: [String], input: String = "", in folder: URL,
                    file: StaticString = #filePath, line: UInt = #line) throws -> GradBinary.Result {
        let result = try GradBinary.run(arguments, input: input, directory: folder)
        XCTAssertEqual(result.status, 0, result.standardError, file: file, line: line)
        return result
    }
}

/// A grad child whose standard output and error go to files, so a test can wait for a line to appear
/// (training finished, a save begun) and signal the process at that moment.
final class WatchedGrad {
    let process = Process()
    let outputFile: URL
    let errorFile: URL

    init(_ arguments: [String], in folder: URL) throws {
        outputFile = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        errorFile = folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.executableURL = try GradBinary.url()
        process.arguments = arguments
        process.environment = GradBinary.environment()
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// Polls every millisecond until `condition` holds or the process exits; false on exit or timeout.
    func waitUntil(timeout: Double = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            usleep(1000)
        }
        return false
    }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for exit (killing the process after `timeout`) and returns its status and how long it took.
    func finish(timeout: Double = 30) -> (status: Int32, seconds: Double) {
        let started = Date()
        while process.isRunning && Date().timeIntervalSince(started) < timeout { usleep(2000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(started))
    }
}
