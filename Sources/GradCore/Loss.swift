/// The training objective, computed from the output layer's raw values (logits) as PyTorch does.
public enum LossFunction: String, Sendable, Codable, CaseIterable {
    /// `CrossEntropyLoss`: mean over rows of logsumexp(z) − z[label].
    case crossEntropy = "xent"
    /// `MSELoss`: mean over all elements of (z − t)²; class labels become one-hot targets.
    case meanSquaredError = "mse"
    /// `BCEWithLogitsLoss`: mean over all elements of max(z,0) − z·t + log(1 + e^−|z|); one output holds
    /// P(class 1), several outputs are one-hot (multi-label) targets.
    case binaryCrossEntropy = "bce"
}

/// What a batch is compared against: class labels for classification, values for regression.
public enum Targets<Scalar: TrainingScalar> {
    case labels(UnsafePointer<Int32>)
    /// batch × outputs, row-major.
    case values(UnsafePointer<Scalar>)
}

/// The loss value and, for classification, how many rows the arg-max got right.
public struct LossResult: Sendable {
    public var loss: Double
    public var correct: Int
}

extension LossFunction {
    /// Loss over the first `batch` rows of `logits` (B × K); writes dLoss/dlogits into `gradient`.
    /// `gradient` may be nil for evaluation-only passes. With `stepClasses` C, cross-entropy reads each row
    /// as K / C steps of C classes with one-hot value targets (see `stepwiseCrossEntropy`).
    func evaluate<S: TrainingScalar>(
        logits: Matrix<S>, batch: Int, targets: Targets<S>, gradient: Matrix<S>?, stepClasses: Int? = nil
    ) -> LossResult {
        if self == .crossEntropy, let stepClasses, case .values(let values) = targets {
            return Self.stepwiseCrossEntropy(logits: logits, batch: batch, classes: stepClasses, targets: values,
                                             gradient: gradient)
        }
        let k = logits.cols
        var total = 0.0
        var correct = 0
        for row in 0..<batch {
            let z = logits.pointer + row * k
            let dz = gradient.map { $0.pointer + row * k }
            // Each row adds its terms to the running total in order, so the sum's order is the data's.
            let isCorrect: Bool
            switch self {
            case .crossEntropy:
                guard case .labels(let labels) = targets else { preconditionFailure("cross-entropy needs labels") }
                isCorrect = Self.crossEntropyRow(
                    z, count: k, label: Int(labels[row]), batch: batch, gradient: dz, total: &total)
            case .meanSquaredError:
                // forward was: ℓ = mean (z − t)²  → dℓ/dz = 2(z − t)/(B·K)
                let (_, argmax) = Self.elementwiseRow(
                    z, count: k, row: row, targets: targets, batch: batch, gradient: dz, total: &total,
                    loss: { x, t in (x - t) * (x - t) }, derivative: { x, t, scale in 2 * (x - t) * scale })
                isCorrect = Self.isLabel(argmax, of: row, in: targets)
            case .binaryCrossEntropy:
                // forward was: ℓ = mean BCE(σ(z), t)  → dℓ/dz = (σ(z) − t)/(B·K)
                let (maximum, argmax) = Self.elementwiseRow(
                    z, count: k, row: row, targets: targets, batch: batch, gradient: dz, total: &total,
                    loss: { x, t in max(x, 0) - x * t + GradMath.log1p(GradMath.exp(-abs(x))) },
                    derivative: { x, t, scale in (GradMath.sigmoid(x) - t) * scale })
                isCorrect = Self.isLabel(k == 1 ? (maximum > 0 ? 1 : 0) : argmax, of: row, in: targets)
            }
            if isCorrect { correct += 1 }
        }
        let loss = self == .crossEntropy ? total / Double(batch) : total / Double(batch * k)
        return LossResult(loss: loss, correct: correct)
    }

    /// One row's softmax cross-entropy ℓ = logsumexp(z) − z[label], added to `total`, and its gradient (softmax − one-hot)/B.
    @inline(__always)
    private static func crossEntropyRow<S: TrainingScalar>(
        _ z: UnsafeMutablePointer<S>, count k: Int, label: Int, batch: Int, gradient dz: UnsafeMutablePointer<S>?,
        total: inout Double
    ) -> Bool {
        // Subtract the max before exponentiating so large logits cannot overflow.
        var maximum = Double(z[0]), argmax = 0
        for j in 1..<max(k, 1) where Double(z[j]) > maximum { maximum = Double(z[j]); argmax = j }
        var sum = 0.0
        exponentials(z, count: k, minus: maximum) { _, e in sum += e }
        let logSumExp = maximum + GradMath.log(sum)
        // forward was: ℓ = logsumexp(z) − z[label]  → dℓ/dz = softmax(z) − onehot(label), /B for the mean
        if let dz {
            exponentials(z, count: k, minus: logSumExp) { j, p in
                dz[j] = S((p - (j == label ? 1 : 0)) / Double(batch))
            }
        }
        total += logSumExp - Double(z[label])
        return argmax == label
    }

    /// Whether `predicted` is row `row`'s class label (never, for value targets).
    @inline(__always)
    private static func isLabel<S: TrainingScalar>(_ predicted: Int, of row: Int, in targets: Targets<S>) -> Bool {
        guard case .labels(let labels) = targets else { return false }
        return predicted == Int(labels[row])
    }

    /// A row of a loss that is a sum over outputs: each term added to `total` in order, and each output's
    /// derivative (taken only when a gradient is wanted) scaled by 1/(B·K). Returns the largest output and its
    /// index, for the accuracy.
    @inline(__always)
    private static func elementwiseRow<S: TrainingScalar>(
        _ z: UnsafeMutablePointer<S>, count k: Int, row: Int, targets: Targets<S>, batch: Int,
        gradient dz: UnsafeMutablePointer<S>?, total: inout Double,
        loss: (_ x: Double, _ t: Double) -> Double, derivative: (_ x: Double, _ t: Double, _ scale: Double) -> Double
    ) -> (maximum: Double, argmax: Int) {
        let scale = 1 / Double(batch * k)
        var maximum = -Double.infinity, argmax = 0
        for j in 0..<k {
            let x = Double(z[j]), t = target(targets, row: row, column: j, outputs: k)
            total += loss(x, t)
            if x > maximum { maximum = x; argmax = j }
            dz?[j] = S(derivative(x, t, scale))
        }
        return (maximum, argmax)
    }

    /// e^(z[j] − shift) for j in 0..<count, in order, eight at a time through the lanes that `GradMath.exp`
    /// takes lane 0 of (so each value has the same bits as `GradMath.exp(Double(z[j]) − shift)`); the scalar
    /// calls cost a tenth of a small net's step.
    @inline(__always)
    static func exponentials<S: TrainingScalar>(
        _ z: UnsafePointer<S>, count: Int, minus shift: Double, _ body: (Int, Double) -> Void
    ) {
        var start = 0
        while start < count {
            let lanes = min(8, count - start)
            var x = DoubleLanes(repeating: 0)
            for lane in 0..<lanes { x[lane] = Double(z[start + lane]) - shift }
            let e = ExponentialLanes.exp(x)
            for lane in 0..<lanes { body(start + lane, e[lane]) }
            start += 8
        }
    }

    /// The target for one output: a value, or a label turned into one-hot (or the label itself for a
    /// single-output binary classifier).
    @inline(__always)
    private static func target<S: TrainingScalar>(_ targets: Targets<S>, row: Int, column: Int, outputs: Int) -> Double {
        switch targets {
        case .values(let values): return Double(values[row * outputs + column])
        case .labels(let labels):
            let label = Int(labels[row])
            if outputs == 1 { return Double(label) }
            return label == column ? 1 : 0
        }
    }
}
