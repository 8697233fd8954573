import Foundation
import GradCore
import GradSyntax

/// `seed`, `data`, `split` and `standardize`: where the examples come from.
extension Interpreter {
    /// `seed N`: the generator every later random draw comes from.
    func runSeed(_ value: Expr) throws {
        let seed = try integer(value, what: "the seed")
        guard seed >= 0 else { throw RuntimeError(.invalidValue, "the seed must not be negative", at: value.range) }
        session.setSeed(UInt64(seed))
        commandLog.append(.seed(value: SessionLog.number(seed)))
    }

    func runData(_ spec: DataSpec, directory: URL?) throws {
        let name = try resolved(spec.name, what: "a data set name", by: Parser.resolveDataSet)
        if name == .csv {
            guard let pathExpr = spec.path, let targetExpr = spec.target else {
                throw RuntimeError(.missingArgument, "'data csv' needs a file and a target column", at: spec.range,
                                   notes: [Note("e.g. 'data csv \"iris.csv\" target species'")])
            }
            let path = try string(pathExpr, what: "the CSV file")
            let target = try string(targetExpr, what: "the target column")
            let classification = spec.task.map { $0.value == .classification }
            let file = try readableFile(path, at: pathExpr.range, directory: directory)
            try runSession(at: pathExpr.range) {
                try session.loadCSV(path: file.relativePath, target: target, classification: classification, relativeTo: file.baseURL)
            }
            commandLog.append(SessionLog.csvData(path: file.path, target: target, classification: classification))
        } else if DataSetName.sequences.contains(name) {
            try runSequenceData(name, spec)
        } else {
            guard let kind = DatasetKind(rawValue: name.rawValue) else { return }
            let count = try spec.count.map { try positiveInteger($0, what: "the number of samples") }
            let classes = try spec.classes.map { try positiveInteger($0, what: "the number of classes") }
            let noise = try spec.noise.map { try number($0, what: "the noise") }
            try runSession(at: spec.range) { try session.generateData(kind, count: count, classes: classes, noise: noise) }
            if let count, let data = session.fullData, data.count != count, case .classification(let made) = data.task {
                // The generators follow their references (PyTorch's n // classes rows per class).
                session.notes.append("made \(Format.count(data.count, "row")), not \(count): \(made) classes of \(data.count / made) rows each")
            }
            commandLog.append(SessionLog.data(name, count: count, classes: classes, noise: noise))
        }
        flushNotes()
        if !options.quiet, let data = session.fullData {
            output.line("data: \(data.name), \(Format.count(data.count, "row")), \(Format.count(data.inputCount, "feature")), \(describe(data.task))")
        }
    }

    private func describe(_ task: Dataset.Task) -> String {
        switch task {
        case .classification(let classes): "\(classes) classes"
        case .regression(let outputs): outputs == 1 ? "regression" : "regression, \(outputs) outputs"
        }
    }

    /// `split F`: train on the fraction F, test on the rest.
    func runSplit(_ fraction: Expr) throws {
        let value = try number(fraction, what: "the train fraction")
        try runSession(at: fraction.range) { try session.split(trainFraction: value) }
        commandLog.append(.split(fraction: SessionLog.number(value)))
        if !options.quiet, let train = session.trainData, let test = session.testData {
            output.line("split: \(train.count) train, \(test.count) test")
        }
    }

    /// `standardize`: z-scores fitted on the training rows.
    func runStandardize(range: SourceRange) throws {
        try runSession(at: range) { try session.standardize() }
        commandLog.append(.standardize)
    }
}
