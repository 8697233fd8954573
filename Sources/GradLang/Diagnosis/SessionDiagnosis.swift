import GradCore
import GradSyntax

/// Gathers what `diagnose` needs from the session; the analysis itself is `Diagnosis`.
public struct SessionDiagnosis {
    public let session: Session

    public init(_ session: Session) {
        self.session = session
    }

    // What the view reads, read-only.
    var network: Network<Float>? { session.network }
    var plan: NetworkPlan? { session.plan }
    var settings: TrainingSettings { session.settings }
    var trainer: Trainer? { session.trainer }

    /// The findings for the current network and its history, and a short note of what was examined.
    public func diagnose() throws -> (findings: [Finding], context: String) {
        guard let trainer else {
            throw SessionError(.noNetwork, "there is no network to diagnose", hint: "create one, e.g. 'net dense 5x32 relu init he', and load data")
        }
        let input = diagnosisInput(trainer)
        var context = "\(trainer.network.spec.hidden.count) hidden layers"
        if let recurrent = session.plan?.recurrent {
            context = "\(recurrent.summary), T = \(trainer.network.recurrent[0].steps)" + (session.plan?.hidden.isEmpty ?? true ? "" : ", \(context)")
        }
        if trainer.history.count > 0 {
            let window = min(trainer.history.count, DiagnosisThresholds.window)
            context = "step \(trainer.stepCount), \(context), \(window == 1 ? "the last recorded step" : "median of the last \(window) recorded steps")"
        } else if input.layers != nil {
            context = "one backward pass, \(context)"
        } else {
            context = "before training, \(context)"
        }
        return (Diagnosis.findings(for: input), context)
    }

    func diagnosisInput(_ trainer: Trainer) -> DiagnosisInput {
        let history = trainer.history
        var norms: [Double] = [], losses: [Double] = [], steps: [Int] = []
        norms.reserveCapacity(history.count)
        for index in 0..<history.count {
            let record = history.record(at: index)
            norms.append(record.gradientNormBefore)
            losses.append(record.loss)
            steps.append(record.step)
        }
        return DiagnosisInput(
            spec: trainer.network.spec, netLine: netLine, settings: settings, steps: trainer.stepCount,
            layers: recentLayerStatistics(trainer), gradientNorms: norms, losses: losses, recordedSteps: steps,
            stop: trainer.lastStop, time: timeEvidence(trainer))
    }

    /// Per-layer medians over the last few recorded steps (one noisy batch should not decide a diagnosis),
    /// or the latest `backward`'s numbers when nothing is recorded; nil before any gradient.
    func recentLayerStatistics(_ trainer: Trainer) -> [LayerStatistics]? {
        let history = trainer.history
        guard history.count > 0 else {
            let latest = trainer.latestLayers
            return latest.contains { $0.weightGradientNorm != 0 } ? latest : nil
        }
        let recent = (max(0, history.count - DiagnosisThresholds.window)..<history.count).map { history.record(at: $0).layers }
        return (0..<history.layerCount).map { index in
            let column = recent.map { $0[index] }
            var summary = LayerStatistics(layer: index + 1)
            func med(_ field: (LayerStatistics) -> Double) -> Double { Diagnosis.median(column.map(field)) }
            summary.weightGradientNorm = med(\.weightGradientNorm)
            summary.weightGradientMean = med(\.weightGradientMean)
            summary.weightGradientStd = med(\.weightGradientStd)
            summary.weightGradientMaxAbs = med(\.weightGradientMaxAbs)
            summary.biasGradientNorm = med(\.biasGradientNorm)
            summary.activationMean = med(\.activationMean)
            summary.activationStd = med(\.activationStd)
            summary.saturatedFraction = med(\.saturatedFraction)
            summary.deadFraction = med(\.deadFraction)
            summary.weightNorm = med(\.weightNorm)
            summary.updateRatio = med(\.updateRatio)
            return summary
        }
    }

    /// The `net` command that rebuilds the current plan, when all hidden layers are alike.
    var netLine: String? {
        if let recurrent = plan?.recurrent, plan?.hidden.isEmpty == true { return SessionLog.recurrentNet(recurrent).sourceText }
        guard let plan, let first = plan.hidden.first, plan.hidden.allSatisfy({ $0 == first }) else { return nil }
        return "net dense \(plan.summary)"
    }
}
