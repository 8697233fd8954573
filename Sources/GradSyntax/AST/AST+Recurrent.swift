/// The options of a recurrent `net` (`net lstm 2x64 init orthogonal radius 1.1 bptt 20`); nil and false
/// mean "not given", which the evaluator turns into PyTorch's defaults.
public struct RecurrentOptions: Hashable, Sendable {
    /// The scheme for W_hh (and, unless `input` is given, W_ih).
    public var initializer: Located<RecurrentInitName>?
    /// `input SCHEME`: the input weights' own scheme.
    public var inputInitializer: Interpolable<InitName>?
    /// `radius R`: each W_hh block rescaled to spectral radius R after it is drawn.
    public var radius: Expr?
    /// `forgetbias [B]`: an LSTM's forget gate starts at bias B (1 when B is left out).
    public var forgetBias = false
    /// The B of `forgetbias B`; nil when left out.
    public var forgetBiasValue: Expr?
    /// `every`: the head reads every step's state.
    public var everyStep = false
    /// `bptt N`: truncated back-propagation through time.
    public var bptt: Expr?
    /// `steps T`: time steps per row, for data that is not a sequence task.
    public var steps: Expr?

    /// Nothing given.
    public init() {}
}

/// A recurrent scheme with its argument.
public enum RecurrentInitName: Hashable, Sendable {
    case pytorchDefault, orthogonal, identity
    case normal(std: Expr)
    case sigmoid, basic, smart

    /// The vocabulary word the scheme is written with.
    public var word: RecurrentInitWord {
        switch self {
        case .pytorchDefault: .default
        case .orthogonal: .orthogonal
        case .identity: .identity
        case .normal: .normal
        case .sigmoid: .sigmoid
        case .basic: .basic
        case .smart: .smart
        }
    }
}
