
/// A command, typed: one case per command word, arguments as `Expr` (so `train n` and `lr ${base/10}`
/// work) and choices as narrow enums the evaluator can switch over exhaustively.
public enum Command: Hashable, Sendable {
    /// `seed 42`
    case seed(value: Expr)
    /// `data spiral 1536 classes 3 noise 0.2`, `data csv "iris.csv" target species`
    case data(DataSpec)
    /// `split 0.8` — the training fraction
    case split(fraction: Expr)
    /// `standardize`
    case standardize
    /// `features x y x*y x^2 y^2 sin(x) sin(y)`: the inputs computed from 2-D data; `features` alone lists them
    case features([Interpolable<FeatureWord>])
    /// `net dense 20x64 relu init he`
    case net(NetSpec)
    /// `bptt 20`, `bptt full`: truncated or full back-propagation through time for a recurrent net
    case bptt(steps: Expr?)
    /// `layer 64 tanh init xavier` — appends one hidden layer to a net built layer by layer
    case layer(LayerSpec)
    /// `act 3 sigmoid`, `act 1..5 relu`, `act tanh` (all layers)
    case activation(layers: LayerSelection, activation: Interpolable<ActivationName>)
    /// `init 1..5 xavier`, `init he fan_out` (all layers), optionally `gain 2`
    case initialize(layers: LayerSelection, initializer: Interpolable<InitName>, gain: Expr?)
    /// `loss xent|mse|bce`
    case loss(Interpolable<LossName>)
    /// `optim adam lr 0.001 decay 1e-4`
    case optimizer(OptimizerSpec)
    /// `lr 0.01`
    case learningRate(value: Expr)
    /// `schedule step 30 0.1`, `schedule warmup 100 cosine`, `schedule none`
    case schedule(ScheduleSpec)
    /// `clip norm 1.0 [style torch|tf]`, `clip value 0.5`, `clip layer 1.0`, `clip tensor 1.0`,
    /// `clip min 1e-3`, `clip off`
    case clip(ClipSpec)
    /// `batch 64`
    case batch(size: Expr)
    /// `record every 10` (per-layer statistics every 10th step), `record off` (nil)
    case record(every: Expr?)
    /// `train 100` (epochs), `train 500 steps`
    case train(amount: Expr, unit: TrainUnit)
    /// `backward` — gradients on one batch, no update
    case backward
    /// `step` — one update
    case step
    /// `reset` — re-initialise the weights with the current settings
    case reset
    /// `eval`
    case eval
    /// `show grads`
    case show(target: Located<ShowTarget>)
    /// `show clip last 20`, `show clip all`: the per-step clipping table at a chosen length
    case showClip(rows: ClipRows)
    /// `gradcheck`
    case gradcheck
    /// `save "m.json"`
    case save(path: Expr)
    /// `save session "FILE.grad"`: the commands that rebuild this session's state, as a script.
    case saveSession(path: Expr)
    /// `history`: lists this session's state-changing commands.
    case history
    /// `load "m.json"`
    case load(path: Expr)
    /// `export history "h.csv"` — the format follows the extension
    case export(what: Located<ExportTarget>, path: Expr)
    /// `run "baseline"` — starts a named run kept in the session for comparison
    case run(name: Expr)
    /// `help`, `help net`
    case help(topic: Located<HelpTopic>?)
    /// `explain vanishing`
    case explain(topic: Located<ExplainTopic>)
    /// `diagnose` — findings about the current network and its history, with fixes
    case diagnose
    /// `plot loss|acc|gradnorm|grads|acts`, `plot grads over time`
    case plot(target: Located<PlotTarget>, overTime: Bool)
    /// `plot boundary`, `plot boundary layer 2 unit 5`, `plot boundary over time`
    case plotBoundary(BoundarySpec)
    /// `compare a b [c…] [reach 0.5]` — named runs side by side (all runs when none are named)
    case compare(runs: [Expr], reach: Expr?)
    /// `sweep act [sigmoid relu] depth [5 10] { train 20 }` — the block once per grid cell, each kept as a run
    case sweep(SweepSpec)
    /// `report "run.html"` — a self-contained HTML page with every chart
    case report(path: Expr)
}

/// `data ...`: which set and its options; the evaluator applies each generator's defaults to nil fields.
public struct DataSpec: Hashable, Sendable {
    public var name: Interpolable<DataSetName>
    /// Number of samples (generated sets).
    public var count: Expr?
    public var classes: Expr?
    public var noise: Expr?
    /// Inner/outer radius ratio for `circles`.
    public var factor: Expr?
    /// Cells per side for `checker`.
    public var cells: Expr?
    /// Input dimension for `chain`.
    public var features: Expr?
    /// File path for `csv` (required there, rejected elsewhere).
    public var path: Expr?
    /// Target column for `csv`: a bare word is taken as a string (`target species`).
    public var target: Expr?
    /// Force classification or regression for a numeric `csv` target.
    public var task: Located<TaskKind>?
    /// A sequence task's length T.
    public var length: Expr?
    /// Which adding problem `adding` makes (Pascanu's when absent).
    public var variant: Located<AddingVariantWord>?
    public var range: SourceRange

    /// Creates a spec with only the set's name.
    public init(name: Interpolable<DataSetName>, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// Options shared by every hidden layer description (`net` and `layer`); nil means "session default".
public struct LayerOptions: Hashable, Sendable {
    public var activation: Interpolable<ActivationName>?
    public var initializer: Interpolable<InitName>?
    /// Multiplies the initialiser's scale (PyTorch's `gain` argument of `nn.init`).
    public var gain: Expr?
    public var batchNorm = false
    public var residual = false
    /// `bias off` sets this to false.
    public var bias = true

    /// All defaults.
    public init() {}
}

/// `net dense SHAPE options...`, `net lstm LAYERSxHIDDEN options...`
public struct NetSpec: Hashable, Sendable {
    public var kind: NetKind
    /// Hidden layers: dense widths, or for a recurrent kind the stacked layers' hidden sizes.
    public var shape: NetShape
    public var options: LayerOptions
    /// The recurrent kinds' own options (all absent for `dense`).
    public var recurrent: RecurrentOptions
    public var range: SourceRange

    /// Creates a spec.
    public init(kind: NetKind = .dense, shape: NetShape, options: LayerOptions, recurrent: RecurrentOptions = .init(),
                range: SourceRange) {
        self.kind = kind
        self.shape = shape
        self.options = options
        self.recurrent = recurrent
        self.range = range
    }
}

/// The hidden layers of a `net dense`: input and output sizes come from the data.
public enum NetShape: Hashable, Sendable {
    /// `20x64`: `depth` hidden layers of `width` units.
    case repeated(depth: Expr, width: Expr, range: SourceRange)
    /// `64-32-16` (or a single `64`): one hidden layer per width.
    case widths([Expr], range: SourceRange)

    /// Where the shape word was written.
    public var range: SourceRange {
        switch self {
        case .repeated(_, _, let range), .widths(_, let range): range
        }
    }
}

/// `layer WIDTH options...`
public struct LayerSpec: Hashable, Sendable {
    public var width: Expr
    public var options: LayerOptions
    public var range: SourceRange

    /// Creates a spec.
    public init(width: Expr, options: LayerOptions, range: SourceRange) {
        self.width = width
        self.options = options
        self.range = range
    }
}

/// Which layers `act` / `init` change: all of them, or what an expression gives (a number, a range
/// `1..5`, a list; negative numbers count from the output layer).
public enum LayerSelection: Hashable, Sendable {
    /// Written as `all`, or implied when no selection is given (then `range` is the command word).
    case all(range: SourceRange)
    case layers(Expr)
}

/// An activation function and its parameters (nil: PyTorch's default).
public enum ActivationName: Hashable, Sendable {
    case sigmoid, tanh, relu
    /// LeakyReLU; PyTorch's default negative slope is 0.01.
    case leaky(slope: Expr?)
    /// ELU; PyTorch's default alpha is 1.
    case elu(alpha: Expr?)
    /// GELU in its exact (`erf`, PyTorch's default) or `tanh`-approximated form.
    case gelu(form: GELUFormWord)
    case softsign, linear
}

/// A weight initialiser, following `torch.nn.init`; nil options mean the PyTorch default.
public enum InitName: Hashable, Sendable {
    /// `xavier [uniform|normal]` — Glorot.
    case xavier(distribution: Distribution?)
    /// `he|kaiming [uniform|normal] [fan_in|fan_out]`
    case he(distribution: Distribution?, mode: FanModeWord?)
    /// `lecun` — LeCun normal (std = 1/sqrt(fan_in)).
    case lecun
    case orthogonal
    /// `normal [MEAN] STD`
    case normal(mean: Expr?, std: Expr)
    /// `uniform A B`
    case uniform(low: Expr, high: Expr)
    case zeros
    /// `constant V`
    case constant(value: Expr)
    /// `default` — PyTorch's own `nn.Linear` initialisation.
    case pytorchDefault
}

/// `optim NAME [betas B1 B2] [eps E] … [lr X] [decay X]`
public struct OptimizerSpec: Hashable, Sendable {
    public var name: Interpolable<OptimizerName>
    public var learningRate: Expr?
    /// Weight decay (decoupled for `adamw`, added to the gradient otherwise, as in torch.optim).
    public var decay: Expr?
    /// Adam/AdamW β₁ and β₂, written `betas B1 B2` (only with those optimisers).
    public var beta1: Expr?
    public var beta2: Expr?
    /// ε of Adam, AdamW and RMSprop.
    public var epsilon: Expr?
    /// RMSprop's α (smoothing of the squared gradients) and momentum.
    public var alpha: Expr?
    public var momentum: Expr?
    /// SGD momentum's dampening.
    public var dampening: Expr?
    /// The switches written (`amsgrad`, `centered`).
    public var switches: Set<OptimizerSwitch> = []
    public var range: SourceRange

    /// Creates a spec with only the optimiser's name.
    public init(name: Interpolable<OptimizerName>, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// An optimiser; momentum coefficients nil mean 0.9.
public enum OptimizerName: Hashable, Sendable {
    case sgd
    case momentum(Expr?)
    case nesterov(Expr?)
    case adam, adamw, rmsprop
}

/// `schedule ...`: a base schedule with an optional linear warmup in front.
public struct ScheduleSpec: Hashable, Sendable {
    /// nil when only `warmup` was given (constant after the warmup).
    public var kind: ScheduleKind?
    /// Warmup length in steps.
    public var warmup: Expr?
    /// The unit of `step EVERY`, `exp` and the cosine `length` (nil: epochs, as torch's schedulers are
    /// usually stepped per epoch).
    public var unit: TrainUnit?
    public var range: SourceRange

    /// Creates a spec.
    public init(kind: ScheduleKind?, warmup: Expr?, unit: TrainUnit?, range: SourceRange) {
        self.kind = kind
        self.warmup = warmup
        self.unit = unit
        self.range = range
    }
}

/// The base learning-rate schedule, as in `torch.optim.lr_scheduler`.
public enum ScheduleKind: Hashable, Sendable {
    /// `none`: constant rate.
    case constant
    /// `step EVERY [GAMMA]` — StepLR (gamma default 0.1).
    case step(every: Expr, gamma: Expr?)
    /// `exp GAMMA` — ExponentialLR.
    case exponential(gamma: Expr)
    /// `cosine [min X] [length N]` — CosineAnnealingLR over N epochs or steps (100 epochs when not given).
    case cosine(minimum: Expr?, length: Expr?)
}

/// `clip ...`: which gradient clipping runs before each update.
public enum ClipSpec: Hashable, Sendable {
    case off
    /// Global norm over all parameters (`clip_grad_norm_`, or TensorFlow's `clip_by_global_norm`).
    case norm(max: Expr, style: ClipStyleWord?)
    /// Element-wise clamp (`clip_grad_value_`).
    case value(limit: Expr)
    /// The global-norm rule per layer.
    case layer(max: Expr)
    /// The global-norm rule per parameter tensor (Keras `clipnorm`).
    case tensor(max: Expr)
    /// Rescale up when the total norm falls below `min` (the experimental "too small" rule).
    case minimum(min: Expr)
}
