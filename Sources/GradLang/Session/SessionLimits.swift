import Foundation
import GradCore
import GradSyntax

/// The caps one session checks before it allocates or trains.
///
/// The defaults suit a person at a terminal (`ResourceLimits`). The grader tightens them for an untrusted
/// submission, so that a typo like `train 10000000` or `data spiral 100000000` becomes a clear error
/// instead of exhausting memory: training history alone grows by a few kilobytes per step.
public struct SessionLimits: Sendable, Equatable {
    /// Estimated bytes a network, or a generated data set, may need.
    public var memoryBytes: Double
    /// The most epochs or steps one `train` command may ask for.
    public var stepsPerCommand: Int
    /// The most optimizer steps the whole session may take; nil for no limit.
    public var totalSteps: Int?
    /// Where the memory limit comes from and how to change it, appended to a refusal's hint.
    public var memoryNote: String

    /// Creates limits; by default those of `ResourceLimits` and no total.
    public init(memoryBytes: Double = ResourceLimits.memoryBytes, stepsPerCommand: Int = ResourceLimits.maximumSteps,
                totalSteps: Int? = nil, memoryNote: String = ResourceLimits.memoryNote) {
        self.memoryBytes = memoryBytes
        self.stepsPerCommand = stepsPerCommand
        self.totalSteps = totalSteps
        self.memoryNote = memoryNote
    }

    /// Bytes budgeted per generated row: a few Double features and a target, kept twice (the full set and
    /// its split) plus shuffling indices. Generous on purpose; the point is to refuse absurd counts.
    static let bytesPerRow = 128.0

    /// Bytes budgeted per byte of a CSV file: the text, every field as a `String` while parsing, and the
    /// numbers. Generous too; a file this refuses would not have fitted anyway.
    static let bytesPerCSVByte = 12.0
}

extension Session {
    /// Throws when `budget` would take the session past `limits.totalSteps` optimizer steps.
    func checkStepAllowance(_ budget: TrainingBudget, rows: Int) throws {
        guard let total = limits.totalSteps else { return }
        let steps: Int
        switch budget {
        case .steps(let count): steps = count
        case .epochs(let count):
            let batch = max(1, min(settings.batchSize, rows))
            let product = count.multipliedReportingOverflow(by: (rows + batch - 1) / batch)
            steps = product.overflow ? Int.max : product.partialValue
        }
        let left = max(0, total - stepsTaken)
        guard steps <= left else {
            throw SessionError(
                .limitExceeded, "this would train \(steps) steps, but only \(left) of the \(total) allowed in this session are left",
                hint: "train for fewer epochs or steps (the grader caps the total training)")
        }
    }

    /// Throws when reading the CSV file at `url` would pass the memory limit (checked before it is read).
    func checkCSVSize(_ url: URL, path: String) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber else { return }
        let bytes = size.doubleValue
        try checkMemory(bytes * SessionLimits.bytesPerCSVByte, for: "reading '\(path)' (\(Format.bytes(bytes)))",
                        hint: "load a smaller file, or a sample of its rows")
    }

    /// Throws when a data set of `rows` rows would pass the memory limit.
    func checkDataSize(rows: Int) throws {
        try checkMemory(Double(rows) * SessionLimits.bytesPerRow, for: "\(rows) rows", hint: "generate fewer rows")
    }
}
