/// One input column computed from a 2-D point's raw coordinates, as in TensorFlow Playground's feature
/// picker: the coordinates, their squares and product, and their sines.
///
/// The raw values name the features in listings and in the featured data's column names.
public enum InputFeature: String, CaseIterable, Sendable, Codable {
    case x, y
    case xSquared = "x^2", ySquared = "y^2", xTimesY = "x*y"
    case sinX = "sin(x)", sinY = "sin(y)"

    /// The feature's value at the raw point (x, y).
    public func value(x: Double, y: Double) -> Double {
        switch self {
        case .x: x
        case .y: y
        case .xSquared: x * x
        case .ySquared: y * y
        case .xTimesY: x * y
        case .sinX: GradMath.sin(x)
        case .sinY: GradMath.sin(y)
        }
    }
}

/// The input columns a network sees for 2-D data: each row's raw (x, y) mapped to the chosen features.
///
/// Features are computed on the raw coordinates, as Playground does; any standardization is fitted
/// afterwards on the featured columns, so `x^2` is the square of the coordinate, not of a z-score.
public struct FeatureMap: Equatable, Sendable, Codable {
    public let features: [InputFeature]

    /// The map to `features`, in that order; throws when the list is empty or names a feature twice.
    public init(_ features: [InputFeature]) throws {
        guard !features.isEmpty else { throw DataError.invalid("choose at least one input feature") }
        if let twice = features.first(where: { feature in features.filter { $0 == feature }.count > 1 }) {
            throw DataError.invalid("the feature '\(twice.rawValue)' is listed twice")
        }
        self.features = features
    }

    /// The raw coordinates unchanged: what a 2-D data set gives without a map.
    public var isIdentity: Bool { features == [.x, .y] }

    /// Columns per mapped row.
    public var width: Int { features.count }

    /// Row-major `rows × 2` raw points mapped to row-major `rows × width` feature values.
    public func map(_ points: [Double]) -> [Double] {
        let rows = points.count / 2
        var mapped: [Double] = []
        mapped.reserveCapacity(rows * width)
        for row in 0..<rows {
            let x = points[2 * row], y = points[2 * row + 1]
            for feature in features { mapped.append(feature.value(x: x, y: y)) }
        }
        return mapped
    }

    /// `dataset` with its two raw columns replaced by the mapped features (targets unchanged); throws
    /// when the data set does not have exactly two input columns.
    public func apply(to dataset: Dataset) throws -> Dataset {
        guard dataset.inputCount == 2 else {
            throw DataError.invalid(
                "input features are computed from 2-D points (x, y); '\(dataset.name)' has \(dataset.inputCount) input columns")
        }
        return Dataset(
            trusted: dataset.name, task: dataset.task, inputCount: width, features: map(dataset.features),
            targets: dataset.targets, featureNames: features.map(\.rawValue), classNames: dataset.classNames,
            stepClasses: dataset.stepClasses)
    }
}
