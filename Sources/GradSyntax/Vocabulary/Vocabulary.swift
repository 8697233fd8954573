
/// A closed set of words the language accepts in some position.
///
/// The parser recognises words only through these enums, and completion and did-you-mean list
/// `allCases` — so what the parser accepts, what Tab offers and what a typo is compared against are one
/// table and cannot drift. `allCases` order is the order completions are offered in.
public protocol VocabularyWord: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// Extra spellings accepted for a word (`kaiming` for `he`); not offered by completion.
    static var aliases: [String: Self] { get }
}

extension VocabularyWord {
    /// No aliases by default.
    public static var aliases: [String: Self] { [:] }

    /// The word for `text`, by its own spelling or an alias.
    public static func lookup(_ text: String) -> Self? { Self(rawValue: text) ?? aliases[text] }

    /// Every spelling offered by completion, in order.
    public static var words: [String] { allCases.map(\.rawValue) }
}

/// The first word of a command statement.
public enum CommandWord: String, VocabularyWord {
    case seed, data, split, standardize, features
    case net, layer, act, `init`, bptt
    case loss, optim, lr, schedule, clip, batch, record
    case train, backward, step, reset, eval
    case show, gradcheck, save, load, export, run
    case history
    case help, explain
    case diagnose, plot, compare, sweep, report
}

/// The first word of a scripting statement.
public enum StatementKeyword: String, VocabularyWord {
    case `let`, `for`, `if`, def, `return`, include, print, assert, expect, leaderboard
}

/// Who sees a test's result, in Gradescope's four words (`expect … points 2 hidden`). Only `visible`
/// tests are public: students see their results when they check their work; the others count towards
/// the score but students see only how many there are and the points they carry.
public enum TestVisibility: String, VocabularyWord, Codable {
    case visible, hidden
    case afterDueDate = "after_due_date"
    case afterPublished = "after_published"

    /// True for the tests students see (and run locally).
    public var isPublic: Bool { self == .visible }
}

/// How a leaderboard column ranks its values (`leaderboard "accuracy" test_acc desc`).
public enum LeaderboardOrder: String, VocabularyWord, Codable {
    /// Higher is better (accuracy): Gradescope's default.
    case desc
    /// Lower is better (loss, time).
    case asc
}

/// Words that cannot name a variable, parameter or function.
public enum ReservedWords {
    /// Keywords that are not statement starters.
    public static let operators: Set<String> = ["in", "else", "true", "false", "and", "or", "not", "all"]

    /// Why `name` cannot be bound, or nil when it can.
    public static func reason(for name: String) -> String? {
        if StatementKeyword.lookup(name) != nil || operators.contains(name) { return "'\(name)' is a keyword" }
        if SessionValue.lookup(name) != nil { return "'\(name)' is a built-in session value" }
        if BuiltinFunction.lookup(name) != nil { return "'\(name)' is a built-in function" }
        return nil
    }
}

/// `net`/`layer`/`act` activation words; parameters are parsed after the word.
public enum ActivationWord: String, VocabularyWord {
    case sigmoid, tanh, relu, leaky, elu, gelu, softsign, linear
    /// Other spellings users type.
    public static let aliases: [String: ActivationWord] = ["leaky_relu": .leaky, "identity": .linear]
}

/// `init` scheme words; parameters are parsed after the word.
public enum InitWord: String, VocabularyWord {
    case xavier, he, kaiming, lecun, orthogonal, normal, uniform, zeros, constant, `default`
    /// Other spellings users type.
    public static let aliases: [String: InitWord] = ["glorot": .xavier]
}

/// Distribution of an `xavier` or `he` initialiser.
public enum Distribution: String, VocabularyWord {
    case uniform, normal
}

/// Which fan `he` scales by (`torch.nn.init.kaiming_*` `mode`).
public enum FanModeWord: String, VocabularyWord {
    case fanIn = "fan_in", fanOut = "fan_out"
}

/// GELU's exact form or its tanh approximation (`nn.GELU(approximate=...)`).
public enum GELUFormWord: String, VocabularyWord {
    case erf, tanh
}

/// What `net` builds: dense layers, or a recurrent stack (`torch.nn.RNN`, `LSTM`, `GRU`) with a linear head.
public enum NetKind: String, VocabularyWord {
    case dense, rnn, lstm, gru
}

/// Schemes for a recurrent net's W_hh (`net rnn … init SCHEME`): PyTorch's default, orthogonal, the
/// identity (IRNN), normal STD, and Pascanu et al. 2013's three (`sigmoid`, `basic` tanh, `smart` tanh).
public enum RecurrentInitWord: String, VocabularyWord {
    case `default`, orthogonal, identity, normal, sigmoid, basic, smart
}

/// Options only a recurrent `net` takes.
public enum RecurrentOption: String, VocabularyWord {
    /// `input SCHEME`: the input weights' scheme (xavier, he, …).
    case input
    /// `radius R`: rescale each W_hh block to spectral radius R.
    case radius
    /// LSTM's forget-gate bias of 1.
    case forgetbias
    /// The head reads every step's state, not only the last.
    case every
    /// `bptt N`: truncated back-propagation through time.
    case bptt
    /// `steps T`: the time steps a row is split into (sequence data sets give it).
    case steps
}

/// Options of a hidden-layer description (`net`, `layer`).
public enum LayerOption: String, VocabularyWord {
    case `init`, gain, batchnorm, residual, bias
}

/// `on` / `off` after an option such as `bias`.
public enum Toggle: String, VocabularyWord {
    case on, off
}

/// The data sets `data` can make or load.
public enum DataSetName: String, VocabularyWord {
    case spiral, moons, circles, xor, blobs, checker, sine, chain
    /// The long-term-dependency sequence tasks (Pascanu et al. 2013), one row per sequence.
    case adding, multiplication, temporal, temporal3, permutation, memorization
    case csv

    /// The sequence tasks, which take `length T` and feed a recurrent network.
    public static let sequences: [DataSetName] = [.adding, .multiplication, .temporal, .temporal3, .permutation, .memorization]
}

/// Which of the literature's three adding problems `data adding` makes.
public enum AddingVariantWord: String, VocabularyWord {
    case pascanu, hochreiter, le
}

/// Options of `data`.
public enum DataOption: String, VocabularyWord {
    case classes, noise, factor, cells, features, target, task, length
}

/// Whether a numeric CSV target is read as class labels or as values.
public enum TaskKind: String, VocabularyWord {
    case classification, regression
}

/// Loss functions.
public enum LossName: String, VocabularyWord {
    /// Cross-entropy over softmax (`nn.CrossEntropyLoss`).
    case xent
    /// Mean squared error (`nn.MSELoss`).
    case mse
    /// Binary cross-entropy on a sigmoid output (`nn.BCEWithLogitsLoss`).
    case bce
    /// Other spellings users type.
    public static let aliases: [String: LossName] = ["crossentropy": .xent, "ce": .xent]
}

/// Optimiser words; `momentum`/`nesterov` take an optional coefficient.
public enum OptimizerWord: String, VocabularyWord {
    case sgd, momentum, nesterov, adam, adamw, rmsprop
}

/// Options of `optim`.
public enum OptimizerOption: String, VocabularyWord {
    case lr, decay, betas, eps
    /// RMSprop's smoothing constant α and momentum (after `rmsprop`, `momentum` is this option).
    case alpha, momentum
    /// SGD momentum's dampening.
    case dampening
}

/// The on/off switches of torch.optim written as bare words: Adam's and AdamW's `amsgrad`, RMSprop's
/// `centered`.
public enum OptimizerSwitch: String, VocabularyWord {
    case amsgrad, centered
}

/// Base schedules of `schedule`.
public enum ScheduleWord: String, VocabularyWord {
    case none, step, exp, cosine
}

/// Options of `schedule`.
public enum ScheduleOption: String, VocabularyWord {
    case warmup, min, length
}

/// Whether an amount counts epochs or optimiser steps.
public enum TrainUnit: String, VocabularyWord {
    case epochs, steps
    /// Other spellings users type.
    public static let aliases: [String: TrainUnit] = ["epoch": .epochs, "step": .steps]
}

/// Clip modes of `clip`.
public enum ClipModeWord: String, VocabularyWord {
    case norm, value, layer, tensor, min, off
}

/// Options of `clip`.
public enum ClipOption: String, VocabularyWord {
    case style
}

/// Global-norm clipping as PyTorch (`max/(total+1e-6)`, only when below 1) or TensorFlow
/// (`max/max(total, max)`) computes the coefficient.
public enum ClipStyleWord: String, VocabularyWord {
    case torch, tf
}

/// What `show` prints.
public enum ShowTarget: String, VocabularyWord {
    case net, grads, acts, weights, stats, clip, settings, data, history, runs, features, time
}

/// What `plot` draws.
public enum PlotTarget: String, VocabularyWord {
    case loss, acc, gradnorm, grads, acts, boundary, time
    /// Other spellings users type.
    public static let aliases: [String: PlotTarget] = ["accuracy": .acc, "activations": .acts]
}

/// The input features `features` chooses for 2-D data, written without spaces; the training core's
/// `InputFeature` has the same spellings.
public enum FeatureWord: String, VocabularyWord {
    case x, y
    case xSquared = "x^2", ySquared = "y^2", xTimesY = "x*y"
    case sinX = "sin(x)", sinY = "sin(y)"
    /// Other spellings users type: Python's power operator and the product the other way round.
    public static let aliases: [String: FeatureWord] = ["x**2": .xSquared, "y**2": .ySquared, "y*x": .xTimesY]
}

/// What a `sweep` varies; each takes a list of values.
public enum SweepDimension: String, VocabularyWord {
    case act, `init`, depth, width, lr
}

/// What `export` writes.
public enum ExportTarget: String, VocabularyWord {
    case history, grads, tensorboard, data
}

/// Concepts `explain` covers.
public enum ExplainTopic: String, VocabularyWord {
    case vanishing, exploding, clipping, `init`, batchnorm, relu, rnn, bptt
}

/// Values read from the training session by a bare name.
public enum SessionValue: String, VocabularyWord {
    case loss, acc, testLoss = "test_loss", testAcc = "test_acc", epoch, steps, gradratio, clipped, nan, args
    /// ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of the first recurrent layer, and the fraction of fresh sequences wrong.
    case timeratio, wrongRate = "wrong_rate"
    /// Layers with weights (hidden layers and the output layer): what `grad(i)` and friends index.
    case layers
}

/// Built-in functions, called as `name(args)`.
public enum BuiltinFunction: String, VocabularyWord {
    /// `grad(i)`: layer i's weight-gradient norm, negative i from the end.
    case grad
    case log10, log, exp, sqrt, abs, min, max, len, round
    /// Conversions: `num("3")` is 3, `int(3.7)` is 3, `str(x)` is x as text with every digit.
    case num, int, str
    /// Per-layer statistics of the last step (see `Builtins+Layers.swift`).
    case actstd, gradstd, bgrad, update

    /// How many arguments the function takes.
    public var arity: ClosedRange<Int> {
        switch self {
        case .grad, .log10, .log, .exp, .sqrt, .abs, .len, .actstd, .gradstd, .bgrad, .update, .num, .int, .str: 1...1
        // `min(list)` or `min(a, b, ...)`
        case .min, .max: 1...Int.max
        // `round(x)` or `round(x, digits)`
        case .round: 1...2
        }
    }
}

/// A subject of `help`: a command or a scripting statement.
public enum HelpTopic: Hashable, Sendable {
    case command(CommandWord)
    case statement(StatementKeyword)
    case function(BuiltinFunction)

    /// Every topic, commands first, then statements and built-in functions, in table order.
    public static var all: [HelpTopic] {
        CommandWord.allCases.map(HelpTopic.command) + StatementKeyword.allCases.map(HelpTopic.statement)
            + BuiltinFunction.allCases.map(HelpTopic.function)
    }

    /// The topic named `word`.
    public static func lookup(_ word: String) -> HelpTopic? {
        if let command = CommandWord.lookup(word) { return .command(command) }
        if let keyword = StatementKeyword.lookup(word) { return .statement(keyword) }
        return BuiltinFunction.lookup(word).map(HelpTopic.function)
    }

    /// The topic's word.
    public var word: String {
        switch self {
        case .command(let command): command.rawValue
        case .statement(let keyword): keyword.rawValue
        case .function(let function): function.rawValue
        }
    }
}
