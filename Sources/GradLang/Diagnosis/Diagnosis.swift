import GradCore
import GradSyntax

/// One thing `diagnose` found: what it is, the numbers from this run that show it, and the fixes as
/// commands a user can paste.
public struct Finding: Equatable, Sendable {
    /// The known problems, and "nothing wrong".
    public enum Kind: String, Sendable, CaseIterable {
        case vanishing = "vanishing gradients"
        case exploding = "exploding gradients"
        case deadUnits = "dead ReLU units"
        case saturation = "saturated units"
        case initMismatch = "init/activation mismatch"
        case healthy = "looks healthy"
    }

    public var kind: Kind
    /// A one-line headline, e.g. "He init on sigmoid layers".
    public var title: String
    /// Numbers from this run, one sentence each.
    public var evidence: [String]
    /// Fixes, each a line of commands that can be pasted as it is.
    public var fixes: [String]

    /// Creates a finding.
    public init(_ kind: Kind, _ title: String, evidence: [String], fixes: [String] = []) {
        self.kind = kind
        self.title = title
        self.evidence = evidence
        self.fixes = fixes
    }
}

/// What `diagnose` looks at, gathered from the session so the analysis itself is a pure function.
public struct DiagnosisInput: Sendable {
    /// The architecture, including each layer's activation and init.
    public var spec: NetworkSpec
    /// The `net` line that rebuilds the same network (nil when the layers differ from each other).
    public var netLine: String?
    public var settings: TrainingSettings
    /// Steps taken so far.
    public var steps: Int
    /// Median per-layer statistics over the last `DiagnosisThresholds.window` recorded steps, or the
    /// latest `backward`; nil when no gradient has been computed yet.
    public var layers: [LayerStatistics]?
    /// Total gradient norm (before clipping) and loss of every recorded step, in order.
    public var gradientNorms: [Double]
    public var losses: [Double]
    /// The step number of each recorded row (for "spike at step N").
    public var recordedSteps: [Int]
    /// How the latest `train` ended.
    public var stop: TrainingStop?
    /// The recurrent front's numbers, for a recurrent network.
    public var time: TimeEvidence?

    /// Creates an input.
    public init(spec: NetworkSpec, netLine: String?, settings: TrainingSettings, steps: Int,
                layers: [LayerStatistics]?, gradientNorms: [Double], losses: [Double], recordedSteps: [Int],
                stop: TrainingStop?, time: TimeEvidence? = nil) {
        self.spec = spec
        self.netLine = netLine
        self.settings = settings
        self.steps = steps
        self.layers = layers
        self.gradientNorms = gradientNorms
        self.losses = losses
        self.recordedSteps = recordedSteps
        self.stop = stop
        self.time = time
    }
}

/// The analysis behind `diagnose`: numbers in, findings out. Rendering is `DiagnosisRenderer`'s job.
public enum Diagnosis {
    /// Every finding for `input`, most serious first; a single `.healthy` finding when nothing is wrong.
    public static func findings(for input: DiagnosisInput) -> [Finding] {
        var found: [Finding] = []
        found += exploding(input)
        found += vanishing(input)
        found += throughTime(input)
        found += deadUnits(input)
        found += initChecks(input)
        if found.isEmpty { found.append(healthy(input)) }
        return found
    }

    /// The median of `values` (NaN for none); the window's summary statistic.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// "layers 2–5" / "layer 3" / "layers 1, 4" for a sorted list of layer numbers.
    static func layerList(_ numbers: [Int]) -> String {
        guard let first = numbers.first, let last = numbers.last else { return "no layers" }
        if numbers.count == 1 { return "layer \(first)" }
        if last - first + 1 == numbers.count { return "layers \(first)–\(last)" }
        return "layers " + numbers.map(String.init).joined(separator: ", ")
    }

    /// True for activations whose recommended init is He (slope 1 on the positive side).
    static func isReluFamily(_ activation: Activation) -> Bool {
        switch activation {
        case .relu, .leakyRelu, .elu, .gelu: true
        case .sigmoid, .tanh, .softsign, .linear: false
        }
    }

    /// The init the fixes recommend for an activation, as typed after `init`.
    static func recommendedInit(for activation: Activation) -> String {
        isReluFamily(activation) ? "he" : "xavier"
    }

    /// The learning rate a fix suggests: a tenth of the current one.
    static func smallerRate(_ settings: TrainingSettings) -> String {
        "lr \(Format.number(settings.optimizer.learningRate / 10))"
    }

    /// The `net` line with `extra` appended (`batchnorm`, `residual`), when the network has one.
    static func netFix(_ input: DiagnosisInput, adding extra: String) -> String? {
        guard input.spec.recurrent == nil, let line = input.netLine, !line.contains(extra) else { return nil }
        return "\(line) \(extra)"
    }

    /// When nothing is wrong, the numbers that say so.
    static func healthy(_ input: DiagnosisInput) -> Finding {
        guard let layers = input.layers, let first = layers.first, let last = layers.last else {
            return Finding(.healthy, "looks healthy before training", evidence: [
                "the init suits every layer's activation (\(initSummary(input.spec)))",
                "no gradients yet: 'backward' computes them on one batch, then 'diagnose' checks their flow",
            ])
        }
        var evidence: [String] = []
        if let time = input.time, time.timeRatio > 0 {
            evidence.append("step 1 receives \(Format.scientific(time.timeRatio)) of the gradient reaching step \(time.steps) (vanishing below \(Format.number(DiagnosisThresholds.timeVanishingRatio)))")
        } else if last.weightGradientNorm > 0 {
            evidence.append(
                "layer 1's gradient norm is \(Format.scientific(first.weightGradientNorm / last.weightGradientNorm)) × layer \(last.layer)'s (vanishing below \(Format.number(DiagnosisThresholds.vanishingRatio)), exploding above \(Format.number(DiagnosisThresholds.explodingRatio)))")
        }
        let ratios = layers.map(\.updateRatio).filter { $0 > 0 }
        if let largest = ratios.max() {
            evidence.append("largest update ratio ‖ΔW‖/‖W‖ is \(Format.scientific(largest)) (healthy ≈ 1e-3, alarm above \(Format.number(DiagnosisThresholds.updateRatio)))")
        }
        evidence.append("no saturated or dead layers, and the init suits every activation")
        return Finding(.healthy, "looks healthy", evidence: evidence)
    }

    static func initSummary(_ spec: NetworkSpec) -> String {
        let pairs = Set(spec.hidden.map { "\($0.activation.name) with \($0.initializer.name)" }).sorted()
        return pairs.isEmpty ? "no hidden layers" : pairs.joined(separator: ", ")
    }
}
