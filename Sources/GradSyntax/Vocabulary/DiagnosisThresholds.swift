/// The thresholds `diagnose` and the `show` tables apply, declared with the language so `help diagnose`
/// prints the same numbers the analysis uses.
public enum DiagnosisThresholds {
    /// Vanishing: layer 1's weight-gradient norm below this fraction of the output layer's.
    public static let vanishingRatio = 1e-3
    /// Exploding: layer 1's norm above this multiple of the output layer's, or any layer's above `explodingNorm`.
    public static let explodingRatio = 1e3
    public static let explodingNorm = 1e3
    /// Exploding: the total gradient norm of the last quarter of the run over that of the first quarter.
    public static let gradientGrowth = 100.0
    /// Exploding: a step's loss above this multiple of the median of the steps before it is a spike.
    public static let lossSpike = 10.0
    /// Exploding: ‖ΔW‖/‖W‖ above this (healthy is about 1e-3) means updates rewrite the weights each step.
    public static let updateRatio = 0.1
    /// Saturation: mean fraction of sigmoid/tanh/softsign outputs within 0.01 of a bound.
    public static let saturatedFraction = 0.5
    /// Dead units: fraction of a ReLU layer's units that output 0 for every row of the batch.
    public static let deadFraction = 0.5
    /// Init mismatch: the per-layer scale of the init relative to a variance-preserving one (He for the
    /// ReLU family, Xavier for the rest), multiplied over the hidden layers, outside [1/this, this].
    public static let initScaleProduct = 100.0
    /// Init mismatch: Xavier on at least this many ReLU layers (each halves the activation variance).
    public static let deepReluLayers = 8
    /// Recent steps whose per-layer numbers are summarised (by their median) so one noisy batch does not decide.
    public static let window = 10
    /// Through time: step 1's gradient under this fraction of step T's is vanishing (the time ratio).
    public static let timeVanishingRatio = 1e-3
    /// A total gradient norm over this multiple of its running median is an exploding spike.
    public static let spikeOverMedian = 100.0
    /// Memory gates (LSTM forget, GRU update) shut (below 0.1) in over this fraction. Gates held open
    /// (above 0.9) are not an alarm: that is the cell remembering, the state a long task needs.
    public static let gateSaturation = 0.5
}
