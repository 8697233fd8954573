import Foundation
import GradCore
import GradSyntax

/// The checks that read gradients and the training history: vanishing, exploding, saturation, dead units.
extension Diagnosis {
    typealias Limits = DiagnosisThresholds

    /// Layer 1's gradient norm over the output layer's, or nil when there is no usable gradient.
    static func gradientRatio(_ layers: [LayerStatistics]) -> Double? {
        guard let first = layers.first?.weightGradientNorm, let last = layers.last?.weightGradientNorm,
              last > 0, first.isFinite, last.isFinite else { return nil }
        return first / last
    }

    /// Hidden layers (1-based) whose activation satisfies `condition`.
    static func hiddenLayers(_ spec: NetworkSpec, where condition: (HiddenLayerSpec) -> Bool) -> [Int] {
        spec.hidden.enumerated().filter { condition($0.element) }.map { $0.offset + 1 }
    }

    /// Vanishing: the early layers get a tiny fraction of the late layers' gradient; saturated bounded
    /// units are reported with it, or alone when they are saturated but gradients still flow.
    static func vanishing(_ input: DiagnosisInput) -> [Finding] {
        guard let layers = input.layers else { return sigmoidDepth(input) }
        let bounded = hiddenLayers(input.spec) { $0.activation.isBounded }
        let saturation = bounded.map { layers[$0 - 1].saturatedFraction }
        let meanSaturation = saturation.isEmpty ? 0 : saturation.reduce(0, +) / Double(saturation.count)
        var saturationEvidence: String?
        if meanSaturation > Limits.saturatedFraction {
            let kinds = Set(bounded.map { input.spec.hidden[$0 - 1].activation.name }).sorted().joined(separator: "/")
            saturationEvidence = "\(kinds) \(layerList(bounded)) have \(Format.percent(meanSaturation)) of their outputs within 0.01 of a bound on average, where the slope is almost 0 (threshold \(Format.percent(Limits.saturatedFraction)))"
        }
        guard let ratio = gradientRatio(layers), ratio < Limits.vanishingRatio else {
            guard let saturationEvidence else { return [] }
            return [Finding(.saturation, "saturated units", evidence: [saturationEvidence], fixes: vanishingFixes(input))]
        }
        let last = layers[layers.count - 1]
        var evidence = [
            "layer 1's weight-gradient norm is \(Format.scientific(ratio)) × layer \(last.layer)'s (\(Format.scientific(layers[0].weightGradientNorm)) vs \(Format.scientific(last.weightGradientNorm)); threshold \(Format.number(Limits.vanishingRatio)))"
        ]
        // Where the decline happens: the largest single-layer drop going back from the output.
        if layers.count > 2 {
            let factors = (0..<(layers.count - 1)).map { index in
                layers[index + 1].weightGradientNorm > 0 ? layers[index].weightGradientNorm / layers[index + 1].weightGradientNorm : 1
            }
            let typical = GradMath.exp(factors.map { GradMath.log(max($0, 1e-300)) }.reduce(0, +) / Double(factors.count))
            evidence.append("going back one layer multiplies the gradient norm by \(Format.number(typical)) on average (geometric mean over \(factors.count) layers)")
        }
        if let saturationEvidence { evidence.append(saturationEvidence) }
        return [Finding(.vanishing, "vanishing gradients: the first layers barely learn", evidence: evidence,
                        fixes: vanishingFixes(input))]
    }

    /// Before any gradient exists: sigmoid's slope is at most 1/4, so a deep plain sigmoid stack scales
    /// gradients by at most (1/4)^depth on the way back, whatever the init.
    static func sigmoidDepth(_ input: DiagnosisInput) -> [Finding] {
        let plain = hiddenLayers(input.spec) { $0.activation == .sigmoid && !$0.batchNorm && !$0.residual }
        let bound = GradMath.pow(0.25, Double(plain.count))
        guard !plain.isEmpty, bound < Limits.vanishingRatio else { return [] }
        return [Finding(.vanishing, "vanishing gradients expected: a deep sigmoid stack", evidence: [
            "\(plain.count) sigmoid layers (\(layerList(plain))): sigmoid's slope is at most 0.25, so back-propagation through them scales the gradient by at most 0.25^\(plain.count) = \(Format.scientific(bound)) (threshold \(Format.number(Limits.vanishingRatio)))",
            "'backward' measures the real ratio on one batch; 'diagnose' then reports it",
        ], fixes: vanishingFixes(input))]
    }

    static func vanishingFixes(_ input: DiagnosisInput) -> [String] {
        var fixes: [String] = []
        let hidden = input.spec.hidden
        if hidden.contains(where: { $0.activation.isBounded }) {
            fixes.append("act all relu; init all he; reset")
            if hidden.contains(where: { $0.activation.isBounded && !isXavier($0.initializer) }) {
                fixes.append("init all xavier; reset")
            }
        } else if hidden.contains(where: { isReluFamily($0.activation) && !isHe($0.initializer) }) {
            fixes.append("init all he; reset")
        }
        if let line = netFix(input, adding: "batchnorm") { fixes.append(line) }
        if let line = netFix(input, adding: "residual") { fixes.append(line) }
        return fixes
    }

    /// Exploding: non-finite stops, huge or growing gradient norms, loss spikes and oversized updates,
    /// gathered into one finding.
    static func exploding(_ input: DiagnosisInput) -> [Finding] {
        var evidence: [String] = []
        if case .nonFinite(let report)? = input.stop {
            var line = "training stopped at step \(report.step): \(report.site) became NaN or infinite"
            if let loss = report.lastFiniteLoss { line += " (last finite loss \(lossText(loss)))" }
            evidence.append(line)
        }
        if let layers = input.layers {
            if let ratio = gradientRatio(layers), ratio > Limits.explodingRatio {
                evidence.append("layer 1's weight-gradient norm is \(Format.scientific(ratio)) × the output layer's (threshold \(Format.number(Limits.explodingRatio)))")
            }
            let huge = layers.filter { $0.weightGradientNorm > Limits.explodingNorm }
            if let worst = huge.max(by: { $0.weightGradientNorm < $1.weightGradientNorm }) {
                evidence.append("\(layerList(huge.map(\.layer))) \(huge.count == 1 ? "has" : "have") weight-gradient norms up to \(Format.scientific(worst.weightGradientNorm)) (layer \(worst.layer); threshold \(Format.number(Limits.explodingNorm)))")
            }
            let updates = layers.filter { $0.updateRatio > Limits.updateRatio }
            if let worst = updates.max(by: { $0.updateRatio < $1.updateRatio }) {
                evidence.append("each update changes the weights of \(layerList(updates.map(\.layer))) by up to \(Format.scientific(worst.updateRatio)) of their norm (‖ΔW‖/‖W‖, healthy ≈ 1e-3, threshold \(Format.number(Limits.updateRatio)))")
            }
        }
        let norms = input.gradientNorms.filter(\.isFinite)
        if norms.count >= 8 {
            let quarter = norms.count / 4
            let early = median(Array(norms.prefix(quarter))), late = median(Array(norms.suffix(quarter)))
            if early > 0, late / early > Limits.gradientGrowth {
                evidence.append("the total gradient norm grew \(Format.scientific(late / early))× from the first quarter of the run to the last (\(Format.scientific(early)) → \(Format.scientific(late)); threshold \(Format.number(Limits.gradientGrowth))×)")
            }
        }
        if let spike = largestSpike(input) {
            evidence.append("the loss spiked to \(lossText(spike.loss)) at step \(spike.step), \(Format.number((spike.factor * 10).rounded() / 10))× the median of the steps before it (threshold \(Format.number(Limits.lossSpike))×)")
        }
        guard !evidence.isEmpty else { return [] }
        return [Finding(.exploding, "exploding gradients: updates overshoot", evidence: evidence, fixes: explodingFixes(input))]
    }

    static func explodingFixes(_ input: DiagnosisInput) -> [String] {
        var fixes: [String] = []
        if case .globalNorm = input.settings.clip {} else { fixes.append("clip norm 1.0; reset") }
        fixes.append("\(smallerRate(input.settings)); reset")
        let scales = initScales(input.spec)
        if scales.contains(where: { $0.ratio > 2 }), let activation = input.spec.hidden.first?.activation {
            fixes.append("init all \(recommendedInit(for: activation)); reset")
        }
        if let line = netFix(input, adding: "batchnorm") { fixes.append(line) }
        return fixes
    }

    /// The recorded step whose loss is furthest above the median of the (up to 20) steps before it,
    /// when that factor passes `lossSpike`.
    static func largestSpike(_ input: DiagnosisInput) -> (step: Int, loss: Double, factor: Double)? {
        largestSpike(in: input.losses, steps: input.recordedSteps, over: Limits.lossSpike)
    }

    /// The entry of `values` furthest above the median of the (up to 20) entries before it, when that
    /// factor passes `threshold`, with its step.
    static func largestSpike(in values: [Double], steps: [Int], over threshold: Double) -> (step: Int, loss: Double, factor: Double)? {
        var best: (step: Int, loss: Double, factor: Double)?
        guard values.count > 5 else { return nil }
        for index in 5..<values.count where values[index].isFinite {
            let before = median(Array(values[max(0, index - 20)..<index]))
            guard before > 0 else { continue }
            let factor = values[index] / before
            if factor > threshold, factor > (best?.factor ?? 0) { best = (steps[index], values[index], factor) }
        }
        return best
    }

    /// Dead ReLU units: a layer where many units output 0 for the whole batch no longer learns through them.
    static func deadUnits(_ input: DiagnosisInput) -> [Finding] {
        guard let layers = input.layers else { return [] }
        let dying = hiddenLayers(input.spec) { $0.activation.canDie }
            .filter { layers[$0 - 1].deadFraction > Limits.deadFraction }
        guard !dying.isEmpty else { return [] }
        let fractions = dying.map { layers[$0 - 1].deadFraction }
        let low = fractions.min() ?? 0, high = fractions.max() ?? 0
        let range = low == high ? Format.percent(high) : "\(Format.percent(low))–\(Format.percent(high))"
        var evidence = [
            "in \(layerList(dying)), \(range) of the units output 0 for every row of the batch, so they pass no gradient (threshold \(Format.percent(Limits.deadFraction)))"
        ]
        let rate = Format.number(input.settings.optimizer.learningRate)
        let largestUpdate = layers.map(\.updateRatio).filter(\.isFinite).max() ?? 0
        let fromRate = largestUpdate > 1e-2 || largestUpdate == 0
        if largestUpdate == 0 {
            evidence.append("no update moves the weights any more (‖ΔW‖/‖W‖ = 0): the units died under learning rate \(rate) and cannot recover")
        } else if fromRate {
            evidence.append("updates reach \(Format.scientific(largestUpdate)) of the weight norm (healthy ≈ 1e-3) at learning rate \(rate): large steps push units' inputs negative for good")
        } else {
            evidence.append("updates are moderate (‖ΔW‖/‖W‖ up to \(Format.scientific(largestUpdate))), so these units were probably dead from the start: deep, narrow ReLU stacks lose units at init")
        }
        var fixes = fromRate ? ["\(smallerRate(input.settings)); reset", "act all leaky; reset"] : ["act all leaky; reset"]
        if input.spec.hidden.contains(where: { $0.activation.canDie && !isHe($0.initializer) }) {
            fixes.append("init all he; reset")
        }
        return [Finding(.deadUnits, "dead ReLU units", evidence: evidence, fixes: fixes)]
    }

    /// A loss as the training lines print it, switching to scientific notation once it has blown up.
    static func lossText(_ loss: Double) -> String {
        abs(loss) < 1e6 ? Format.fixed(loss) : Format.scientific(loss)
    }

    static func isHe(_ initializer: Initializer) -> Bool {
        initializer.scheme == .heNormal || initializer.scheme == .heUniform
    }

    static func isXavier(_ initializer: Initializer) -> Bool {
        initializer.scheme == .xavierNormal || initializer.scheme == .xavierUniform
    }
}
