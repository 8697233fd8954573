/// The long-term-dependency tasks of Pascanu, Mikolov & Bengio 2013 (their generators in
/// github.com/pascanur/trainingRNNs, after Hochreiter & Schmidhuber 1997), generated from the seed.
///
/// A data set row is one sequence flattened time-major, `steps × featuresPerStep` values; see
/// `SequenceTask.generate`. Each task states its loss and its success measure.
public enum SequenceTask: Equatable, Hashable, Sendable {
    /// Two marked values among T; the target combines them (the variant says how).
    case adding(AddingVariant)
    /// As adding, the target the product of the two marked values.
    case multiplication
    /// Six symbols one-hot; A or B at one place in [0.1T, 0.2T) and one in [0.5T, 0.6T), distractors
    /// c…f elsewhere; the class is the order seen (AA, BA, AB, BB → 0…3).
    case temporalOrder
    /// The same with three A/B places, in [0.1T, 0.2T), [0.3T, 0.4T) and [0.6T, 0.7T): 8 classes.
    case temporalOrder3Bit
    /// 100 symbols one-hot, the first 0 or 1 and the rest 2…99; predict the first symbol at the end.
    case permutation
    /// Noiseless memorization: 10 digits of 5 values, T blanks, a go signal, then the digits back.
    case memorization

    /// Which of the three "adding problems" of the literature.
    public enum AddingVariant: String, Sendable, CaseIterable {
        /// Pascanu et al. 2013: values U[0, 1), target the mean of the two marked values.
        case pascanu
        /// Hochreiter & Schmidhuber 1997: values U[−1, 1), target 0.5 + (x₁ + x₂)/4.
        case hochreiter
        /// Le, Jaitly & Hinton 2015: values U[0, 1), target the sum x₁ + x₂.
        case le
    }

    /// How the network's output is scored.
    public enum Loss: Equatable, Sendable {
        /// Softmax cross-entropy on the last step's output.
        case lastStepSoftmax
        /// Mean squared error on the last step's output.
        case lastStepMSE
        /// Softmax cross-entropy at every step (the targets are stored one-hot, `classes` per step).
        case everyStepSoftmax(classes: Int)
    }

    /// Memorization's digits, their values, and the go signal's channel.
    static let memorizedDigits = 10
    static let digitValues = 5

    /// Values per time step of the input.
    public var featuresPerStep: Int {
        switch self {
        case .adding, .multiplication: 2
        case .temporalOrder, .temporalOrder3Bit: 6
        case .permutation: 100
        case .memorization: Self.digitValues + 2
        }
    }

    /// Time steps of a sequence of length T (memorization adds the digits and their recall).
    public func steps(length: Int) -> Int {
        self == .memorization ? length + 2 * Self.memorizedDigits : length
    }

    /// The loss the task is trained with.
    public var loss: Loss {
        switch self {
        case .adding, .multiplication: .lastStepMSE
        case .temporalOrder, .temporalOrder3Bit, .permutation: .lastStepSoftmax
        case .memorization: .everyStepSoftmax(classes: Self.digitValues + 1)
        }
    }

    /// The classes per step of a task scored by a softmax at every step; nil for the others.
    public var stepClasses: Int? {
        if case .everyStepSoftmax(let classes) = loss { return classes }
        return nil
    }

    /// The data set's task: classes for the softmax tasks, outputs for the regression ones.
    public func datasetTask(length: Int) -> Dataset.Task {
        switch self {
        case .adding, .multiplication: .regression(outputs: 1)
        case .temporalOrder: .classification(classes: 4)
        case .temporalOrder3Bit: .classification(classes: 8)
        case .permutation: .classification(classes: 100)
        case .memorization: .regression(outputs: steps(length: length) * (Self.digitValues + 1))
        }
    }

    /// The shortest T the task is defined for (the marks' windows, 10% of T, must hold a place).
    public var minimumLength: Int {
        switch self {
        case .adding, .multiplication, .temporalOrder, .temporalOrder3Bit: 10
        case .permutation, .memorization: 1
        }
    }

    /// A squared error above this makes a regression sequence wrong (Pascanu et al. 2013).
    public static let wrongSquaredError = 0.04
    /// A task is solved when fewer than this fraction of fresh sequences are wrong.
    public static let solvedWrongFraction = 0.01

    /// Whether one sequence's output (`outputs`, the head's values) is wrong against its target row: squared
    /// error over 0.04 for MSE, the arg-max not the label for softmax, any step's arg-max wrong for
    /// memorization.
    public func isWrong(outputs: [Double], target: [Double]) -> Bool {
        switch loss {
        case .lastStepMSE:
            return zip(outputs, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } > Self.wrongSquaredError
        case .lastStepSoftmax:
            return Self.argmax(outputs[...]) != Int(target[0])
        case .everyStepSoftmax(let classes):
            return stride(from: 0, to: outputs.count, by: classes).contains { start in
                let range = start..<(start + classes)
                return Self.argmax(outputs[range]) != Self.argmax(target[range])
            }
        }
    }

    /// The fraction of `dataset`'s rows that `outputs` (row-major, one row of head values per sequence)
    /// gets wrong, and whether that counts as solved (under 1%).
    public func score(outputs: [Double], dataset: Dataset) -> (wrongFraction: Double, solved: Bool) {
        let width = outputs.count / max(dataset.count, 1), targetWidth = dataset.task.targetWidth
        var wrong = 0
        for row in 0..<dataset.count {
            let output = Array(outputs[(row * width)..<((row + 1) * width)])
            let target = Array(dataset.targets[(row * targetWidth)..<((row + 1) * targetWidth)])
            if isWrong(outputs: output, target: target) { wrong += 1 }
        }
        let fraction = Double(wrong) / Double(max(dataset.count, 1))
        return (fraction, fraction < Self.solvedWrongFraction)
    }

    /// The first index of the largest value.
    static func argmax(_ values: ArraySlice<Double>) -> Int {
        var best = values.startIndex
        for i in values.indices where values[i] > values[best] { best = i }
        return best - values.startIndex
    }
}
