/// Per-feature mean and standard deviation, fitted on one data set (the training part) and applied
/// unchanged to others, so the test rows are scaled exactly as the network saw the training rows.
///
/// Formula as sklearn's `StandardScaler`: z = (x − mean) / std with the *population* standard
/// deviation (divide by n, not n − 1). Only features are scaled; regression targets are left as they are.
public struct Standardization: Equatable, Sendable, Codable {
    /// Mean of each feature over the fitted rows.
    public let mean: [Double]
    /// Population standard deviation of each feature; 1 for a constant feature (see `init(fittedTo:)`).
    public let std: [Double]

    /// Statistics given directly (e.g. restored from a saved session); both arrays need one entry per
    /// feature and every std must be positive and finite.
    public init(mean: [Double], std: [Double]) throws {
        guard mean.count == std.count else {
            throw DataError.invalid("standardization has \(mean.count) means but \(std.count) standard deviations")
        }
        if let bad = std.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
            throw DataError.invalid("standard deviation of feature \(bad + 1) must be positive and finite, got \(std[bad])")
        }
        self.mean = mean
        self.std = std
    }

    /// Fits mean and population std of each feature of `dataset`.
    ///
    /// A constant feature (every value equal, or no rows at all) gets std 1, so it maps to exactly 0
    /// instead of dividing by zero; equality is tested on the values themselves because a computed
    /// std of identical values can come out as a tiny non-zero rounding residue.
    public init(fittedTo dataset: Dataset) {
        let n = dataset.count
        let width = dataset.inputCount
        var mean = [Double](repeating: 0, count: width)
        var std = [Double](repeating: 1, count: width)
        for feature in 0..<width where n > 0 {
            // Two passes (mean, then squared deviations) rather than E[x²] − E[x]², which cancels badly.
            var sum = 0.0
            var low = Double.infinity
            var high = -Double.infinity
            for row in 0..<n {
                let value = dataset.features[row * width + feature]
                sum += value
                low = min(low, value)
                high = max(high, value)
            }
            let featureMean = sum / Double(n)
            mean[feature] = featureMean
            guard low != high else {
                mean[feature] = low
                continue
            }
            var squares = 0.0
            for row in 0..<n {
                let deviation = dataset.features[row * width + feature] - featureMean
                squares += deviation * deviation
            }
            std[feature] = (squares / Double(n)).squareRoot()
        }
        self.mean = mean
        self.std = std
    }

    /// `dataset` with every feature mapped to (x − mean) / std; throws if the feature count differs.
    public func apply(to dataset: Dataset) throws -> Dataset {
        guard dataset.inputCount == mean.count else {
            throw DataError.invalid(
                "standardization was fitted on \(mean.count) features but \(dataset.name) has \(dataset.inputCount)")
        }
        return scaled(dataset)
    }

    /// Row-major values with one column per fitted feature, each mapped to (x − mean) / std: how points
    /// that are not part of a data set (a plot's grid) are scaled exactly as the training rows were.
    public func scale(_ values: [Double]) -> [Double] {
        let width = mean.count
        var scaled = values
        for index in scaled.indices {
            let feature = index % width
            scaled[index] = (scaled[index] - mean[feature]) / std[feature]
        }
        return scaled
    }

    /// The mapping itself, for callers that already know the widths agree.
    func scaled(_ dataset: Dataset) -> Dataset {
        Dataset(trusted: dataset.name, task: dataset.task, inputCount: mean.count, features: scale(dataset.features),
                targets: dataset.targets, featureNames: dataset.featureNames, classNames: dataset.classNames,
                stepClasses: dataset.stepClasses)
    }
}

extension Dataset {
    /// This data set standardized with its own statistics, and those statistics so the same scaling
    /// can be applied to the test part: `let (train, stats) = train.standardized(); test = try stats.apply(to: test)`.
    public func standardized() -> (dataset: Dataset, statistics: Standardization) {
        let statistics = Standardization(fittedTo: self)
        return (statistics.scaled(self), statistics)
    }
}
