import Foundation
import GradCore
import GradSyntax

/// `save`, `load`, `export history` and `gradcheck`: the commands that read or write whole models.
extension Session {
    /// Writes the model atomically to `path` (relative to `directory`).
    public func saveModel(to path: String, relativeTo directory: URL?) throws -> URL {
        let trainer = try requireTrainer()
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        do {
            let inputs = ModelInputs(features: inputFeatures, standardization: standardization)
            try ModelFile(network: trainer.network, training: settings, seed: seed, inputs: inputs).write(to: url)
        } catch let error as ModelFileError {
            guard case .unwritable(_, let reason) = error else { throw SessionError(.fileError, error.description) }
            throw SessionError(.fileError, error.description, hint: FileWriting.hint(for: reason, at: url))
        }
        return url
    }

    /// Replaces the model with the one in `path`, with the input features and standardization it was
    /// saved with (the loaded data is then transformed as the model's training rows were); on any error
    /// the session stays as it was.
    public func loadModel(from path: String, relativeTo directory: URL?) throws {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        let loaded: (file: ModelFile, network: Network<Float>)
        do {
            loaded = try ModelFile.read(from: url)
        } catch let error as ModelFileError {
            throw SessionError(.fileError, error.description)
        }
        let newTrainer = try makeTrainerForLoad(loaded.network, loaded.file.training)
        let saved = (inputFeatures, modelStandardization, trainData, testData, standardization)
        do {
            try adoptInputs(loaded.file.inputs ?? ModelInputs(features: nil, standardization: nil))
            if let data = trainData, data.inputCount != loaded.network.spec.inputWidth {
                throw SessionError(
                    .dataMismatch, "the model takes \(loaded.network.spec.inputWidth) inputs but the loaded data has \(data.inputCount)",
                    hint: "load matching data first, or train a new network with 'net'")
            }
        } catch {
            (inputFeatures, modelStandardization, trainData, testData, standardization) = saved
            throw error
        }
        trainer = newTrainer
        settings = loaded.file.training
        plan = NetworkPlan(
            hidden: loaded.network.spec.hidden, outputInitializer: loaded.network.spec.outputInitializer,
            outputBias: loaded.network.spec.outputBias)
    }

    /// Takes a loaded model's features and standardization as the session's own and re-derives the data
    /// through them; the statistics are applied as saved, never refitted to the data at hand.
    private func adoptInputs(_ inputs: ModelInputs) throws {
        if inputs.features != nil, let raw = rawTrainData, raw.inputCount != 2 {
            let names = inputs.features?.features.map(\.rawValue).joined(separator: " ") ?? ""
            throw SessionError(
                .dataMismatch, "the model reads the features \(names) of 2-D points, but '\(raw.name)' has \(raw.inputCount) input columns",
                hint: "load the 2-D data the model was trained on first")
        }
        inputFeatures = inputs.features
        modelStandardization = inputs.standardization
        try deriveData(standardized: inputs.standardization != nil)
    }

    private func makeTrainerForLoad(_ network: Network<Float>, _ training: TrainingSettings) throws -> Trainer {
        do {
            return try Trainer(network: network, settings: training)
        } catch {
            throw SessionError(.invalidSetting, "the model's training settings are not usable: \(error)")
        }
    }

    /// Writes every recorded statistic, one row per recorded step, as CSV or JSON (by the file's extension).
    public func exportHistory(to path: String, relativeTo directory: URL?) throws -> URL {
        let trainer = try requireTrainer()
        let history = trainer.history
        guard history.count > 0 else { throw SessionError(.nothingRecorded, "nothing has been recorded yet", hint: "train first, e.g. 'train 5'") }
        let (columns, rows) = Self.historyTable(trainer)
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        let text: String
        switch url.pathExtension.lowercased() {
        case "csv":
            var lines = [columns.joined(separator: ",")]
            for row in rows { lines.append(row.map(Self.csvNumber).joined(separator: ",")) }
            text = lines.joined(separator: "\n") + "\n"
        case "json":
            // Flat records with the CSV's columns (NaN as null): pandas.read_json gives the same table.
            text = ExportCell.json(columns: columns, rows: rows.map { $0.map(ExportCell.number) })
        default:
            throw SessionError(.wrongFileExtension, "'\(path)' should end in .csv or .json so grad knows which format to write")
        }
        try FileWriting.write(text, to: url)
        return url
    }

    /// The history's columns and rows, a recurrent net's time columns after the per-layer ones (both
    /// histories record the same steps).
    static func historyTable(_ trainer: Trainer) -> (columns: [String], rows: [[Double]]) {
        guard let time = trainer.timeHistory, time.count == trainer.history.count else {
            return (trainer.history.columnNames, trainer.history.rows)
        }
        return (trainer.history.columnNames + time.columnNames, zip(trainer.history.rows, time.rows).map { $0 + $1 })
    }

    private static func csvNumber(_ value: Double) -> String {
        if value.isNaN { return "" }  // pandas reads an empty field as NaN
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Finite-difference check of the current network on one training batch, in Double.
    public func gradientCheck() throws -> [GradientCheck.Result] {
        let trainer = try requireTrainer()
        guard let data = trainData else { throw SessionError(.noData, "there is no data") }
        try checked { try trainer.check(data) }
        let network = trainer.network
        let copy = try Network<Double>(spec: network.spec)
        copy.copyState(from: network)
        let rows = min(max(settings.batchSize, network.batchNorms.contains { $0 != nil } ? 2 : 1), data.count, 32)
        let input = Matrix<Double>(rows: rows, cols: data.inputCount)
        for row in 0..<rows {
            for column in 0..<data.inputCount { input[row, column] = data.features[row * data.inputCount + column] }
        }
        var check = rng  // probes are chosen without disturbing the session's stream
        switch data.task {
        case .classification:
            let labels = (0..<rows).map { Int32(data.label(ofRow: $0)) }
            return labels.withUnsafeBufferPointer { buffer in
                GradientCheck.run(
                    network: copy, input: input, batch: rows, targets: .labels(buffer.baseAddress!), loss: settings.loss,
                    samplesPerParameter: 8, using: &check, shouldStop: shouldStop)
            }
        case .regression(let outputs):
            let values = Array(data.targets[0..<(rows * outputs)])
            return values.withUnsafeBufferPointer { buffer in
                GradientCheck.run(
                    network: copy, input: input, batch: rows, targets: .values(buffer.baseAddress!), loss: settings.loss,
                    samplesPerParameter: 8, using: &check, shouldStop: shouldStop)
            }
        }
    }
}
