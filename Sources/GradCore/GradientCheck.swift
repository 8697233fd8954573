/// Finite-difference verification of backpropagated gradients, in Double.
///
/// For a sample of entries θᵢ of every parameter, the numerical derivative from the five-point stencil
/// (−L(θ+2h) + 8L(θ+h) − 8L(θ−h) + L(θ−2h)) / 12h is compared with the analytic one. The stencil's
/// O(h⁴) truncation lets h stay at 1e-4, where rounding noise in L is ~1e-12 rather than the ~1e-10 of a
/// central difference at h = 1e-6. The relative error is |a − n| / max(|a|, |n|, floor); the floor keeps
/// entries whose true gradient is ~0 (a bias before batch norm) from dividing that noise by nothing.
public enum GradientCheck {
    /// The outcome for one parameter tensor.
    public struct Result: Sendable, Equatable {
        public var parameter: String
        public var layer: Int
        public var checkedEntries: Int
        public var maxRelativeError: Double
        public var maxAbsoluteError: Double
    }

    /// Checks `network` on one batch. Training-mode forward is used (batch statistics for batch norm);
    /// `samplesPerParameter` entries of each tensor are probed, chosen by `rng` (all when larger).
    /// `shouldStop` is polled before each tensor (Ctrl-C): a deep network takes four forward passes per
    /// probe, so the check can run long; when it stops, the tensors checked so far are returned.
    public static func run(
        network: Network<Double>, input: Matrix<Double>, batch: Int, targets: Targets<Double>, loss: LossFunction,
        samplesPerParameter: Int = 16, step: Double = 1e-4, floor: Double = 1e-5,
        using rng: inout SeededGenerator, shouldStop: () -> Bool = { false }
    ) -> [Result] {
        network.allocate(batchCapacity: max(network.batchCapacity, batch))
        let logitGradient = Matrix<Double>(rows: network.batchCapacity, cols: network.spec.outputWidth)
        func lossValue(computeGradients: Bool) -> Double {
            let logits = network.forward(input, batch: batch, mode: .training)
            let result = loss.evaluate(
                logits: logits, batch: batch, targets: targets, gradient: computeGradients ? logitGradient : nil)
            if computeGradients { network.backward(logitGradient, batch: batch) }
            return result.loss
        }
        return run(
            parameters: network.parameters, samplesPerParameter: samplesPerParameter, step: step, floor: floor,
            using: &rng, shouldStop: shouldStop, lossValue: lossValue)
    }

    /// Checks any stack of layers: `lossValue(true)` runs forward and backward (filling every gradient of
    /// `parameters`) and returns the loss, `lossValue(false)` only the loss. Recurrent layers and layer stacks
    /// outside a `Network` are checked through this.
    public static func run(
        parameters: [Parameter<Double>], samplesPerParameter: Int = 16, step: Double = 1e-4, floor: Double = 1e-5,
        using rng: inout SeededGenerator, shouldStop: () -> Bool = { false },
        lossValue: (_ computeGradients: Bool) -> Double
    ) -> [Result] {
        _ = lossValue(true)
        let analytic = parameters.map { $0.gradient.values }
        var results: [Result] = []
        for (p, parameter) in parameters.enumerated() {
            if shouldStop() { break }
            var indices = Array(0..<parameter.count)
            if indices.count > samplesPerParameter {
                rng.shuffle(&indices)
                indices = Array(indices.prefix(samplesPerParameter))
            }
            var worstRelative = 0.0, worstAbsolute = 0.0
            for i in indices {
                let original = parameter.value.pointer[i]
                func loss(at offset: Double) -> Double {
                    parameter.value.pointer[i] = original + offset
                    return lossValue(false)
                }
                let numeric = (-loss(at: 2 * step) + 8 * loss(at: step) - 8 * loss(at: -step) + loss(at: -2 * step))
                    / (12 * step)
                parameter.value.pointer[i] = original
                let a = analytic[p][i]
                let absolute = abs(a - numeric)
                worstAbsolute = max(worstAbsolute, absolute)
                worstRelative = max(worstRelative, absolute / max(abs(a), abs(numeric), floor))
            }
            results.append(Result(
                parameter: parameter.name, layer: parameter.layer, checkedEntries: indices.count,
                maxRelativeError: worstRelative, maxAbsoluteError: worstAbsolute))
        }
        return results
    }
}
