import GradCore
import GradSyntax

/// A finished run kept under a name for `compare`.
public struct NamedRun: Sendable {
    public var name: String
    public var description: String
    public var steps: Int
    public var epochs: Int
    public var loss: Double?
    public var accuracy: Double?
    public var testLoss: Double?
    public var testAccuracy: Double?
    public var stop: TrainingStop?
    /// Per-layer weight-gradient norms of the last recorded step.
    public var gradientNorms: [Double]
    /// (step, loss) of every recorded step, for curves.
    public var lossCurve: [(Int, Double)]
    /// A recurrent net's ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ (first layer) after the latest backward; nil for an MLP.
    public var timeRatio: Double? = nil
}

extension Session {
    /// The trainer, or an error saying what is missing.
    func requireTrainer() throws -> Trainer {
        guard trainData != nil else {
            throw SessionError(.noData, "there is no data to train on", hint: "load data first, e.g. 'data spiral 1536 classes 3'")
        }
        guard let trainer else {
            throw SessionError(.noNetwork, "there is no network to train", hint: "create one, e.g. 'net dense 5x32 relu init he'")
        }
        return trainer
    }

    /// Trains for `budget`, forwarding progress; stops early on Ctrl-C or a non-finite value (see the outcome).
    public func train(_ budget: TrainingBudget, onEvent: (TrainingEvent) -> Void) throws -> TrainingOutcome {
        let trainer = try requireTrainer()
        guard let data = trainData else { throw SessionError(.noData, "there is no data to train on") }
        switch budget {
        case .epochs(let n), .steps(let n):
            guard n >= 0 else { throw SessionError(.invalidValue, "the number to train must not be negative (got \(n))") }
            guard n <= limits.stepsPerCommand else {
                throw SessionError(.limitExceeded, "\(n) is more than the limit of \(limits.stepsPerCommand) per train command")
            }
        }
        try checkStepAllowance(budget, rows: data.count)
        try checkBatchSize(settings)
        switch budget {
        case .steps(let count): try checkHistorySize(steps: Double(count))
        case .epochs(let count):
            let batches = (Double(data.count) / Double(batchRows(for: data))).rounded(.up)
            try checkHistorySize(steps: Double(count) * batches)
        }
        let recorder = BoundaryRecorder(session: self, plannedSteps: plannedSteps(budget, rows: data.count))
        recorder?.capture(step: trainer.stepCount)
        do {
            let outcome = try trainer.train(on: data, test: testData, budget: budget, using: &rng, shouldStop: shouldStop) { event in
                if case .step(let progress) = event {
                    recorder?.stepped(to: progress.step)
                    histogramHistory.stepped(to: progress.step, trainer: trainer, probe: data)
                }
                onEvent(event)
            }
            stepsTaken += outcome.stepsTaken
            recorder?.capture(step: trainer.stepCount)
            if let recorder { boundarySnapshots = recorder.snapshots }
            return outcome
        } catch let error as TrainingError {
            throw SessionError(error)
        }
    }

    /// Gradients on one batch without an update (`backward`); returns the batch loss.
    public func computeGradients() throws -> Double {
        let trainer = try requireTrainer()
        guard let data = trainData else { throw SessionError(.noData, "there is no data") }
        try checkBatchSize(settings)
        do {
            return try trainer.computeGradients(on: data, using: &rng).loss
        } catch let error as TrainingError {
            throw SessionError(error)
        }
    }

    /// Loss and accuracy on the test split (or the training data when there is no split).
    public func evaluate() throws -> (set: String, loss: Double, accuracy: Double?) {
        let trainer = try requireTrainer()
        try checkBatchSize(settings)
        if let test = testData {
            try checked { try trainer.check(test) }
            let result = trainer.evaluate(test)
            return ("test", result.loss, result.accuracy)
        }
        guard let data = trainData else { throw SessionError(.noData, "there is no data") }
        try checked { try trainer.check(data) }
        let result = trainer.evaluate(data)
        return ("train", result.loss, result.accuracy)
    }

    /// Draws fresh weights with the current plan and forgets the training history.
    public func reset() throws {
        let trainer = try requireTrainer()
        var trial = rng
        trainer.network.initialize(using: &trial)
        rng = trial
        trainer.resetProgress()
        boundarySnapshots = []
        histogramHistory.removeAll()
    }

    /// Keeps the current results under `name` (replacing a run of the same name).
    public func saveRun(named name: String) throws {
        let trainer = try requireTrainer()
        let history = trainer.history
        var curve: [(Int, Double)] = []
        for index in 0..<history.count {
            let record = history.record(at: index)
            curve.append((record.step, record.loss))
        }
        let evaluation = testData.map { trainer.evaluate($0) }
        let run = NamedRun(
            name: name, description: plan?.summary ?? "", steps: trainer.stepCount, epochs: trainer.epochCount,
            loss: trainer.lastLoss, accuracy: trainer.lastAccuracy, testLoss: evaluation?.loss,
            testAccuracy: evaluation?.accuracy ?? nil, stop: trainer.lastStop,
            gradientNorms: trainer.latestLayers.map(\.weightGradientNorm), lossCurve: curve,
            timeRatio: trainer.network.recurrent.first.map { TimeViews.timeRatio($0.timeGradientNorms) })
        runs.removeAll { $0.name == name }
        runs.append(run)
    }

    /// Runs `body`, turning a core error into a session error.
    func checked(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SessionError {
            throw error
        } catch let error as TrainingError {
            throw SessionError(error)
        } catch {
            throw SessionError(.invalidSetting, "\(error)")
        }
    }
}

extension ResourceLimits {
    /// The most epochs or steps a single `train` command may ask for.
    public static let maximumSteps = 10_000_000
}

extension Session {
    /// The latest per-layer statistics, or an error when no gradient has been computed yet.
    func requireStatistics() throws -> [LayerStatistics] {
        let trainer = try requireTrainer()
        guard trainer.history.count > 0 || trainer.latestLayers.contains(where: { $0.weightGradientNorm != 0 }) else {
            throw SessionError(.nothingRecorded, "there are no gradients yet", hint: "run 'backward' (one batch, no update) or 'train 1'")
        }
        return trainer.latestLayers
    }

    /// The history's rows, or an error saying to train first.
    func requireHistory() throws -> [StepStatistics] {
        let trainer = try requireTrainer()
        guard trainer.history.count > 0 else {
            throw SessionError(.nothingRecorded, "nothing has been recorded yet", hint: "train first, e.g. 'train 5'")
        }
        return trainer.history.records
    }

    /// Rows of training data `plot acts` runs forward: enough for smooth histograms, few enough to be instant.
    static let probeRows = 256
}
