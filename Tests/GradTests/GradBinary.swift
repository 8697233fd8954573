import Foundation
import XCTest

/// The built `grad` executable, run as a child process the way users and pipelines run it.
enum GradBinary {
    /// What one run produced.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    enum Failure: Error, CustomStringConvertible {
        case notBuilt([String])
        case timedOut(seconds: Double)

        var description: String {
            switch self {
            case .notBuilt(let tried): "no built grad binary (run `swift build` first); looked at \(tried)"
            case .timedOut(let seconds): "grad did not finish within \(seconds) s"
            }
        }
    }

    /// The executable: beside the test bundle (same build configuration), else `.build/debug/grad`.
    static func url() throws -> URL {
        var candidates: [URL] = []
        if let testExecutable = Bundle.main.executableURL {
            candidates.append(testExecutable.deletingLastPathComponent().appendingPathComponent("grad"))
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("grad"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/grad"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw Failure.notBuilt(candidates.map(\.path))
    }

    /// The package's root directory, found from this source file's location.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// An environment for a child grad: no colour variables leaking in from the developer's shell, and
    /// history pointed away from the developer's own file.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        environment["GRAD_HISTORY_FILE"] = FileManager.default.temporaryDirectory
            .appendingPathComponent("grad-test-history-\(getpid())").path
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts grad with `arguments`, feeds it `input` on stdin (then closes it), and waits.
    static func run(_ arguments: [String], input: String = "", directory: URL? = nil,
                    environment extra: [String: String] = [:], timeout: Double = 60) throws -> Result {
        let process = try start(arguments, directory: directory, environment: extra)
        process.input.fileHandleForWriting.write(Data(input.utf8))
        try process.input.fileHandleForWriting.close()
        return try process.wait(timeout: timeout)
    }

    /// Starts grad and returns at once, for tests that signal it while it runs.
    static func start(_ arguments: [String], directory: URL? = nil,
                      environment extra: [String: String] = [:]) throws -> RunningGrad {
        try RunningGrad(executable: url(), arguments: arguments, directory: directory,
                        environment: environment(extra))
    }
}

/// A grad child process whose output is collected on background threads (so a full pipe never stalls it).
final class RunningGrad {
    let process = Process()
    let input = Pipe()
    private let output = Pipe()
    private let error = Pipe()
    private let collected = DispatchGroup()
    private var outputData = Data()
    private var errorData = Data()

    init(executable: URL, arguments: [String], directory: URL?, environment: [String: String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        collect(output) { self.outputData = $0 }
        collect(error) { self.errorData = $0 }
    }

    private func collect(_ pipe: Pipe, into store: @escaping (Data) -> Void) {
        collected.enter()
        DispatchQueue.global().async {
            store(pipe.fileHandleForReading.readDataToEndOfFile())
            self.collected.leave()
        }
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for exit and all output; kills the process and throws after `timeout` seconds.
    func wait(timeout: Double) throws -> GradBinary.Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw GradBinary.Failure.timedOut(seconds: timeout)
        }
        process.waitUntilExit()
        collected.wait()
        return GradBinary.Result(status: process.terminationStatus,
                                 standardOutput: String(decoding: outputData, as: UTF8.self),
                                 standardError: String(decoding: errorData, as: UTF8.self))
    }
}
