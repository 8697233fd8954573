import Foundation
import GradCore
import GradSyntax

/// `save`, `load`, `export`, `save session`, `run` and `report`: what goes to and comes from files, and the runs
/// kept for `compare`.
extension Interpreter {
    /// `save "FILE.json"`.
    func runSave(_ path: Expr, directory: URL?) throws {
        let file = try string(path, what: "the file name")
        let target = try writableFile(file, at: path.range, directory: directory)
        let url = try runSession(at: path.range) { try session.saveModel(to: target.relativePath, relativeTo: target.baseURL) }
        if !options.quiet { output.line("saved \(url.relativePath)") }
    }

    /// `load "FILE.json"`.
    func runLoad(_ path: Expr, directory: URL?) throws {
        let file = try string(path, what: "the file name")
        let source = try readableFile(file, at: path.range, directory: directory)
        try runSession(at: path.range) { try session.loadModel(from: source.relativePath, relativeTo: source.baseURL) }
        commandLog.append(.load(path: SessionLog.string(source.path)))
        if !options.quiet { output.line("loaded \(file)") }
    }

    /// `export history|grads|tensorboard "FILE"`.
    func runExport(_ what: ExportTarget, _ path: Expr, directory: URL?) throws {
        let file = try string(path, what: "the file name")
        let target = try writableFile(file, at: path.range, directory: directory)
        let url = try runSession(at: path.range) {
            switch what {
            case .history: try session.exportHistory(to: target.relativePath, relativeTo: target.baseURL)
            case .grads: try session.exportGradients(to: target.relativePath, relativeTo: target.baseURL)
            case .tensorboard: try session.exportTensorBoard(to: target.relativePath, relativeTo: target.baseURL)
            case .data: try session.exportData(to: target.relativePath, relativeTo: target.baseURL)
            }
        }
        if !options.quiet { output.line("exported \(url.relativePath)") }
    }

    /// `save session "FILE.grad"`.
    func runSaveSession(_ path: Expr, directory: URL?) throws {
        let target = try writableFile(try string(path, what: "the file name"), at: path.range, directory: directory)
        try saveSession(to: target.path, directory: nil, range: path.range)
    }

    /// `run "NAME"`: keeps the current results under a name, for `compare`.
    func runKeep(_ name: Expr) throws {
        let runName = try string(name, what: "the run name")
        try runSession(at: name.range) { try session.saveRun(named: runName) }
        if !options.quiet { output.line("kept the current results as run '\(runName)'") }
    }

    /// `report "FILE.html"`.
    func runReport(_ path: Expr, directory: URL?) throws {
        let file = try string(path, what: "the file name")
        let target = try writableFile(file, at: path.range, directory: directory)
        let url = try runSession(at: path.range) { try Report.write(session, to: target.relativePath, relativeTo: target.baseURL) }
        if !options.quiet {
            output.figure(Figure(text: ["wrote \(url.relativePath)"]) { Report.framed(try String(contentsOf: url, encoding: .utf8)) })
        }
    }
}
