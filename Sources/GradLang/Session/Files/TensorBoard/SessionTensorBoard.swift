import Foundation
import GradCore
import GradSyntax

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
        let time = trainer?.timeHistory.flatMap { $0.count == records.count ? $0.records : nil }
        var events = records.enumerated().map { index, record in
            EventProtobuf.summary(step: record.step, wallTime: wallTime,
                                  scalars: TensorBoardTags.scalars(of: record, classification: isClassification)
                                      + (time.map { TensorBoardTags.scalars(of: $0[index]) } ?? []))
        }
        for epoch in trainer?.epochLog ?? [] {
            var scalars: [EventProtobuf.Scalar] = []
            if let loss = epoch.testLoss { scalars.append(.init(tag: TensorBoardTags.testLoss, value: loss)) }
            if let accuracy = epoch.testAccuracy { scalars.append(.init(tag: TensorBoardTags.testAccuracy, value: accuracy)) }
            if !scalars.isEmpty { events.append(EventProtobuf.summary(step: epoch.step, wallTime: wallTime, scalars: scalars)) }
        }
        if let last = records.last { events += histogramEvents(lastStep: last.step, wallTime: wallTime) }
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

    /// The gradient and activation histograms captured while training, and the latest step's when it was
    /// not among them.
    private func histogramEvents(lastStep: Int, wallTime: Double) -> [[UInt8]] {
        guard let network, let data = trainData else { return [] }
        var captured = histogramHistory.entries
        if captured.last?.step != lastStep { captured.append((lastStep, HistogramHistory.histograms(of: network, probe: data))) }
        return captured.map { EventProtobuf.summary(step: $0.step, wallTime: wallTime, scalars: [], histograms: $0.histograms) }
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

    /// A recurrent net's scalars of one recorded step: each layer's time ratio and, when measured, ρ(W_hh).
    static func scalars(of record: TimeRecord) -> [EventProtobuf.Scalar] {
        record.layers.flatMap { layer -> [EventProtobuf.Scalar] in
            var scalars = [EventProtobuf.Scalar(tag: "time_ratio/rnn\(layer.layer)", value: layer.timeRatio)]
            if !layer.spectralRadius.isNaN {
                scalars.append(.init(tag: "spectral_radius/rnn\(layer.layer)", value: layer.spectralRadius))
            }
            return scalars
        }
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
