import GradCore
import GradSyntax

/// `features x y x*y x^2 y^2 sin(x) sin(y)`: the input columns a network sees for 2-D data.
///
/// The data pipeline is raw rows (`rawTrainData`, `rawTestData`: the split parts as drawn) → features,
/// computed on the raw coordinates as TensorFlow Playground does → standardization, refitted to the
/// featured training rows when `standardize` is on. `data`, `split`, `standardize` and `features` each
/// rerun it, so the order they are given in does not matter.
extension Session {
    /// Every feature `features` accepts, in Playground's order.
    public static var availableFeatures: String { InputFeature.allCases.map(\.rawValue).joined(separator: " ") }

    /// Replaces the input features; `[x, y]` goes back to the data's own columns. A network is rebuilt
    /// with fresh weights when the features change (its inputs mean something else), as a new data
    /// shape rebuilds it; on any error the session is unchanged.
    public func setFeatures(_ features: [InputFeature]) throws {
        guard let raw = rawTrainData else {
            throw SessionError(.noData, "there is no data to compute features from", hint: "load 2-D data first, e.g. 'data circles 500'")
        }
        guard raw.inputCount == 2 else {
            throw SessionError(
                .dataMismatch, "features are computed from 2-D points (x, y), but '\(raw.name)' has \(raw.inputCount) input columns",
                hint: "features work with spiral, moons, circles, xor, blobs, checker and 2-column CSV files")
        }
        let map: FeatureMap
        do {
            map = try FeatureMap(features)
        } catch let error as DataError {
            throw SessionError(.dataRefused, error.message, hint: "choose from: \(Self.availableFeatures)")
        }
        let newFeatures = map.isIdentity ? nil : map
        guard newFeatures != inputFeatures else { return }
        let saved = (inputFeatures, trainData, testData, standardization, trainer, plan, modelStandardization)
        do {
            inputFeatures = newFeatures
            try deriveData(standardized: standardization != nil)
            if let plan, trainer != nil {
                try build(plan)
                notes.append("the network was rebuilt for \(map.width) input\(map.width == 1 ? "" : "s") (fresh weights, history cleared)")
            }
        } catch {
            (inputFeatures, trainData, testData, standardization, trainer, plan, modelStandardization) = saved
            throw error
        }
    }

    /// The network's inputs for raw 2-D points (row-major x, y): the features, then the standardization,
    /// exactly as the training rows were transformed.
    func modelInputs(forRawPoints points: [Double]) -> [Double] {
        let featured = inputFeatures?.map(points) ?? points
        return standardization?.scale(featured) ?? featured
    }

    /// Keeps the chosen features for new data that is 2-D too; other data drops them, with a note.
    func keepFeatures(for dataset: Dataset) {
        guard inputFeatures != nil, dataset.inputCount != 2 else { return }
        inputFeatures = nil
        notes.append("the input features were reset: '\(dataset.name)' has \(dataset.inputCount) input columns, not 2")
    }

    /// Recomputes `trainData` and `testData` from the raw parts: features first, then (when `standardized`,
    /// or always while a loaded model's statistics are in force) a standardization: the loaded model's,
    /// or one fitted to the featured training rows.
    func deriveData(standardized: Bool) throws {
        guard let rawTrain = rawTrainData else { return }
        do {
            var train = try inputFeatures?.apply(to: rawTrain) ?? rawTrain
            var test = try rawTestData.map { try inputFeatures?.apply(to: $0) ?? $0 }
            var statistics: Standardization?
            if let pinned = modelStandardization, pinned.mean.count != train.inputCount {
                // Data of another shape is not what the loaded model was trained on: its statistics end here.
                modelStandardization = nil
                notes.append("the loaded model's standardization was dropped: it has \(pinned.mean.count) columns, "
                    + "'\(rawTrain.name)' gives \(train.inputCount)")
            }
            if standardized || modelStandardization != nil {
                let fitted = modelStandardization ?? Standardization(fittedTo: train)
                train = try fitted.apply(to: train)
                test = try test.map { try fitted.apply(to: $0) }
                statistics = fitted
            }
            trainData = train
            testData = test
            standardization = statistics
        } catch let error as DataError {
            throw SessionError(.dataRefused, error.message, hint: error.note)
        }
    }
}
