import Foundation
import GradCore
import GradSyntax

/// `train`/`step` output: a live progress line, periodic epoch lines, and a clear report of how it ended.
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
            commandLog.append("train \(outcome.stepsTaken + 1) steps")
        } else if outcome.stepsTaken > 0 {
            commandLog.append("train \(outcome.stepsTaken) steps")
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
            lines.append("note: this is an exploding gradient; try 'clip norm 1.0', a smaller 'lr', or 'init he' / 'init xavier'")
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

    func show(_ target: ShowTarget, range: SourceRange) throws {
        if target == .grads {
            // The table for the terminal; sinks that show pictures draw the same norms as the report's bars.
            let figure = try runSession(at: range) { () throws -> Figure in
                let chart = try session.layerGradientChart()
                return Figure(text: try session.showGrads()) { SVGBarChart.render(chart) }
            }
            return output.figure(figure)
        }
        let lines: [String] = try runSession(at: range) {
            switch target {
            case .net: return try session.showNet()
            case .grads: return try session.showGrads()
            case .acts: return try session.showActivations()
            case .weights: return try session.showWeights()
            case .stats: return try session.showStats()
            case .clip: return try session.showClip()
            case .settings: return session.showSettings()
            case .data: return try session.showData()
            case .history: return try session.showHistory()
            case .runs: return session.showRuns()
            case .features: return session.showFeatures()
            }
        }
        for line in lines { output.line(line) }
    }
}

extension Session {
    /// The named runs side by side.
    public func showRuns() -> [String] {
        guard !runs.isEmpty else { return ["no runs kept yet; 'run \"name\"' keeps the current results"] }
        var table = TextTable(["run", "net", "steps", "loss", "acc", "test acc", "first/last grad", "stop"])
        for run in runs {
            let ratio = (run.gradientNorms.last ?? 0) > 0 ? Format.scientific(run.gradientNorms[0] / run.gradientNorms[run.gradientNorms.count - 1]) : "-"
            var stop = "finished"
            if case .nonFinite(let report)? = run.stop { stop = "NaN at step \(report.step)" } else if run.stop == .interrupted { stop = "interrupted" }
            table.add([
                run.name, run.description, "\(run.steps)", run.loss.map { Format.fixed($0) } ?? "-",
                run.accuracy.map(Format.percent) ?? "-", run.testAccuracy.map(Format.percent) ?? "-", ratio, stop,
            ])
        }
        return table.lines
    }
}
