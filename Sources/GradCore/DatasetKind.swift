/// The built-in data sets by name, so the language can list them, complete them and build any of
/// them through one call with the same three knobs (count, classes, noise).
///
/// Generator-specific knobs (circles' factor, blobs' radius, checker's cells, chain's dimension,
/// depth and gain) take their defaults here; call the `Datasets` functions directly to set them.
public enum DatasetKind: String, CaseIterable, Sendable {
    case spiral, moons, circles, xor, blobs, checker, sine, chain

    /// One line for help listings; it lives here so it cannot drift from the generator.
    public var summary: String {
        switch self {
        case .spiral: return "interleaved spiral arms, one per class (the PyTorch benchmark's data)"
        case .moons: return "two interleaving half circles (sklearn make_moons), 2 classes"
        case .circles: return "a circle inside a circle of twice its radius (sklearn make_circles), 2 classes"
        case .xor: return "points in [-1,1]² labelled by quadrant sign(x)·sign(y), 2 classes"
        case .blobs: return "Gaussian clusters with centres on a circle, one per class"
        case .checker: return "a 4×4 checkerboard on [-1,1]², 2 classes"
        case .sine: return "regression y = sin x + noise, x in [-π, π)"
        case .chain: return "regression on an 8-d input through a 16-step tanh chain (exploding gradients)"
        }
    }

    /// Whether the targets are class indices (true) or real values (false).
    public var isClassification: Bool {
        switch self {
        case .spiral, .moons, .circles, .xor, .blobs, .checker: return true
        case .sine, .chain: return false
        }
    }

    /// Whether the class count can be chosen (only spiral and blobs; the others have a fixed geometry).
    public var acceptsClassCount: Bool { self == .spiral || self == .blobs }

    /// Rows generated when no count is given (spiral uses the benchmark's 1536).
    public var defaultCount: Int { self == .spiral ? 1536 : 1000 }

    /// Classes generated when none is given; nil for regression data sets.
    public var defaultClasses: Int? {
        switch self {
        case .spiral, .blobs: return 3
        case .moons, .circles, .xor, .checker: return 2
        case .sine, .chain: return nil
        }
    }

    /// Noise used when none is given (for blobs it is the cluster standard deviation).
    public var defaultNoise: Double {
        switch self {
        case .spiral: return 0.2
        case .moons, .circles, .sine: return 0.1
        case .xor: return 0.05
        case .blobs: return 0.5
        case .checker, .chain: return 0
        }
    }

    /// Builds this data set; nil arguments take the defaults above. Throws a `DataError` when an
    /// argument is out of range or a class count is given where the geometry fixes it.
    public func generate(
        count: Int? = nil, classes: Int? = nil, noise: Double? = nil, using rng: inout SeededGenerator
    ) throws -> Dataset {
        let count = count ?? defaultCount
        let noise = noise ?? defaultNoise
        if let classes, !acceptsClassCount {
            switch defaultClasses {
            case nil:
                throw DataError.invalid("\(rawValue) is a regression data set; it takes no class count")
            case let fixed? where fixed != classes:
                throw DataError.invalid("\(rawValue) always has \(fixed) classes, got \(classes)",
                                        note: "spiral and blobs take any number of classes")
            default: break
            }
        }
        let classCount = classes ?? defaultClasses ?? 0
        switch self {
        case .spiral: return try Datasets.spiral(count: count, classes: classCount, noise: noise, using: &rng)
        case .moons: return try Datasets.moons(count: count, noise: noise, using: &rng)
        case .circles: return try Datasets.circles(count: count, noise: noise, using: &rng)
        case .xor: return try Datasets.xor(count: count, noise: noise, using: &rng)
        case .blobs: return try Datasets.blobs(count: count, classes: classCount, noise: noise, using: &rng)
        case .checker: return try Datasets.checker(count: count, noise: noise, using: &rng)
        case .sine: return try Datasets.sine(count: count, noise: noise, using: &rng)
        case .chain: return try Datasets.chain(count: count, noise: noise, using: &rng)
        }
    }

    /// The same as `kind.generate(count:classes:noise:using:)`, spelled as a registry call.
    public static func generate(
        _ kind: DatasetKind, count: Int? = nil, classes: Int? = nil, noise: Double? = nil,
        using rng: inout SeededGenerator
    ) throws -> Dataset {
        try kind.generate(count: count, classes: classes, noise: noise, using: &rng)
    }
}
