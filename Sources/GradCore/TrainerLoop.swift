import Foundation

/// The current batch and dLoss/dLogits, sized once per (batch size, data shape).
final class BatchBuffers {
    let batch: Batch<Float>
    let logitGradient: Matrix<Float>
    var capacity: Int { batch.capacity }

    init(capacity: Int, data: Dataset, outputs: Int) {
        batch = Batch(capacity: capacity, for: data)
        logitGradient = Matrix(rows: capacity, cols: outputs)
    }

    func targets(for task: Dataset.Task) -> Targets<Float> {
        switch task {
        case .classification: .labels(UnsafePointer(batch.labels.baseAddress!))
        case .regression: .values(UnsafePointer(batch.targets.pointer))
        }
    }

    func fits(_ data: Dataset, capacity: Int, outputs: Int) -> Bool {
        batch.capacity == capacity && batch.inputs.cols == data.inputCount
            && batch.targets.cols == data.task.targetWidth && logitGradient.cols == outputs
    }
}

/// What an epoch's steps add up to: the loss summed over rows, the correct predictions and the rows.
private struct EpochTally {
    var lossSum = 0.0, correct = 0, rows = 0

    mutating func add(loss: Double, correct: Int, rows: Int) {
        lossSum += loss * Double(rows)
        self.correct += correct
        self.rows += rows
    }
}

extension Trainer {
    /// Trains on `data` for `budget`, evaluating `test` (if any) after every epoch.
    ///
    /// `shouldStop` is polled once per step (Ctrl-C); `onEvent` receives step progress and epoch summaries.
    /// Throws only for requests that cannot start (mismatched data); a non-finite value or an
    /// interruption ends training normally with the reason in the outcome.
    public func train(
        on data: Dataset, test: Dataset?, budget: TrainingBudget, using rng: inout SeededGenerator,
        shouldStop: () -> Bool = { false }, onEvent: (TrainingEvent) -> Void = { _ in }
    ) throws -> TrainingOutcome {
        try check(data)
        if let test { try check(test) }
        let buffers = prepareBuffers(for: data)
        let iterator = try batchIterator(for: data)
        let stepsPerEpoch = iterator.batchesPerEpoch
        let totalSteps: Int
        switch budget {
        case .epochs(let epochs): totalSteps = max(epochs, 0) * stepsPerEpoch
        case .steps(let steps): totalSteps = max(steps, 0)
        }
        if settings.statisticsInterval > 0 {
            history.reserve(records: totalSteps / settings.statisticsInterval + 1)
            timeHistory?.reserve(records: totalSteps / settings.statisticsInterval + 1)
        }
        var epochs: [EpochSummary] = []
        epochs.reserveCapacity(totalSteps / max(stepsPerEpoch, 1) + 1)
        epochLog.reserveCapacity(epochLog.count + epochs.capacity)
        var tally = EpochTally()
        var stop = TrainingStop.finished
        let start = DispatchTime.now().uptimeNanoseconds
        var taken = 0
        while taken < totalSteps {
            if shouldStop() { stop = .interrupted; break }
            let rows = try iterator.next(into: buffers.batch, using: &rng)
            // Batch norm cannot normalize a single row (PyTorch raises); such a leftover batch is skipped.
            if rows < 2 && hasBatchNorm { continue }
            let result = stepOnTheRightCores(rows: rows, data: data, buffers: buffers)
            if let site = result.failure {
                stop = .nonFinite(NonFiniteReport(
                    step: stepCount + 1, epoch: epochCount + 1, site: site, lastFiniteLoss: lastLoss,
                    restoredWeights: result.restoredWeights))
                break
            }
            taken += 1
            tally.add(loss: result.loss, correct: result.correct, rows: rows)
            onEvent(.step(StepProgress(
                step: stepCount, epoch: epochCount + 1, stepInEpoch: tally.rows / max(settings.batchSize, 1),
                stepsPerEpoch: stepsPerEpoch, loss: result.loss,
                accuracy: data.task.classCount == nil ? nil : Double(result.correct) / Double(rows),
                gradientNorm: result.gradientNorm)))
            if iterator.isEndOfEpoch {
                epochCount += 1
                let summary = summarizeEpoch(tally, task: data.task, test: test)
                epochs.append(summary)
                epochLog.append(summary)
                onEvent(.epoch(summary))
                tally = EpochTally()
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        lastStop = stop
        return TrainingOutcome(stop: stop, stepsTaken: taken, seconds: seconds, epochs: epochs)
    }

    private func summarizeEpoch(_ tally: EpochTally, task: Dataset.Task, test: Dataset?) -> EpochSummary {
        let loss = tally.lossSum / Double(tally.rows)
        var summary = EpochSummary(epoch: epochCount, step: stepCount, loss: loss, accuracy: nil)
        if case .classification = task { summary.accuracy = Double(tally.correct) / Double(max(tally.rows, 1)) }
        lastLoss = loss
        lastAccuracy = summary.accuracy
        if let test {
            let evaluation = evaluate(test)
            summary.testLoss = evaluation.loss
            summary.testAccuracy = evaluation.accuracy
        }
        return summary
    }

    /// Loss and accuracy (classification only) of the whole of `data` in evaluation mode.
    public func evaluate(_ data: Dataset) -> (loss: Double, accuracy: Double?) {
        let buffers = prepareBuffers(for: data)
        var total = 0.0, correct = 0
        // A sequential pass visits every row once; it draws nothing from the generator.
        var unused = SeededGenerator(seed: 0)
        guard let iterator = try? BatchIterator(dataset: data, batchSize: buffers.capacity, order: .sequential) else {
            return (.nan, nil)
        }
        for _ in 0..<iterator.batchesPerEpoch {
            guard let rows = try? iterator.next(into: buffers.batch, using: &unused), rows > 0 else { break }
            let logits = network.forward(buffers.batch.inputs, batch: rows, mode: .evaluation)
            let result = settings.loss.evaluate(
                logits: logits, batch: rows, targets: buffers.targets(for: data.task), gradient: nil,
                stepClasses: data.stepClasses)
            total += result.loss * Double(rows)
            correct += result.correct
        }
        let accuracy: Double?
        if case .classification = data.task { accuracy = Double(correct) / Double(max(data.count, 1)) } else { accuracy = nil }
        return (total / Double(max(data.count, 1)), accuracy)
    }

    /// Forward and backward on the next batch without updating: fills gradients and layer statistics.
    public func computeGradients(on data: Dataset, using rng: inout SeededGenerator) throws -> LossResult {
        try check(data)
        let buffers = prepareBuffers(for: data)
        let iterator = try batchIterator(for: data)
        var rows = try iterator.next(into: buffers.batch, using: &rng)
        if rows < 2 && hasBatchNorm { rows = try iterator.next(into: buffers.batch, using: &rng) }
        let logits = network.forward(buffers.batch.inputs, batch: rows, mode: .training)
        let result = settings.loss.evaluate(
            logits: logits, batch: rows, targets: buffers.targets(for: data.task), gradient: buffers.logitGradient,
            stepClasses: data.stepClasses)
        network.backward(buffers.logitGradient, batch: rows)
        collector.observeActivationsAndGradients(batch: rows)
        collector.observeWeights()
        return result
    }

    var hasBatchNorm: Bool { network.batchNorms.contains { $0 != nil } }

    private func prepareBuffers(for data: Dataset) -> BatchBuffers {
        // Never shrink below what training allocated: evaluating a small test set between epochs must not
        // leave the training loop with buffers larger than the network's.
        let capacity = max(1, min(settings.batchSize, max(data.count, network.batchCapacity)))
        network.allocate(batchCapacity: capacity)
        if let buffers, buffers.fits(data, capacity: capacity, outputs: network.spec.outputWidth) { return buffers }
        let fresh = BatchBuffers(capacity: capacity, data: data, outputs: network.spec.outputWidth)
        buffers = fresh
        return fresh
    }

    /// The iterator over `data`, kept across calls so consecutive `train` commands continue where the last
    /// one stopped. Shuffled epochs normally; the benchmark's cycling order when shuffling is off.
    private func batchIterator(for data: Dataset) throws -> BatchIterator {
        if let batches, batchesDataset == data { return batches }
        let iterator = try BatchIterator(
            dataset: data, batchSize: min(settings.batchSize, data.count), order: settings.shuffle ? .shuffled : .cycling,
            dropsPartialBatch: hasBatchNorm && data.count % settings.batchSize == 1)
        batches = iterator
        batchesDataset = data
        return iterator
    }

    // MARK: - One step

    private struct StepResult {
        var loss = 0.0
        var correct = 0
        var gradientNorm = 0.0
        var failure: NonFiniteSite?
        var restoredWeights = false
    }

    /// One step, kept on this core when the network gains nothing from the second (`Network.prefersOneCore`).
    private func stepOnTheRightCores(rows: Int, data: Dataset, buffers: BatchBuffers) -> StepResult {
        guard network.prefersOneCore(batch: rows) else { return step(rows: rows, data: data, buffers: buffers) }
        var result = StepResult()
        PairedWork.shared.alone { result = step(rows: rows, data: data, buffers: buffers) }
        return result
    }

    private func step(rows: Int, data: Dataset, buffers: BatchBuffers) -> StepResult {
        var result = StepResult()
        let learningRate = settings.schedule.rate(base: settings.optimizer.learningRate, step: stepCount)
        let logits = network.forward(buffers.batch.inputs, batch: rows, mode: .training)
        let evaluation = settings.loss.evaluate(
            logits: logits, batch: rows, targets: buffers.targets(for: data.task), gradient: buffers.logitGradient,
            stepClasses: data.stepClasses)
        guard evaluation.loss.isFinite else {
            result.failure = firstNonFiniteActivation(rows: rows, logits: logits)
            result.restoredWeights = restoreIfWeightsNonFinite()
            if result.restoredWeights { stepCount -= 1 }  // the overflowing update is undone
            return result
        }
        network.backward(buffers.logitGradient, batch: rows)
        let recording = settings.statisticsInterval > 0 && (stepCount + 1) % settings.statisticsInterval == 0
        if recording {
            collector.observeActivationsAndGradients(batch: rows)
        }
        let clip = clipper.clip(measured: recording ? UnsafePointer(collector.gradientSummaries) : nil)
        guard clip.normBefore.isFinite else {
            result.failure = firstNonFiniteGradient()
            return result
        }
        // The snapshot serves the rollback of an update that overflows the weights. Float overflow needs
        // lr·‖g‖ near 1e38 (momentum at most multiplies it by 1/(1−μ)), so below 1e20 the copy — a full pass
        // over the parameters, 17 MB a step for four 1024-wide layers — is skipped. (The update ratio is measured by the
        // optimizer itself.)
        snapshotIsCurrent = !(learningRate * clip.normAfter < 1e20)
        if snapshotIsCurrent { snapshot.capture() }
        optimizer.step(learningRate: learningRate, measuringUpdates: recording)
        stepCount += 1
        clipStatistics.record(clip)
        lastClip = clip
        lastLoss = evaluation.loss
        if case .classification = data.task { lastAccuracy = Double(evaluation.correct) / Double(rows) }
        if recording {
            collector.observeUpdate(measuredBy: optimizer)
            let accuracy: Double
            if case .classification = data.task { accuracy = Double(evaluation.correct) / Double(rows) } else { accuracy = .nan }
            collector.record(
                StepStatistics(
                    step: stepCount, epoch: epochCount + 1, loss: evaluation.loss, accuracy: accuracy,
                    gradientNormBefore: clip.normBefore, gradientNormAfter: clip.normAfter,
                    clipCoefficient: clip.coefficient, learningRate: learningRate, layers: []),
                into: history)
            timeHistory?.append(step: stepCount, layers: network.recurrent)
        }
        result.loss = evaluation.loss
        result.correct = evaluation.correct
        result.gradientNorm = clip.normBefore
        return result
    }

    /// The first user-facing layer whose forward output holds NaN or ±∞, else the loss itself.
    private func firstNonFiniteActivation(rows: Int, logits: Matrix<Float>) -> NonFiniteSite {
        if let site = firstNonFiniteRecurrent(.state) { return site }
        for number in 1...network.dense.count {
            let output = network.activationOutput(layer: number) ?? (number == network.dense.count ? logits : nil)
            if let output, !BufferSummary.of(UnsafePointer(output.pointer), count: rows * output.cols).isFinite {
                return .activation(layer: number)
            }
        }
        return .loss
    }

    /// The layer nearest the output whose gradient holds NaN or ±∞: where backward first produced it.
    private func firstNonFiniteGradient() -> NonFiniteSite {
        for number in stride(from: network.dense.count, through: 1, by: -1) {
            let parameters = network.parameters.filter { $0.layer == number }
            if parameters.contains(where: { !$0.gradient.isFinite }) { return .gradient(layer: number) }
        }
        return firstNonFiniteRecurrent(.gradient) ?? .gradient(layer: network.dense.count)
    }

    /// The first recurrent layer, in the order the pass that failed visits them, with a non-finite
    /// `quantity`, and the time step where it first appears.
    private func firstNonFiniteRecurrent(_ quantity: NonFiniteStep.Quantity) -> NonFiniteSite? {
        let order = quantity == .state ? Array(network.recurrent.indices) : network.recurrent.indices.reversed()
        for index in order {
            if let site = network.recurrent[index].firstNonFiniteStep, site.quantity == quantity {
                return .recurrent(layer: index + 1, site)
            }
        }
        return nil
    }

    /// When the previous update overflowed the weights, puts back the values from before it.
    private func restoreIfWeightsNonFinite() -> Bool {
        guard snapshotIsCurrent, network.parameters.contains(where: { !$0.value.isFinite }) else { return false }
        snapshot.restore()
        return true
    }
}
