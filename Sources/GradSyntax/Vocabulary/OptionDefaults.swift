/// What an option means when it is left out, where the language (not PyTorch or the core) chooses it:
/// declared once with the vocabulary, so `help` quotes the same number the evaluator applies.
public enum OptionDefaults {
    /// `schedule step EVERY [GAMMA]`: StepLR's factor.
    public static let stepGamma = 0.1
    /// `schedule cosine [length N]`: epochs annealed when no length is given.
    public static let cosineEpochs = 100
    /// `data adding|… [COUNT] [length T]`: B5's setup, 2560 sequences of length 50.
    public static let sequenceLength = 50
    public static let sequenceCount = 2560
    /// `net lstm … forgetbias [B]`: Jozefowicz et al. 2015's 1, Keras's `unit_forget_bias`.
    public static let forgetBias = 1.0
    /// `expect COND … [points N]`: what one expectation is worth.
    public static let expectPoints = 1.0
}
