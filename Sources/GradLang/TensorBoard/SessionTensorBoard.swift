import Foundation
import GradCore

/// `export tensorboard "DIR"`: the training history as TensorBoard event files, so a grad run can sit
/// next to a PyTorch run in `tensorboard --logdir`. The current run goes to DIR, each kept run (and so
/// each sweep cell) to DIR/NAME, which TensorBoard shows as overlaid sub-runs.
extension Session {
    /// Writes the event files and returns DIR. An earlier export's files in the same folders are replaced.
    /// Kept runs alone are enough (after a `sweep` the session itself may not have trained).
    public func exportTensorBoard(to path: String, relativeTo directory: URL?) throws -> URL {
        let records = runs.isEmpty ? try requireHistory() : trainer?.history.records ?? []
        let folder = URL(fileURLWithPath: path, relativeTo: directory)
        let wallTime = Date().timeIntervalSince1970
        var events = records.map { record in
            EventProtobuf.summary(step: record.step, wallTime: wallTime, scalars: TensorBoardTags.scalars(of: record, classification: isClassification))
        }
        for epoch in trainer?.epochLog ?? [] {
            var scalars: [EventProtobuf.Scalar] = []
            if let loss = epoch.testLoss { scalars.append(.init(tag: TensorBoardTags.testLoss, value: loss)) }
            if let accuracy = epoch.testAccuracy { scalars.append(.init(tag: TensorBoardTags.testAccuracy, value: accuracy)) }
            if !scalars.isEmpty { events.append(EventProtobuf.summary(step: epoch.step, wallTime: wallTime, scalars: scalars)) }
        }
        if let last = records.last {
            events.append(EventProtobuf.summary(step: last.step, wallTime: wallTime, scalars: [], histograms: latestHistograms()))
        }
        if !records.isEmpty { try TensorBoardFile.write(events, wallTime: wallTime, in: folder) }
        for run in runs {
            try TensorBoardFile.write(keptRunEvents(run, wallTime: wallTime), wallTime: wallTime,
                                      in: folder.appendingPathComponent(TensorBoardFile.folderName(for: run.name)))
        }
        return folder
    }

    private var isClassification: Bool {
        if case .classification? = trainData?.task { return true }
        return false
    }

    /// A kept run holds its loss curve and its final numbers, not a full history: those are what it exports.
    private func keptRunEvents(_ run: NamedRun, wallTime: Double) -> [[UInt8]] {
        var events = run.lossCurve.map { step, loss in
            EventProtobuf.summary(step: step, wallTime: wallTime, scalars: [.init(tag: TensorBoardTags.trainLoss, value: loss)])
        }
        var final: [EventProtobuf.Scalar] = []
        if let accuracy = run.accuracy { final.append(.init(tag: TensorBoardTags.trainAccuracy, value: accuracy)) }
        if let loss = run.testLoss { final.append(.init(tag: TensorBoardTags.testLoss, value: loss)) }
        if let accuracy = run.testAccuracy { final.append(.init(tag: TensorBoardTags.testAccuracy, value: accuracy)) }
        for (index, norm) in run.gradientNorms.enumerated() {
            final.append(.init(tag: TensorBoardTags.layer("weight_grad_norm", index + 1, of: run.gradientNorms.count), value: norm))
        }
        events.append(EventProtobuf.summary(step: run.steps, wallTime: wallTime, scalars: final))
        return events
    }

    /// Each layer's weight gradients (after clipping, as applied) and each hidden layer's outputs on the
    /// probe rows `plot acts` uses, at the latest step.
    private func latestHistograms() -> [EventProtobuf.Histogram] {
        guard let network, let data = trainData else { return [] }
        var histograms: [EventProtobuf.Histogram] = []
        let weights = network.parameters.filter { $0.role == .weight }
        for parameter in weights {
            let tag = TensorBoardTags.layer("weight_grads", parameter.layer, of: weights.count)
            histograms.append(TensorBoardHistogram.make(tag: tag, values: parameter.gradient.values.map(Double.init)))
        }
        network.probe(data, rows: Self.probeRows)
        let hidden = network.spec.hidden.count
        for layer in 1..<(hidden + 1) {
            guard let output = network.activationOutput(layer: layer) else { continue }
            let values = (0..<min(network.lastForwardRows, output.rows)).flatMap { row in
                (0..<output.cols).map { Double(output[row, $0]) }
            }
            histograms.append(TensorBoardHistogram.make(tag: TensorBoardTags.layer("activations", layer, of: hidden), values: values))
        }
        return histograms
    }
}

/// The tags grad writes, grouped by prefix so TensorBoard shows one section per quantity.
enum TensorBoardTags {
    static let trainLoss = "loss/train"
    static let testLoss = "loss/test"
    static let trainAccuracy = "accuracy/train"
    static let testAccuracy = "accuracy/test"

    /// `quantity/layer_07`, the number padded so layers sort in order.
    static func layer(_ quantity: String, _ number: Int, of count: Int) -> String {
        let digits = max(2, String(count).count)
        return "\(quantity)/layer_" + String(repeating: "0", count: max(0, digits - String(number).count)) + String(number)
    }

    /// Every scalar of one recorded step.
    static func scalars(of record: StepStatistics, classification: Bool) -> [EventProtobuf.Scalar] {
        var scalars: [EventProtobuf.Scalar] = [.init(tag: trainLoss, value: record.loss)]
        if classification { scalars.append(.init(tag: trainAccuracy, value: record.accuracy)) }
        scalars.append(.init(tag: "grad_norm/before_clipping", value: record.gradientNormBefore))
        scalars.append(.init(tag: "grad_norm/after_clipping", value: record.gradientNormAfter))
        for layer in record.layers {
            let count = record.layers.count
            scalars.append(.init(tag: Self.layer("weight_grad_norm", layer.layer, of: count), value: layer.weightGradientNorm))
            scalars.append(.init(tag: Self.layer("update_ratio", layer.layer, of: count), value: layer.updateRatio))
            scalars.append(.init(tag: Self.layer("saturated", layer.layer, of: count), value: layer.saturatedFraction))
            scalars.append(.init(tag: Self.layer("dead", layer.layer, of: count), value: layer.deadFraction))
        }
        return scalars
    }
}

/// Histograms as TensorBoard stores them: equal-width buckets between the finite minimum and maximum.
enum TensorBoardHistogram {
    static let bucketCount = 30

    static func make(tag: String, values: [Double]) -> EventProtobuf.Histogram {
        let finite = values.filter(\.isFinite)
        let minimum = finite.min() ?? 0, maximum = finite.max() ?? 0
        var counts = [Double](repeating: 0, count: maximum > minimum ? bucketCount : 1)
        let width = (maximum - minimum) / Double(counts.count)
        for value in finite {
            let bucket = width > 0 ? Int((value - minimum) / width) : 0
            counts[min(max(bucket, 0), counts.count - 1)] += 1
        }
        // Right edges; the last is exactly the maximum so no value lies beyond it.
        let limits = (1...counts.count).map { $0 == counts.count ? maximum : minimum + Double($0) * width }
        return EventProtobuf.Histogram(
            tag: tag, minimum: minimum, maximum: maximum, count: Double(finite.count),
            sum: finite.reduce(0, +), sumOfSquares: finite.reduce(0) { $0 + $1 * $1 }, limits: limits, counts: counts)
    }
}

/// One events file per folder, named as TensorFlow names them (`events.out.tfevents.TIME.HOST`) with grad
/// in place of the host, so a later export replaces grad's own file and leaves any other alone.
enum TensorBoardFile {
    static func write(_ events: [[UInt8]], wallTime: Double, in folder: URL) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SessionError("cannot create the folder '\(folder.relativePath)': \(error.localizedDescription)")
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
