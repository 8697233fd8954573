@testable import GradCore

/// Small deterministic fixtures shared by the core tests.
enum Fixture {
    /// A batch of normal inputs and labels cycling through `classes`.
    static func classificationBatch(
        rows: Int, inputs: Int, classes: Int, seed: UInt64 = 11
    ) -> (Matrix<Double>, [Int32]) {
        var rng = SeededGenerator(seed: seed)
        let input = Matrix<Double>(rows: rows, cols: inputs)
        for i in 0..<input.count { input.pointer[i] = rng.nextNormal() }
        let labels = (0..<rows).map { Int32($0 % classes) }
        return (input, labels)
    }

    /// A network of `spec`, initialized from `seed`, in Double.
    static func network(_ spec: NetworkSpec, seed: UInt64 = 5) throws -> Network<Double> {
        let network = try Network<Double>(spec: spec)
        var rng = SeededGenerator(seed: seed)
        network.initialize(using: &rng)
        return network
    }

    /// The real trainer (Float, Adam at lr 0.01, global-norm clip 1, batch 32) on a recurrent front of
    /// `recurrent` with a linear head of `outputs`, for `data`, initialized from `rng`.
    static func recurrentTrainer(
        _ recurrent: RecurrentSpec, for data: Dataset, outputs: Int, loss: LossFunction, using rng: inout SeededGenerator
    ) throws -> Trainer {
        let spec = NetworkSpec(inputWidth: data.inputCount, hidden: [], outputWidth: outputs, recurrent: recurrent)
        let network = try Network<Float>(spec: spec)
        network.initialize(using: &rng)
        let settings = TrainingSettings(
            loss: loss, optimizer: OptimizerSettings(kind: .adam(), learningRate: 0.01), clip: .globalNorm(max: 1),
            batchSize: 32)
        return try Trainer(network: network, settings: settings)
    }

    /// Runs the finite-difference check and returns the worst relative error over all parameters.
    static func worstGradientError(
        _ network: Network<Double>, rows: Int = 8, loss: LossFunction = .crossEntropy, seed: UInt64 = 11
    ) -> Double {
        let (input, labels) = classificationBatch(
            rows: rows, inputs: network.spec.inputWidth, classes: max(network.spec.outputWidth, 2), seed: seed)
        var rng = SeededGenerator(seed: 99)
        return labels.withUnsafeBufferPointer { buffer in
            GradientCheck.run(
                network: network, input: input, batch: rows, targets: .labels(buffer.baseAddress!), loss: loss,
                samplesPerParameter: 24, using: &rng
            ).map(\.maxRelativeError).max() ?? .infinity
        }
    }
}
