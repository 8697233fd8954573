import Foundation
import GradCore
import GradSyntax

/// `train`, `step`, `backward`, `reset`, `eval` and `gradcheck`: a live progress line, periodic epoch lines, and a
/// clear report of how training ended.
extension Interpreter {
    func runTrain(_ budget: TrainingBudget, range: SourceRange) throws {
        var lastDraw: UInt64 = 0
        var printedEpochs = 0
        let totalEpochs: Int? = { if case .epochs(let n) = budget { return n } else { return nil } }()
        // Without a terminal, print at most ~10 epoch lines per command.
        let every = max(1, (totalEpochs ?? 1) / 10)
        let startEpoch = session.trainer?.epochCount ?? 0
        let startStep = session.trainer?.stepCount ?? 0
        let started = DispatchTime.now().uptimeNanoseconds
        let outcome = try runSession(at: range) {
            try session.train(budget) { event in
                switch event {
                case .step(let progress):
                    guard options.interactiveProgress else { return }
                    let now = DispatchTime.now().uptimeNanoseconds
                    guard now - lastDraw > 100_000_000 else { return }  // ~10 redraws a second at most
                    lastDraw = now
                    let target = totalEpochs.map { "/\(startEpoch + $0)" } ?? ""
                    var parts = ["epoch \(progress.epoch)\(target)", "step \(progress.step)", "loss \(Format.fixed(progress.loss))"]
                    if let accuracy = progress.accuracy { parts.append("acc \(Format.percent(accuracy))") }
                    parts.append("grad \(Format.scientific(progress.gradientNorm))")
                    let seconds = Double(now - started) / 1e9
                    if options.timings, seconds > 0 {
                        parts.append("\(Int((Double(progress.step - startStep) / seconds).rounded())) steps/s")
                    }
                    output.progress(parts.joined(separator: "  "), final: false)
                case .epoch(let summary):
                    let index = summary.epoch - startEpoch
                    guard !options.quiet, !options.interactiveProgress, index % every == 0 || index == totalEpochs else { return }
                    printedEpochs += 1
                    output.line(epochLine(summary, target: totalEpochs.map { startEpoch + $0 }))
                }
            }
        }
        // The log replays exactly what ran: the steps taken, plus the refused step of a non-finite stop
        // (it drew a batch, so the replay must too).
        if case .nonFinite = outcome.stop {
            commandLog.append(.train(amount: SessionLog.number(outcome.stepsTaken + 1), unit: .steps))
        } else if outcome.stepsTaken > 0 {
            commandLog.append(.train(amount: SessionLog.number(outcome.stepsTaken), unit: .steps))
        }
        report(outcome, budget: budget, alreadyPrintedLast: printedEpochs > 0 && outcome.stop == .finished && totalEpochs != nil)
    }

    private func epochLine(_ summary: EpochSummary, target: Int?) -> String {
        var parts = ["epoch \(summary.epoch)\(target.map { "/\($0)" } ?? "")", "loss \(Format.fixed(summary.loss))"]
        if let accuracy = summary.accuracy { parts.append("acc \(Format.percent(accuracy))") }
        if let testLoss = summary.testLoss { parts.append("test_loss \(Format.fixed(testLoss))") }
        if let testAccuracy = summary.testAccuracy { parts.append("test_acc \(Format.percent(testAccuracy))") }
        return parts.joined(separator: "  ")
    }

    private func report(_ outcome: TrainingOutcome, budget: TrainingBudget, alreadyPrintedLast: Bool) {
        guard let trainer = session.trainer else { return }
        let speed = options.timings && outcome.stepsTaken > 0 ? "  (\(Int(outcome.stepsPerSecond.rounded())) steps/s)" : ""
        switch outcome.stop {
        case .finished:
            guard !options.quiet else { return }
            if alreadyPrintedLast {
                if !speed.isEmpty { output.line("trained \(Format.count(outcome.stepsTaken, "step"))\(speed)") }
                return
            }
            var parts = ["trained \(Format.count(outcome.stepsTaken, "step"))", "epoch \(trainer.epochCount)"]
            if let loss = trainer.lastLoss { parts.append("loss \(Format.fixed(loss))") }
            if let accuracy = trainer.lastAccuracy { parts.append("acc \(Format.percent(accuracy))") }
            if let clip = trainer.lastClip { parts.append("grad \(Format.scientific(clip.normBefore))") }
            output.line(parts.joined(separator: "  ") + speed)
        case .interrupted:
            // The session's step count only says more than the steps of this command when it trained before.
            let total = trainer.stepCount == outcome.stepsTaken ? "" : " (step \(trainer.stepCount))"
            output.line("interrupted after \(Format.count(outcome.stepsTaken, "step"))\(total); the model and history are kept")
        case .nonFinite(let report):
            var lines = [
                "training stopped at step \(report.step) (epoch \(report.epoch)): \(report.site) became NaN or infinite.",
                report.restoredWeights
                    ? "The update before it overflowed the weights; they were restored to step \(report.step - 2)."
                    : "That step was not applied: the weights are those after step \(report.step - 1).",
            ]
            if let loss = report.lastFiniteLoss { lines.append("last finite loss: \(Format.fixed(loss))") }
            let architectureFix = trainer.network.recurrent.isEmpty ? "'init he' / 'init xavier'" : "an LSTM ('net lstm …') or 'init orthogonal'"
            lines.append("note: this is an exploding gradient; try 'clip norm 1.0', a smaller 'lr', or \(architectureFix)")
            for line in lines { output.line(line) }
        }
    }

    func runGradientCheck(range: SourceRange) throws {
        let results = try runSession(at: range) { try session.gradientCheck() }
        var byLayer: [Int: (worst: Double, count: Int)] = [:]
        for result in results {
            let current = byLayer[result.layer] ?? (0, 0)
            byLayer[result.layer] = (max(current.worst, result.maxRelativeError), current.count + result.checkedEntries)
        }
        var table = TextTable(["layer", "entries", "max rel error", "ok"])
        for layer in byLayer.keys.sorted() {
            let entry = byLayer[layer] ?? (0, 0)
            table.add(["\(layer)", "\(entry.count)", Format.scientific(entry.worst), entry.worst < 1e-4 ? "yes" : "NO"])
        }
        for line in table.lines { output.line(line) }
        output.line("finite differences in Double precision (five-point stencil, h = 1e-4) on one batch")
        if let network = session.network, results.count < network.parameters.count {
            output.line("interrupted after \(results.count) of \(network.parameters.count) tensors")
        }
    }

    /// `train N [steps]`.
    func runTrain(_ amount: Expr, unit: TrainUnit, range: SourceRange) throws {
        let count = try integer(amount, what: "the amount to train")
        try runTrain(unit == .steps ? .steps(count) : .epochs(count), range: range)
    }

    /// `backward`: gradients of one batch, without an update.
    func runBackward(range: SourceRange) throws {
        let loss = try runSession(at: range) { try session.computeGradients() }
        commandLog.append(.backward)
        if !options.quiet { output.line("gradients of one batch (no update): loss \(Format.fixed(loss))") }
    }

    /// `reset`: fresh weights with the current settings.
    func runReset(range: SourceRange) throws {
        try runSession(at: range) { try session.reset() }
        commandLog.append(.reset)
        if !options.quiet { output.line("weights re-initialized; history cleared") }
    }

    /// `eval`: loss and accuracy on the test split (or the training data).
    func runEval(range: SourceRange) throws {
        let result = try runSession(at: range) { try session.evaluate() }
        output.line("\(result.set): loss \(Format.fixed(result.loss))\(result.accuracy.map { ", accuracy \(Format.percent($0))" } ?? "")")
    }
}
