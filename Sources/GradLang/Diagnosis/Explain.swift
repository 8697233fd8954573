import GradCore
import GradSyntax

/// `explain TOPIC`: the idea in a few sentences, then what the current network's numbers say about it.
public struct Explanation {
    public let session: Session

    public init(_ session: Session) {
        self.session = session
    }

    /// The explanation as lines of at most `width` columns: one paragraph on the idea, then the evidence.
    public func explain(_ topic: ExplainTopic, width: Int) -> [String] {
        var lines = TextWrap.lines(Self.concept(topic).joined(separator: " "), width: width)
        let evidence = self.evidence(for: topic)
        if !evidence.isEmpty {
            lines.append("")
            lines.append("In your current run:")
            lines += evidence.flatMap { TextWrap.fit("  " + $0, width: width) }
        }
        return lines
    }

    /// The idea behind `topic`, as the sentences of one paragraph (broken only to keep the source readable).
    static func concept(_ topic: ExplainTopic) -> [String] {
        switch topic {
        case .vanishing:
            return [
                "Vanishing gradients: backpropagation multiplies, layer by layer, by each activation's slope and",
                "each weight matrix. Sigmoid's slope is at most 0.25 and tanh's falls to ~0 once units saturate, so",
                "after many layers the early layers' gradients are orders of magnitude smaller than the last ones'",
                "and those layers stop learning. Fixes: ReLU (slope 1 where active), Xavier init for sigmoid/tanh,",
                "He init for ReLU, batch normalization, or residual connections.",
            ]
        case .exploding:
            return [
                "Exploding gradients: when weights are too large (e.g. normal(0, 1) in a deep net) each layer",
                "multiplies the signal and its gradient by more than 1, so norms grow exponentially with depth;",
                "updates overshoot and the loss becomes NaN. Fixes: proper init (Xavier/He), gradient clipping,",
                "a smaller learning rate, batch normalization.",
            ]
        case .clipping:
            return [
                "Gradient clipping bounds each update. 'clip norm M' scales all gradients by M/(‖g‖+1e-6) when the",
                "total norm ‖g‖ exceeds M (PyTorch clip_grad_norm_), keeping the direction; 'clip value V' clamps",
                "each entry to [-V, V], which can change the direction; 'clip layer M' applies the norm rule per layer.",
                "Clipping treats exploding updates; it does nothing for vanishing gradients, and 'clip min' (scaling",
                "small gradients up) only amplifies noise without changing the ratio between layers.",
            ]
        case .`init`:
            return [
                "Initialization sets the scale of the signal at the start. Xavier/Glorot (std √(2/(fan_in+fan_out)))",
                "keeps variance steady through sigmoid/tanh layers; He/Kaiming (std √(2/fan_in)) compensates for ReLU",
                "zeroing half its inputs. Too small and signals fade (vanishing); too large, e.g. normal(0, 1), and",
                "they blow up (exploding).",
            ]
        case .batchnorm:
            return [
                "Batch normalization re-centres and re-scales each unit over the batch (mean 0, std 1, then a learned",
                "γ and β), so every layer sees inputs of a steady scale whatever the layers below do. It keeps sigmoid",
                "units out of saturation and lets deep nets train at higher learning rates.",
            ]
        case .relu:
            return [
                "ReLU, max(0, x), has slope 1 wherever a unit is active, so gradients pass through many layers without",
                "shrinking. Its failure mode is the dead unit: one whose input is negative for every example gets zero",
                "gradient forever (too high a learning rate or a bad init). Leaky ReLU keeps a small slope to avoid it.",
            ]
        case .rnn, .bptt: return recurrentConcept(topic)
        }
    }

    func evidence(for topic: ExplainTopic) -> [String] {
        guard let network = session.network, let trainer = session.trainer else { return [] }
        let layers = trainer.latestLayers
        let hasGradients = layers.contains { $0.weightGradientNorm != 0 }
        var lines: [String] = []
        let first = layers.first?.weightGradientNorm ?? 0, last = layers.last?.weightGradientNorm ?? 0
        switch topic {
        case .vanishing, .exploding, .clipping:
            if hasGradients && last > 0 {
                lines.append("layer 1's weight gradient is \(Format.scientific(first / last)) times layer \(layers.count)'s (\(Format.scientific(first)) vs \(Format.scientific(last)))")
            }
            if let record = trainer.history.last {
                lines.append("total gradient norm at step \(record.step): \(Format.scientific(record.gradientNormBefore))")
            }
            if case .nonFinite(let report)? = trainer.lastStop {
                lines.append("training stopped at step \(report.step): \(report.site) became non-finite")
            }
            if topic == .clipping {
                let statistics = trainer.clipStatistics
                lines.append("clip is \(session.settings.clip.description); clipped \(statistics.stepsClipped) of \(statistics.stepsSeen) steps")
            }
        case .`init`:
            for (index, hidden) in network.spec.hidden.enumerated().prefix(3) {
                let dense = network.dense[index]
                let expected = hidden.initializer.expectedStd(fanIn: dense.inputWidth, fanOut: dense.outputWidth, activation: hidden.activation)
                lines.append("layer \(index + 1): \(hidden.activation.name) with init \(hidden.initializer.name) (std \(Format.number(expected)))")
            }
        case .batchnorm:
            let count = network.batchNorms.compactMap { $0 }.count
            lines.append(count == 0 ? "no layer uses batch norm ('net … batchnorm' adds it)" : "\(count) layers use batch norm")
        case .relu:
            let dead = layers.filter { $0.deadFraction > 0 }
            if hasGradients {
                lines.append(dead.isEmpty ? "no dead units in the latest batch" : dead.map { "layer \($0.layer): \(Format.percent($0.deadFraction)) dead" }.joined(separator: ", "))
            }
        case .rnn, .bptt: lines += recurrentEvidence(topic, network: network)
        }
        return lines
    }
}
