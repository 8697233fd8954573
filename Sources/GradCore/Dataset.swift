/// A table of examples: one row per example, `inputCount` features and the target(s) of each row.
///
/// Storage is plain `Double` arrays regardless of the training precision: a data set is built once
/// and read only when a `BatchIterator` copies rows into the network's `Matrix<Scalar>` buffers, so
/// keeping it non-generic lets the language hold data sets without knowing the scalar type.
public struct Dataset: Equatable, Sendable {
    /// What the targets mean, which also fixes the width of the network's output layer.
    public enum Task: Equatable, Sendable {
        /// One class index in `0..<classes` per row (cross-entropy targets).
        case classification(classes: Int)
        /// `outputs` real values per row (regression targets).
        case regression(outputs: Int)

        /// Units the network's last layer needs: the class count or the output count.
        public var outputCount: Int {
            switch self {
            case .classification(let classes): return classes
            case .regression(let outputs): return outputs
            }
        }

        /// Target values stored per row: 1 (the class index) or the output count.
        public var targetWidth: Int {
            switch self {
            case .classification: return 1
            case .regression(let outputs): return outputs
            }
        }
    }

    /// A short name for listings (`spiral`, or the CSV file's base name).
    public var name: String
    /// Classification or regression, with the class or output count.
    public let task: Task
    /// Features per row.
    public let inputCount: Int
    /// Number of rows.
    public let count: Int
    /// Row-major `count × inputCount` feature values.
    public let features: [Double]
    /// Row-major `count × task.targetWidth`: the class index (an exact integer) for classification,
    /// the target values for regression.
    public let targets: [Double]
    /// One name per feature (`x1`, `x2`, ... unless the data came with a header).
    public let featureNames: [String]
    /// One name per class for classification data that has them (CSV labels); nil means "use the index".
    public let classNames: [String]?
    /// For regression targets that are one-hot classes, `classes` per time step (noiseless memorization):
    /// cross-entropy then takes a softmax over each step's outputs. nil for every other data set.
    public let stepClasses: Int?

    /// A data set from row-major arrays, checked for consistent shapes and valid class indices.
    public init(
        name: String, task: Task, inputCount: Int, features: [Double], targets: [Double],
        featureNames: [String]? = nil, classNames: [String]? = nil
    ) throws {
        guard inputCount >= 1 else { throw DataError(.shapeMismatch, "a data set needs at least one feature") }
        guard task.outputCount >= 1 else {
            throw DataError(.shapeMismatch, "a data set needs at least one class or output, got \(task.outputCount)")
        }
        guard features.count % inputCount == 0 else {
            throw DataError(.shapeMismatch,
                "\(features.count) feature values do not divide into rows of \(inputCount)")
        }
        let count = features.count / inputCount
        guard targets.count == count * task.targetWidth else {
            throw DataError(.shapeMismatch,
                "\(count) rows need \(count * task.targetWidth) target values, got \(targets.count)")
        }
        if case .classification(let classes) = task {
            for (row, label) in targets.enumerated()
            where !(label >= 0 && label < Double(classes) && label == label.rounded()) {
                throw DataError(.shapeMismatch, "row \(row) has label \(label), expected a class index in 0..<\(classes)")
            }
            if let classNames, classNames.count != classes {
                throw DataError(.shapeMismatch, "\(classes) classes but \(classNames.count) class names")
            }
        } else if classNames != nil {
            throw DataError(.shapeMismatch, "class names given for a regression data set")
        }
        let names = featureNames ?? (1...inputCount).map { "x\($0)" }
        guard names.count == inputCount else {
            throw DataError(.shapeMismatch, "\(inputCount) features but \(names.count) feature names")
        }
        self.init(trusted: name, task: task, inputCount: inputCount, features: features, targets: targets,
                  featureNames: names, classNames: classNames)
    }

    /// Builds a data set whose shapes are already known to agree (generators and row subsets).
    init(trusted name: String, task: Task, inputCount: Int, features: [Double], targets: [Double],
         featureNames: [String], classNames: [String]?, stepClasses: Int? = nil) {
        self.name = name
        self.task = task
        self.inputCount = inputCount
        self.count = features.count / inputCount
        self.features = features
        self.targets = targets
        self.featureNames = featureNames
        self.classNames = classNames
        self.stepClasses = stepClasses
    }

    /// The class index of `row`; meaningful for classification data only.
    public func label(ofRow row: Int) -> Int { Int(targets[row * task.targetWidth]) }

    /// How many rows each class has (empty for regression).
    public var classCounts: [Int] {
        guard case .classification(let classes) = task else { return [] }
        var counts = [Int](repeating: 0, count: classes)
        for label in targets { counts[Int(label)] += 1 }
        return counts
    }

    /// The 0-based index of the first row whose features or targets contain NaN or ±infinity,
    /// or nil when every value is finite (add 1 for a human row number).
    public func indexOfFirstNonFiniteRow() -> Int? {
        let width = task.targetWidth
        for row in 0..<count {
            for index in row * inputCount..<(row + 1) * inputCount where !features[index].isFinite { return row }
            for index in row * width..<(row + 1) * width where !targets[index].isFinite { return row }
        }
        return nil
    }

    /// The rows at `indices`, in that order (indices must be valid; callers build them from `0..<count`).
    func rows(_ indices: [Int]) -> Dataset {
        let width = task.targetWidth
        var newFeatures: [Double] = []
        var newTargets: [Double] = []
        newFeatures.reserveCapacity(indices.count * inputCount)
        newTargets.reserveCapacity(indices.count * width)
        for row in indices {
            newFeatures.append(contentsOf: features[row * inputCount..<(row + 1) * inputCount])
            newTargets.append(contentsOf: targets[row * width..<(row + 1) * width])
        }
        return Dataset(trusted: name, task: task, inputCount: inputCount, features: newFeatures,
                       targets: newTargets, featureNames: featureNames, classNames: classNames, stepClasses: stepClasses)
    }

    /// The same rows in a random order drawn from `rng`.
    public func shuffled(using rng: inout SeededGenerator) -> Dataset {
        var order = Array(0..<count)
        rng.shuffle(&order)
        return rows(order)
    }

    /// A random train/test partition: the rows are shuffled with `rng` (so a seed fixes the split) and
    /// the first `round(trainFraction · count)` go to `train`, the rest to `test`.
    ///
    /// Both parts are kept non-empty: the train size is clamped to `1...count-1`, so a two-row data
    /// set always splits 1/1. Rows keep their shuffled order inside each part.
    public func split(trainFraction: Double, using rng: inout SeededGenerator) throws -> (train: Dataset, test: Dataset) {
        guard trainFraction > 0 && trainFraction < 1 else {
            throw DataError.invalid("train fraction must be strictly between 0 and 1, got \(trainFraction)")
        }
        guard count >= 2 else {
            throw DataError.invalid("cannot split \(count) row\(count == 1 ? "" : "s") into train and test parts")
        }
        let trainCount = min(max(Int((trainFraction * Double(count)).rounded()), 1), count - 1)
        var order = Array(0..<count)
        rng.shuffle(&order)
        return (rows(Array(order[..<trainCount])), rows(Array(order[trainCount...])))
    }
}
