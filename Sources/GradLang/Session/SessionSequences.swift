import GradCore
import GradSyntax

/// The sequence task behind the data, its length T, and the time steps a row splits into.
public struct SequenceData: Equatable, Sendable {
    public var task: SequenceTask
    public var length: Int
    public var steps: Int { task.steps(length: length) }
}

/// Sequence tasks and truncated back-propagation through time.
extension Session {
    /// Fresh sequences `wrong_rate` scores the network on.
    public static let scoredSequences = 1000

    /// Generates `count` sequences of `task` with length T, and sets the task's loss (MSE for adding and
    /// multiplication, cross-entropy for the classification tasks and at every step for memorization).
    public func generateSequences(_ task: SequenceTask, count: Int?, length: Int?) throws {
        let count = count ?? OptionDefaults.sequenceCount, length = length ?? OptionDefaults.sequenceLength
        let steps = task.steps(length: length)
        let rowValues = Double(steps) * Double(task.featuresPerStep) + Double(task.datasetTask(length: length).targetWidth)
        try checkMemory(Double(count) * (rowValues * 8 * 3 + SessionLimits.bytesPerRow),
                        for: "\(count) sequences of \(steps) steps", hint: "generate fewer or shorter sequences")
        var trial = rng
        let dataset: Dataset
        do {
            dataset = try task.generate(count: count, length: length, using: &trial)
        } catch let error as DataError {
            throw SessionError(.dataRefused, error.message, hint: error.note)
        }
        let before = rng
        rng = trial
        do {
            try install(dataset, source: task.name, sequence: SequenceData(task: task, length: length))
        } catch {
            rng = before
            throw error
        }
        let loss: LossFunction = task.loss == .lastStepMSE ? .meanSquaredError : .crossEntropy
        if settings.loss != loss {
            try updateSettings { $0.loss = loss }
            notes.append("loss set to \(loss.rawValue), the loss of '\(task.name)'")
        }
    }

    /// The fraction of fresh sequences the network gets wrong (by the task's measure: a squared error over
    /// 0.04, or the wrong class) and whether that is under 1%, "solved". The sequences come from a generator
    /// of their own, seeded from the session's seed, so scoring draws nothing from the session's stream.
    public func sequenceScore() throws -> (wrongFraction: Double, solved: Bool) {
        guard let sequence else {
            throw SessionError(.wrongTask, "scoring sequences needs a sequence task", hint: "e.g. 'data adding 2560 length 50'")
        }
        let network = try requireTrainer().network
        var fresh = SeededGenerator(seed: seed ^ 0x5EED_5C0E)
        var data: Dataset
        do {
            data = try sequence.task.generate(count: Self.scoredSequences, length: sequence.length, using: &fresh)
            if let standardization { data = try standardization.apply(to: data) }
        } catch let error as DataError {
            throw SessionError(.dataRefused, error.message, hint: error.note)
        }
        let outputs = network.outputs(ofLayer: network.dense.count, for: data.features) ?? []
        return sequence.task.score(outputs: outputs, dataset: data)
    }

    /// Truncated BPTT through `steps` steps, or full BPTT when nil; the weights, the optimizer's state
    /// and the history carry on.
    public func setTruncation(_ steps: Int?) throws {
        guard plan?.recurrent != nil else {
            throw SessionError(.noNetwork, "'bptt' needs a recurrent network", hint: "build one with 'net lstm 1x64'")
        }
        if let steps, steps < 1 { throw SessionError(.invalidValue, "truncated BPTT needs at least one step, got \(steps)") }
        plan?.recurrent?.truncation = steps
        network?.setTruncation(steps)
    }
}
