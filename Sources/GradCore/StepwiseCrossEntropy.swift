extension LossFunction {
    /// Softmax cross-entropy at every time step, for targets that are one class per step stored one-hot
    /// (noiseless memorization). Each row of `logits` is K / C steps of C logits; the loss is the mean over
    /// the B·(K / C) steps of logsumexp(z) − Σ t·z, which is PyTorch's `CrossEntropyLoss` (mean reduction,
    /// class-probability targets) over the logits reshaped to (B·K/C) × C.
    ///
    /// A row counts as correct when every step's arg-max is its target's.
    static func stepwiseCrossEntropy<S: TrainingScalar>(
        logits: Matrix<S>, batch: Int, classes: Int, targets: UnsafePointer<S>, gradient: Matrix<S>?
    ) -> LossResult {
        let k = logits.cols, steps = k / max(classes, 1)
        precondition(classes >= 1 && steps * classes == k, "a row must split into steps of \(classes) classes")
        let scale = 1 / Double(batch * steps)
        var total = 0.0
        var correct = 0
        for row in 0..<batch {
            var rowCorrect = true
            for step in 0..<steps {
                let offset = row * k + step * classes
                let z = logits.pointer + offset, t = targets + offset
                var maximum = Double(z[0]), predicted = 0, target = 0
                for j in 1..<classes {
                    if Double(z[j]) > maximum { maximum = Double(z[j]); predicted = j }
                    if t[j] > t[target] { target = j }
                }
                var sum = 0.0
                exponentials(z, count: classes, minus: maximum) { _, e in sum += e }
                let logSumExp = maximum + GradMath.log(sum)
                for j in 0..<classes { total += Double(t[j]) * (logSumExp - Double(z[j])) }
                if predicted != target { rowCorrect = false }
                // forward was: ℓ = Σ_j t_j (logsumexp(z) − z_j)  → dℓ/dz_j = softmax(z)_j·Σt − t_j, /(B·steps)
                if let dz = gradient.map({ $0.pointer + offset }) {
                    var targetSum = 0.0
                    for j in 0..<classes { targetSum += Double(t[j]) }
                    exponentials(z, count: classes, minus: logSumExp) { j, p in
                        dz[j] = S((p * targetSum - Double(t[j])) * scale)
                    }
                }
            }
            if rowCorrect { correct += 1 }
        }
        return LossResult(loss: total * scale, correct: correct)
    }
}
