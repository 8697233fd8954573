/// Which update rule an `Optimizer` applies, with that rule's own hyperparameters.
///
/// Every rule follows the pseudocode in the torch.optim documentation (SGD, Adam, AdamW, RMSprop) with
/// PyTorch's defaults, switches included (SGD's dampening, Adam's amsgrad, RMSprop's centered), so a
/// run here can be reproduced line for line in PyTorch. Model files store it in the shape Swift's own
/// coding gives an enum; switches added later decode to their defaults when absent (see
/// `OptimizerKind+Codable.swift`).
public enum OptimizerKind: Equatable, Sendable {
    /// Plain gradient descent: θ ← θ − lr·g.
    case sgd
    /// `torch.optim.SGD(momentum: μ, dampening: d)`: b ← g on the first step, then b ← μ·b + (1−d)·g;
    /// θ ← θ − lr·b.
    case momentum(Double = Defaults.momentum, dampening: Double = 0)
    /// `torch.optim.SGD(momentum: μ, nesterov: true)`: b ← μ·b + g, θ ← θ − lr·(g + μ·b).
    case nesterov(Double = Defaults.momentum)
    /// `torch.optim.Adam`, bias-corrected, with ε added after the square root of v̂; with `amsgrad`, the
    /// denominator uses the largest v seen so far.
    case adam(beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2, epsilon: Double = Defaults.epsilon, amsgrad: Bool = false)
    /// `torch.optim.AdamW`: Adam with decoupled weight decay θ ← θ − lr·λ·θ before the Adam update.
    case adamw(beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2, epsilon: Double = Defaults.epsilon, amsgrad: Bool = false)
    /// `torch.optim.RMSprop`: v ← α·v + (1−α)·g², step g / (√v + ε), optional momentum; `centered`
    /// divides by the estimated standard deviation √(v − ḡ²) + ε instead, ḡ the running mean of g.
    case rmsprop(alpha: Double = Defaults.alpha, epsilon: Double = Defaults.epsilon, momentum: Double = 0, centered: Bool = false)

    /// The short name the language uses for this rule (`"adam"`, `"nesterov"`, …).
    public var name: String {
        switch self {
        case .sgd: "sgd"
        case .momentum: "momentum"
        case .nesterov: "nesterov"
        case .adam: "adam"
        case .adamw: "adamw"
        case .rmsprop: "rmsprop"
        }
    }

    /// Whether the rule keeps a first buffer per parameter (momentum buffer, Adam's m, RMSprop's momentum).
    var needsFirstMoment: Bool {
        switch self {
        case .sgd: false
        case .momentum, .nesterov, .adam, .adamw: true
        case .rmsprop(_, _, let momentum, _): momentum > 0
        }
    }

    /// Whether the rule keeps a third buffer per parameter: AMSGrad's largest v, centered RMSprop's mean
    /// gradient ḡ.
    var needsThirdMoment: Bool {
        switch self {
        case .adam(_, _, _, let amsgrad), .adamw(_, _, _, let amsgrad): amsgrad
        case .rmsprop(_, _, _, let centered): centered
        case .sgd, .momentum, .nesterov: false
        }
    }

    /// Whether the rule keeps a running average of squared gradients (Adam's v, RMSprop's square_avg).
    var needsSecondMoment: Bool {
        switch self {
        case .sgd, .momentum, .nesterov: false
        case .adam, .adamw, .rmsprop: true
        }
    }
}

extension OptimizerKind {
    /// The hyper-parameters' defaults, PyTorch's (grad's momentum is the common 0.9, where torch has no
    /// default); the cases' default arguments and every front end take them from here.
    public enum Defaults {
        public static let momentum = 0.9
        public static let beta1 = 0.9
        public static let beta2 = 0.999
        public static let epsilon = 1e-8
        public static let alpha = 0.99
    }
}

/// Everything needed to build an optimizer: the rule, its base learning rate and its weight decay.
///
/// Weight decay is carried explicitly because its meaning depends on the rule: for SGD, Adam and
/// RMSprop it is PyTorch's L2 term added to the gradient (g ← g + λ·θ); for AdamW it is decoupled
/// (θ ← θ − lr·λ·θ, applied to the weights and never seen by the moment estimates).
public struct OptimizerSettings: Equatable, Sendable, Codable, CustomStringConvertible {
    public var kind: OptimizerKind
    /// The base learning rate; a schedule scales it per step and `Optimizer.step(learningRate:)` takes the result.
    public var learningRate: Double
    public var weightDecay: Double

    /// Settings for `kind`; a `nil` learning rate or weight decay takes PyTorch's default for that rule
    /// (see `defaultLearningRate(for:)` and `defaultWeightDecay(for:)`).
    public init(kind: OptimizerKind, learningRate: Double? = nil, weightDecay: Double? = nil) {
        self.kind = kind
        self.learningRate = learningRate ?? Self.defaultLearningRate(for: kind)
        self.weightDecay = weightDecay ?? Self.defaultWeightDecay(for: kind)
    }

    /// PyTorch's default `lr`: 1e-3 for SGD (all momentum forms), Adam and AdamW; 1e-2 for RMSprop.
    public static func defaultLearningRate(for kind: OptimizerKind) -> Double {
        switch kind {
        case .rmsprop: 1e-2
        case .sgd, .momentum, .nesterov, .adam, .adamw: 1e-3
        }
    }

    /// PyTorch's default `weight_decay`: 1e-2 for AdamW (whose point is decoupled decay), 0 for the rest.
    /// We keep AdamW's 1e-2 so `optim adamw` behaves like `torch.optim.AdamW(params)`.
    public static func defaultWeightDecay(for kind: OptimizerKind) -> Double {
        switch kind {
        case .adamw: 1e-2
        case .sgd, .momentum, .nesterov, .adam, .rmsprop: 0
        }
    }

    /// Throws `OptimizerError.invalid` naming the first hyperparameter PyTorch (or plain sense) would reject.
    ///
    /// Beyond PyTorch's own checks, momentum and RMSprop's α must be below 1: at 1 the buffer never
    /// forgets and the run diverges or stalls, which is never what a user typing it meant.
    public func validate() throws {
        try Self.require(
            learningRate.isFinite && learningRate >= 0,
            "the learning rate must be a finite number ≥ 0 (got \(learningRate))")
        try Self.require(
            weightDecay.isFinite && weightDecay >= 0, "weight decay must be a finite number ≥ 0 (got \(weightDecay))")
        switch kind {
        case .sgd:
            break
        case .momentum(let momentum, let dampening):
            try Self.require(
                momentum.isFinite && momentum >= 0 && momentum < 1, "momentum must be in [0, 1) (got \(momentum))")
            try Self.require(
                dampening.isFinite && dampening >= 0 && dampening <= 1, "dampening must be in [0, 1] (got \(dampening))")
        case .nesterov(let momentum):
            try Self.require(
                momentum.isFinite && momentum > 0 && momentum < 1,
                "Nesterov momentum must be in (0, 1) (got \(momentum)); use plain sgd for no momentum")
        case .adam(let beta1, let beta2, let epsilon, _), .adamw(let beta1, let beta2, let epsilon, _):
            try Self.require(beta1.isFinite && beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1) (got \(beta1))")
            try Self.require(beta2.isFinite && beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1) (got \(beta2))")
            try Self.require(epsilon.isFinite && epsilon >= 0, "epsilon must be a finite number ≥ 0 (got \(epsilon))")
        case .rmsprop(let alpha, let epsilon, let momentum, _):
            try Self.require(
                alpha.isFinite && alpha >= 0 && alpha < 1, "RMSprop alpha must be in [0, 1) (got \(alpha))")
            try Self.require(epsilon.isFinite && epsilon >= 0, "epsilon must be a finite number ≥ 0 (got \(epsilon))")
            try Self.require(
                momentum.isFinite && momentum >= 0 && momentum < 1, "momentum must be in [0, 1) (got \(momentum))")
        }
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw OptimizerError.invalid(message()) }
    }

    /// One line for `show settings`, e.g. `adam(beta1 0.9, beta2 0.999, eps 1e-08) lr 0.001 decay 0.0`.
    public var description: String {
        let rule: String
        switch kind {
        case .sgd: rule = "sgd"
        case .momentum(let momentum, let dampening):
            rule = "momentum(\(momentum)" + (dampening == 0 ? ")" : ", dampening \(dampening))")
        case .nesterov(let momentum): rule = "nesterov(\(momentum))"
        case .adam(let beta1, let beta2, let epsilon, let amsgrad), .adamw(let beta1, let beta2, let epsilon, let amsgrad):
            rule = "\(kind.name)(beta1 \(beta1), beta2 \(beta2), eps \(epsilon)\(amsgrad ? ", amsgrad" : ""))"
        case .rmsprop(let alpha, let epsilon, let momentum, let centered):
            rule = "rmsprop(alpha \(alpha), eps \(epsilon), momentum \(momentum)\(centered ? ", centered" : ""))"
        }
        return "\(rule) lr \(learningRate) decay \(weightDecay)"
    }
}

/// Optimizer settings a user asked for that cannot be used.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
