/// Everything recorded about one user-facing layer at one step.
public struct LayerStatistics: Sendable, Codable, Equatable {
    public var layer: Int
    /// ‖∇W‖₂ and friends, of the raw gradient (before clipping, so vanishing and explosion stay visible).
    public var weightGradientNorm = 0.0
    public var weightGradientMean = 0.0
    public var weightGradientStd = 0.0
    public var weightGradientMaxAbs = 0.0
    public var biasGradientNorm = 0.0
    public var biasGradientMean = 0.0
    public var biasGradientStd = 0.0
    public var biasGradientMaxAbs = 0.0
    /// Mean and population std of the layer's activation output over the batch.
    public var activationMean = 0.0
    public var activationStd = 0.0
    /// Fraction of outputs within `Activation.saturationMargin` of a bound (sigmoid, tanh, softsign).
    public var saturatedFraction = 0.0
    /// Fraction of ReLU units whose output is zero for every row of the batch.
    public var deadFraction = 0.0
    /// ‖W‖₂ after the update.
    public var weightNorm = 0.0
    /// ‖ΔW‖₂ / ‖W‖₂ for this step's update (about 1e-3 is healthy).
    public var updateRatio = 0.0

    public init(layer: Int) { self.layer = layer }

    /// Field names in storage order, as used by exports (`layer3.weight_grad_norm`).
    public static let fieldNames = [
        "weight_grad_norm", "weight_grad_mean", "weight_grad_std", "weight_grad_max",
        "bias_grad_norm", "bias_grad_mean", "bias_grad_std", "bias_grad_max",
        "act_mean", "act_std", "saturated", "dead", "weight_norm", "update_ratio",
    ]

    var fields: [Double] {
        [
            weightGradientNorm, weightGradientMean, weightGradientStd, weightGradientMaxAbs,
            biasGradientNorm, biasGradientMean, biasGradientStd, biasGradientMaxAbs,
            activationMean, activationStd, saturatedFraction, deadFraction, weightNorm, updateRatio,
        ]
    }

    init(layer: Int, fields f: UnsafeBufferPointer<Double>) {
        self.layer = layer
        (weightGradientNorm, weightGradientMean, weightGradientStd, weightGradientMaxAbs) = (f[0], f[1], f[2], f[3])
        (biasGradientNorm, biasGradientMean, biasGradientStd, biasGradientMaxAbs) = (f[4], f[5], f[6], f[7])
        (activationMean, activationStd, saturatedFraction, deadFraction) = (f[8], f[9], f[10], f[11])
        (weightNorm, updateRatio) = (f[12], f[13])
    }

    mutating func setActivations(_ figures: ActivationFigures, dead: Double) {
        activationMean = figures.mean
        activationStd = figures.std
        saturatedFraction = figures.saturated
        deadFraction = dead
    }

    mutating func setWeightGradient(_ summary: BufferSummary) {
        weightGradientNorm = summary.norm
        weightGradientMean = summary.mean
        weightGradientStd = summary.std
        weightGradientMaxAbs = summary.maxMagnitude
    }

    mutating func setBiasGradient(_ summary: BufferSummary) {
        biasGradientNorm = summary.norm
        biasGradientMean = summary.mean
        biasGradientStd = summary.std
        biasGradientMaxAbs = summary.maxMagnitude
    }
}

/// What one layer's forward output looked like, as the activation pass measures it.
struct ActivationFigures {
    var mean = 0.0, std = 0.0, saturated = 0.0
}

/// The global numbers of one step.
public struct StepStatistics: Sendable, Codable, Equatable {
    public var step: Int
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    /// Total gradient norm over all parameters before and after clipping.
    public var gradientNormBefore: Double
    public var gradientNormAfter: Double
    /// The factor clipping scaled the gradient by (1 when it did not act).
    public var clipCoefficient: Double
    public var learningRate: Double
    public var layers: [LayerStatistics]

    public static let fieldNames = [
        "step", "epoch", "loss", "accuracy", "grad_norm_before", "grad_norm_after", "clip_coef", "lr",
    ]
}
