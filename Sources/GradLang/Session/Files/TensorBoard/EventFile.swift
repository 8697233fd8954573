import Foundation
import GradCore
import GradSyntax

/// One events file per folder, named as TensorFlow names them (`events.out.tfevents.TIME.HOST`) with grad
/// in place of the host, so a later export replaces grad's own file and leaves any other alone.
enum TensorBoardFile {
    static func write(_ events: [[UInt8]], wallTime: Double, in folder: URL) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SessionError(.fileError, "cannot create the folder '\(folder.relativePath)': \(error.localizedDescription)")
        }
        let stale = (try? manager.contentsOfDirectory(atPath: folder.path))?.filter {
            $0.hasPrefix("events.out.tfevents.") && $0.hasSuffix(".grad")
        } ?? []
        let name = "events.out.tfevents.\(Int(wallTime)).grad"
        let records = [EventProtobuf.fileVersion(wallTime: wallTime)] + events
        try AtomicFile.write(TFRecord.framed(records), to: folder.appendingPathComponent(name))
        for old in stale where old != name { try? manager.removeItem(at: folder.appendingPathComponent(old)) }
    }

    /// A run name as a folder name: path separators and leading dots would leave the export folder.
    static func folderName(for run: String) -> String {
        let safe = String(run.map { $0 == "/" || $0 == "\\" ? "_" : $0 })
        return safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe.isEmpty ? "_" : safe
    }
}
