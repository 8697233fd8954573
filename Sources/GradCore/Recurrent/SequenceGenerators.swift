/// The sequence generators, one function per task family, each following Pascanu's code
/// (pascanur/trainingRNNs: addition.py, multiplication.py, tempOrder.py, tempOrder3bit.py,
/// permutation.py, memorization.py) with grad's generator in place of NumPy's.
///
/// Differences, all forced by fixed-width rows: every sequence has exactly T steps (Pascanu's adding and
/// multiplication draw one length in T…1.1T per batch), and each row draws its own positions, then its
/// values, in time order (NumPy draws them for a whole batch at once).
extension SequenceTask {
    /// `count` sequences of length `length` (T) as a data set; see each task for the layout of a step.
    public func generate(count: Int, length: Int, using rng: inout SeededGenerator) throws -> Dataset {
        guard count >= 1 else { throw DataError.invalid("a sequence data set needs at least one sequence, got \(count)") }
        guard length >= minimumLength && length <= 100_000 else {
            throw DataError.invalid("sequence length must be between \(minimumLength) and 100000, got \(length)")
        }
        var features: [Double] = []
        var targets: [Double] = []
        features.reserveCapacity(count * steps(length: length) * featuresPerStep)
        for _ in 0..<count {
            let (sequence, target) = sequence(length: length, using: &rng)
            features.append(contentsOf: sequence)
            targets.append(contentsOf: target)
        }
        let names = (1...steps(length: length)).flatMap { t in (1...featuresPerStep).map { "t\(t).x\($0)" } }
        return Dataset(
            trusted: name, task: datasetTask(length: length), inputCount: steps(length: length) * featuresPerStep,
            features: features, targets: targets, featureNames: names, classNames: nil, stepClasses: stepClasses)
    }

    /// A short name for listings.
    public var name: String {
        switch self {
        case .adding(let variant): variant == .pascanu ? "adding" : "adding \(variant.rawValue)"
        case .multiplication: "multiplication"
        case .temporalOrder: "temporal order"
        case .temporalOrder3Bit: "temporal order 3-bit"
        case .permutation: "permutation"
        case .memorization: "memorization"
        }
    }

    /// One sequence (flattened, time-major) and its target row.
    func sequence(length: Int, using rng: inout SeededGenerator) -> ([Double], [Double]) {
        switch self {
        case .adding(let variant): markedPair(length: length, variant: variant, using: &rng)
        case .multiplication: markedPair(length: length, variant: nil, using: &rng)
        case .temporalOrder: symbolOrder(length: length, windows: [0.1, 0.5], using: &rng)
        case .temporalOrder3Bit: symbolOrder(length: length, windows: [0.1, 0.3, 0.6], using: &rng)
        case .permutation: firstSymbol(length: length, using: &rng)
        case .memorization: memorization(length: length, using: &rng)
        }
    }

    /// Adding and multiplication. Step t is (marker, value): the marker is 1 at p₀ ∈ [0, ⌊0.1T⌋) and at
    /// p₁ ∈ [⌊0.1T⌋, ⌊0.1T⌋ + ⌊0.4T⌋), 0 elsewhere; the values are U[0, 1) (Hochreiter's: U[−1, 1)).
    /// `variant` nil is multiplication, x₁·x₂.
    private func markedPair(length: Int, variant: AddingVariant?, using rng: inout SeededGenerator) -> ([Double], [Double]) {
        let tenth = Int(Double(length) * 0.1)
        let p0 = rng.nextInt(below: tenth)
        let p1 = rng.nextInt(below: Int(Double(length) * 0.4)) + tenth
        var sequence = [Double](repeating: 0, count: 2 * length)
        for t in 0..<length {
            sequence[2 * t + 1] = variant == .hochreiter ? rng.nextUniform(-1, 1) : rng.nextUniform()
        }
        sequence[2 * p0] = 1
        sequence[2 * p1] = 1
        let x1 = sequence[2 * p0 + 1], x2 = sequence[2 * p1 + 1]
        let target: Double
        switch variant {
        case .pascanu?: target = (x1 + x2) / 2
        case .hochreiter?: target = 0.5 + (x1 + x2) / 4
        case .le?: target = x1 + x2
        case nil: target = x1 * x2
        }
        return (sequence, [target])
    }

    /// Temporal order: symbols one-hot over 6 channels (A, B, c, d, e, f). Place k is drawn in
    /// [⌊wₖT⌋, ⌊wₖT⌋ + ⌊0.1T⌋) and shows A or B (bit vₖ); every other step a distractor c…f. Class Σ vₖ·2ᵏ.
    private func symbolOrder(length: Int, windows: [Double], using rng: inout SeededGenerator) -> ([Double], [Double]) {
        let tenth = Int(Double(length) * 0.1)
        var places: [(position: Int, bit: Int)] = []
        for start in windows {
            let position = rng.nextInt(below: tenth) + Int(Double(length) * start)
            places.append((position, rng.nextInt(below: 2)))
        }
        var symbols = (0..<length).map { _ in rng.nextInt(below: 4) + 2 }
        var label = 0
        for (k, place) in places.enumerated() {
            symbols[place.position] = place.bit
            label += place.bit << k
        }
        return (Self.oneHot(symbols, width: 6), [Double(label)])
    }

    /// Permutation: T symbols one-hot over 100 channels, the first 0 or 1, the rest 2…99; the class is the
    /// first symbol (Pascanu's code draws T + 1 symbols and asks for the last, which it sets to the first).
    private func firstSymbol(length: Int, using rng: inout SeededGenerator) -> ([Double], [Double]) {
        var symbols = (0..<length).map { _ in rng.nextInt(below: 98) + 2 }
        let first = rng.nextInt(below: 2)
        symbols[0] = first
        return (Self.oneHot(symbols, width: 100), [Double(first)])
    }

    /// Noiseless memorization over T + 20 steps of 7 channels: steps 1…10 show one digit each (channels
    /// 0…4), the blank channel 5 is on from step 11, except at step T + 11 where the go channel 6 is on
    /// instead. The target of each step (6 classes one-hot) is blank (class 5), except the last 10 steps,
    /// which are the digits in order.
    private func memorization(length: Int, using rng: inout SeededGenerator) -> ([Double], [Double]) {
        let n = Self.memorizedDigits, width = Self.digitValues + 2, classes = Self.digitValues + 1
        let steps = length + 2 * n
        let digits = (0..<n).map { _ in rng.nextInt(below: Self.digitValues) }
        var sequence = [Double](repeating: 0, count: steps * width)
        var target = [Double](repeating: 0, count: steps * classes)
        for (k, digit) in digits.enumerated() { sequence[k * width + digit] = 1 }
        for t in n..<steps { sequence[t * width + width - 2] = 1 }
        sequence[(length + n) * width + width - 2] = 0
        sequence[(length + n) * width + width - 1] = 1
        for t in 0..<(steps - n) { target[t * classes + classes - 1] = 1 }
        for (k, digit) in digits.enumerated() { target[(steps - n + k) * classes + digit] = 1 }
        return (sequence, target)
    }

    static func oneHot(_ symbols: [Int], width: Int) -> [Double] {
        var values = [Double](repeating: 0, count: symbols.count * width)
        for (t, symbol) in symbols.enumerated() { values[t * width + symbol] = 1 }
        return values
    }
}
