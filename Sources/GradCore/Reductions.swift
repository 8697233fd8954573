/// Sum, sum of squares and largest magnitude of a buffer in one pass.
///
/// Statistics run on every recorded step over every gradient and activation, so this is written to
/// vectorize: eight independent SIMD lanes for Float (a scalar loop's single accumulator would serialize
/// on the add latency). Partial sums are widened to Double before they are combined.
public struct BufferSummary: Sendable, Equatable {
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double
    public var maxMagnitude: Double

    public static let empty = BufferSummary(count: 0, sum: 0, sumOfSquares: 0, maxMagnitude: 0)

    public var norm: Double { sumOfSquares.squareRoot() }
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
    /// Population standard deviation.
    public var std: Double {
        guard count > 0 else { return 0 }
        let m = mean
        return max(sumOfSquares / Double(count) - m * m, 0).squareRoot()
    }
    /// False when any value was NaN or ±∞ (they propagate into the sums).
    public var isFinite: Bool { sum.isFinite && sumOfSquares.isFinite && maxMagnitude.isFinite }

    /// Summarizes `count` values starting at `pointer`.
    public static func of<S: TrainingScalar>(_ pointer: UnsafePointer<S>, count: Int) -> BufferSummary {
        if S.self == Float.self {
            var lanes = SummaryLanes()
            pointer.withMemoryRebound(to: Float.self, capacity: count) { walkFloats($0, count: count, into: &lanes) }
            return lanes.summary(count: count)
        }
        var sum = 0.0, squares = 0.0, largest = 0.0
        for i in 0..<count {
            let value = Double(pointer[i])
            sum += value
            squares += value * value
            // `!(a <= b)` rather than `a > b` so a NaN is kept rather than skipped.
            if !(abs(value) <= largest) { largest = abs(value) }
        }
        return BufferSummary(count: count, sum: sum, sumOfSquares: squares, maxMagnitude: largest)
    }

    /// Σx and Σx² alone (`maxMagnitude` is 0), bit for bit the sums that `of` computes for the same values:
    /// a mean and a standard deviation need no largest magnitude, and skipping it halves the work.
    public static func moments<S: TrainingScalar>(_ pointer: UnsafePointer<S>, count: Int) -> BufferSummary {
        if S.self == Float.self {
            var lanes = MomentLanes()
            pointer.withMemoryRebound(to: Float.self, capacity: count) { walkFloats($0, count: count, into: &lanes) }
            return lanes.summary(count: count)
        }
        var summary = of(pointer, count: count)
        summary.maxMagnitude = 0
        return summary
    }

    /// Σx² alone, bit for bit the `sumOfSquares` that `of` computes for the same values (the same lanes,
    /// pairs and flushes): gradient clipping measures with it, and a step that records statistics hands the
    /// clipper the summaries' squares instead, so recording cannot change how training clips.
    public static func sumOfSquares<S: TrainingScalar>(_ pointer: UnsafePointer<S>, count: Int) -> Double {
        if S.self == Float.self {
            var lanes = SquareLanes()
            pointer.withMemoryRebound(to: Float.self, capacity: count) { walkFloats($0, count: count, into: &lanes) }
            return lanes.total
        }
        var squares = 0.0
        for i in 0..<count {
            let value = Double(pointer[i])
            squares += value * value
        }
        return squares
    }

    /// Feeds `count` Floats to `lanes`: vectors in pairs (two independent accumulator sets, so consecutive
    /// adds do not wait on each other's latency), a flush into Double every 512 vectors so long buffers keep
    /// ~7 digits, and the last few values one by one.
    @inline(__always)
    private static func walkFloats<Lanes: FloatLanes>(_ pointer: UnsafePointer<Float>, count: Int, into lanes: inout Lanes) {
        let vectorCount = count / 8
        let raw = UnsafeRawPointer(pointer)
        var v = 0
        while v < vectorCount {
            let end = min(v + 512, vectorCount)
            while v + 1 < end {
                lanes.add(
                    raw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self),
                    raw.loadUnaligned(fromByteOffset: v * 32 + 32, as: SIMD8<Float>.self))
                v += 2
            }
            if v < end {
                lanes.add(raw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self))
                v += 1
            }
            lanes.flush()
        }
        for i in (vectorCount * 8)..<count { lanes.add(scalar: Double(pointer[i])) }
    }
}

/// Accumulators that `BufferSummary.walkFloats` feeds.
private protocol FloatLanes {
    /// Two consecutive vectors, into the even and the odd accumulator set.
    mutating func add(_ x: SIMD8<Float>, _ y: SIMD8<Float>)
    /// A last vector without a partner, into the even set.
    mutating func add(_ x: SIMD8<Float>)
    /// Moves the Float partial sums into the Double totals and zeroes them.
    mutating func flush()
    /// One of the values after the last whole vector.
    mutating func add(scalar: Double)
}

/// Σx² only (`BufferSummary.sumOfSquares`); its steps are `SummaryLanes`' squares steps, in the same order.
private struct SquareLanes: FloatLanes {
    var squares = (SIMD8<Float>.zero, SIMD8<Float>.zero)
    var total = 0.0

    @inline(__always) mutating func add(_ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        squares.0 += x * x
        squares.1 += y * y
    }

    @inline(__always) mutating func add(_ x: SIMD8<Float>) { squares.0 += x * x }

    @inline(__always) mutating func flush() {
        for lane in 0..<8 { total += Double(squares.0[lane]) + Double(squares.1[lane]) }
        squares = (.zero, .zero)
    }

    @inline(__always) mutating func add(scalar value: Double) { total += value * value }
}

/// Σx and Σx² (`BufferSummary.moments`, and the sums of `BufferSummary.of`).
private struct MomentLanes: FloatLanes {
    var squares = SquareLanes()
    var sum = (SIMD8<Float>.zero, SIMD8<Float>.zero)
    var totalSum = 0.0

    @inline(__always) mutating func add(_ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        squares.add(x, y)
        sum.0 += x
        sum.1 += y
    }

    @inline(__always) mutating func add(_ x: SIMD8<Float>) {
        squares.add(x)
        sum.0 += x
    }

    @inline(__always) mutating func flush() {
        squares.flush()
        for lane in 0..<8 { totalSum += Double(sum.0[lane]) + Double(sum.1[lane]) }
        sum = (.zero, .zero)
    }

    @inline(__always) mutating func add(scalar value: Double) {
        squares.add(scalar: value)
        totalSum += value
    }

    func summary(count: Int) -> BufferSummary {
        BufferSummary(count: count, sum: totalSum, sumOfSquares: squares.total, maxMagnitude: 0)
    }
}

/// Σx, Σx² and max |x| (`BufferSummary.of`).
private struct SummaryLanes: FloatLanes {
    var moments = MomentLanes()
    var largest = (SIMD8<Float>.zero, SIMD8<Float>.zero)
    var tailLargest = 0.0

    /// |x| by clearing the sign bit: one instruction where a compare-and-negate took three. It differs from
    /// the negation only for −0 and NaN, which never become the largest (`largest` starts at +0 and takes
    /// only strictly greater values), so the result is the same bits.
    @inline(__always) private static func magnitude(_ x: SIMD8<Float>) -> SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7fff_ffff, to: SIMD8<Float>.self)
    }

    @inline(__always) mutating func add(_ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        moments.add(x, y)
        let mx = Self.magnitude(x), my = Self.magnitude(y)
        largest.0.replace(with: mx, where: mx .> largest.0)
        largest.1.replace(with: my, where: my .> largest.1)
    }

    @inline(__always) mutating func add(_ x: SIMD8<Float>) {
        moments.add(x)
        let mx = Self.magnitude(x)
        largest.0.replace(with: mx, where: mx .> largest.0)
    }

    @inline(__always) mutating func flush() { moments.flush() }

    @inline(__always) mutating func add(scalar value: Double) {
        moments.add(scalar: value)
        tailLargest = max(tailLargest, abs(value))
    }

    func summary(count: Int) -> BufferSummary {
        var lanes = largest.0
        lanes.replace(with: largest.1, where: largest.1 .> lanes)
        var maximum = tailLargest
        for lane in 0..<8 { maximum = max(maximum, Double(lanes[lane])) }  // lanes never hold NaN: see below
        // The comparisons skip NaN, so let the sums (where NaN and ∞ propagate) speak for finiteness.
        let sums = moments.summary(count: count)
        let finite = sums.sum.isFinite && sums.sumOfSquares.isFinite
        return BufferSummary(
            count: count, sum: sums.sum, sumOfSquares: sums.sumOfSquares, maxMagnitude: finite ? maximum : .nan)
    }
}
