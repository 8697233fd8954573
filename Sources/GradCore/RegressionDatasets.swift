/// The regression generators: sine (one input, one output) and chain (a deep composed map).
extension Datasets {
    /// y = sin x + noise·N(0,1) with x uniform in [-π, π); one feature, one output.
    ///
    /// Each row draws its x, then its noise sample.
    public static func sine(count: Int = 1000, noise: Double = 0.1, using rng: inout SeededGenerator) throws -> Dataset {
        try checkCount(count, atLeast: 1, for: "sine", why: "at least one row")
        try checkNoise(noise, for: "sine")
        var features: [Double] = []
        var targets: [Double] = []
        features.reserveCapacity(count)
        targets.reserveCapacity(count)
        for _ in 0..<count {
            let x = rng.nextUniform(-.pi, .pi)
            features.append(x)
            targets.append(GradMath.sin(x) + noise * rng.nextNormal())
        }
        return Dataset(trusted: "sine", task: .regression(outputs: 1), inputCount: 1, features: features,
                       targets: targets, featureNames: ["x"], classNames: nil)
    }

    /// A deep-chain regression for exploding-gradient experiments: the target is one map composed
    /// `depth` times, i.e. a `depth`-step tanh recurrent network run on a constant input.
    ///
    /// With x ~ N(0, I_d) (d = `dimension`) and one fixed random map drawn first from `rng`
    /// (W, U with entries N(0, 1/d), readout v with entries N(0, 1/d)):
    ///
    ///     h₀ = 0,   h_{k+1} = tanh(gain · W·h_k + U·x)   for k = 0..<depth,   y = v·h_depth
    ///
    /// then y is shifted and scaled to mean 0, standard deviation 1 over the generated rows (so the
    /// targets are of moderate scale whatever the seed), and finally noise·N(0,1) is added.
    /// dy/dx is a product of `depth` Jacobians gain·diag(1 − h²)·W: with gain > 1 the chain sits on the
    /// expanding side (Pascanu et al., 2013, "On the difficulty of training recurrent neural
    /// networks"), and re-injecting x at every step keeps y a function of x instead of letting the
    /// state forget its input. A network trained to fit it gets the same long product in its own
    /// backward pass; gain 1.5 is sensitive but still smooth enough to learn.
    public static func chain(
        count: Int = 1000, noise: Double = 0, dimension: Int = 8, depth: Int = 16, gain: Double = 1.5,
        using rng: inout SeededGenerator
    ) throws -> Dataset {
        try checkCount(count, atLeast: 1, for: "chain", why: "at least one row")
        try checkNoise(noise, for: "chain")
        guard dimension >= 1 && dimension <= 1024 else {
            throw DataError.invalid("chain dimension must be between 1 and 1024, got \(dimension)")
        }
        guard depth >= 1 && depth <= 10_000 else {
            throw DataError.invalid("chain depth must be between 1 and 10000, got \(depth)")
        }
        guard gain > 0 && gain.isFinite else {
            throw DataError.invalid("chain gain must be a finite number > 0, got \(gain)")
        }
        let d = dimension
        let scale = 1 / Double(d).squareRoot()
        let w = (0..<d * d).map { _ in scale * rng.nextNormal() }
        let u = (0..<d * d).map { _ in scale * rng.nextNormal() }
        let v = (0..<d).map { _ in scale * rng.nextNormal() }

        var features = [Double](repeating: 0, count: count * d)
        for index in features.indices { features[index] = rng.nextNormal() }

        var targets = [Double](repeating: 0, count: count)
        var state = [Double](repeating: 0, count: d)
        var drive = [Double](repeating: 0, count: d)
        var next = [Double](repeating: 0, count: d)
        for row in 0..<count {
            for i in 0..<d {
                drive[i] = (0..<d).reduce(0) { $0 + u[i * d + $1] * features[row * d + $1] }
                state[i] = 0
            }
            for _ in 0..<depth {
                for i in 0..<d {
                    var sum = drive[i]
                    for j in 0..<d { sum += gain * w[i * d + j] * state[j] }
                    next[i] = GradMath.tanh(sum)
                }
                swap(&state, &next)
            }
            targets[row] = (0..<d).reduce(0) { $0 + v[$1] * state[$1] }
        }

        // Standardize the clean targets; a single row (or a constant map) keeps std 1.
        let mean = targets.reduce(0, +) / Double(count)
        let variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
        let std = variance > 0 ? variance.squareRoot() : 1
        for row in 0..<count { targets[row] = (targets[row] - mean) / std + noise * rng.nextNormal() }

        return Dataset(trusted: "chain", task: .regression(outputs: 1), inputCount: d, features: features,
                       targets: targets, featureNames: (1...d).map { "x\($0)" }, classNames: nil)
    }
}
