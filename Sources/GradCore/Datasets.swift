/// Deterministic generators for the toy data sets grad trains on; `DatasetKind` is the uniform entry point.
///
/// Conventions shared by every generator:
/// - All randomness comes from the caller's `SeededGenerator`, so one seed gives the same bits on every run.
/// - Noise samples are drawn even when `noise` is 0, so the generator leaves the stream in the same
///   state whatever the noise level: a noise sweep changes only the noise, not the initialisation
///   or shuffling drawn afterwards from the same generator.
/// - Classification rows come class by class (all of class 0, then class 1, ...), as `torch.cat` does
///   in the PyTorch peer's `spiral`; shuffle with `Dataset.shuffled(using:)` or a shuffling
///   `BatchIterator` when that matters.
public enum Datasets {
    /// Largest row count a generator accepts: a guard against typos like `1e9`, not a real limit.
    public static let maximumCount = 10_000_000

    // Argument checks: each message names the data set and the value it got.
    static func checkCount(_ count: Int, atLeast minimum: Int, for name: String, why: String) throws {
        guard count >= minimum else {
            throw DataError.invalid("\(name) needs a count of at least \(minimum) (\(why)), got \(count)")
        }
        guard count <= maximumCount else {
            throw DataError.invalid("\(name) count \(count) is larger than the limit of \(maximumCount)")
        }
    }

    static func checkClasses(_ classes: Int, for name: String) throws {
        guard classes >= 2 else {
            throw DataError.invalid("\(name) needs at least 2 classes, got \(classes)")
        }
        guard classes <= 1000 else {
            throw DataError.invalid("\(name) supports at most 1000 classes, got \(classes)")
        }
    }

    static func checkNoise(_ noise: Double, for name: String) throws {
        guard noise >= 0 && noise.isFinite else {
            throw DataError.invalid("\(name) noise must be a finite number ≥ 0, got \(noise)")
        }
    }

    // Geometry helpers that reproduce the reference libraries exactly.
    /// `torch.linspace(start, end, steps)` as ATen's CPU kernel computes it: the first half counts up
    /// from `start`, the second half counts down from `end`, so both endpoints are exact.
    static func torchLinspace(_ start: Double, _ end: Double, _ steps: Int) -> [Double] {
        guard steps > 1 else { return steps == 1 ? [start] : [] }
        let step = (end - start) / Double(steps - 1)
        let halfway = steps / 2
        return (0..<steps).map { index in
            index < halfway ? start + step * Double(index) : end - step * Double(steps - index - 1)
        }
    }

    /// `numpy.linspace(start, stop, num, endpoint:)` as sklearn's generators use it: `start + i·step`,
    /// with the last value set to exactly `stop` when the endpoint is included.
    static func numpyLinspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool = true) -> [Double] {
        guard num > 0 else { return [] }
        let divisions = endpoint ? num - 1 : num
        guard divisions > 0 else { return [start] }
        let step = (stop - start) / Double(divisions)
        var values = (0..<num).map { start + step * Double($0) }
        if endpoint { values[num - 1] = stop }
        return values
    }

    /// Rows per class when `count` is shared as evenly as possible, the first `count % classes`
    /// classes taking one extra row (sklearn's `make_blobs` rule).
    static func rowsPerClass(_ count: Int, _ classes: Int) -> [Int] {
        (0..<classes).map { count / classes + ($0 < count % classes ? 1 : 0) }
    }

    /// A 2-feature classification data set from generator output (shapes agree by construction).
    static func planar(_ name: String, classes: Int, features: [Double], labels: [Int]) -> Dataset {
        Dataset(trusted: name, task: .classification(classes: classes), inputCount: 2,
                features: features, targets: labels.map(Double.init), featureNames: ["x1", "x2"],
                classNames: nil)
    }
}
